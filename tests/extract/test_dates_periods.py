"""Periods up to publication, spans of the year and weekends, in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.extract.dates import find_dates
from timeline.extract.model import Interval, Precision

PUB = Interval(dt.date(2021, 5, 31), dt.date(2021, 5, 31), Precision.DAY)  # a Monday


@pytest.mark.parametrize(
    ("sentence", "language", "covered", "start", "end", "precision", "role"),
    [
        ("Over the past decade, 300,000 people were killed.", "en", "the past decade",
         "2011-05-31", "2021-05-31", "range", "since"),
        ("In the past three years, 500 died.", "en", "the past three years", "2018-05-31", "2021-05-31",
         "range", "since"),
        ("There were 2,200 homicides in the first five months of the year.", "en",
         "the first five months of the year", "2021-01-01", "2021-05-31", "range", "event"),
        ("in the first three months of 2020", "en", "the first three months of 2020", "2020-01-01",
         "2020-03-31", "range", "event"),
        ("En los primeros cinco meses del año hubo 1,200 homicidios.", "es",
         "los primeros cinco meses del año", "2021-01-01", "2021-05-31", "range", "event"),
        ("During the weekend, 30 people were killed.", "en", "the weekend", "2021-05-29", "2021-05-30",
         "week", "event"),
        ("Last weekend, gunmen killed 3.", "en", "Last weekend", "2021-05-29", "2021-05-30", "week", "event"),
        ("El fin de semana pasado fueron asesinadas 30 personas.", "es", "El fin de semana pasado",
         "2021-05-29", "2021-05-30", "week", "event"),
    ],
)
def test_periods(sentence, language, covered, start, end, precision, role) -> None:  # type: ignore[no-untyped-def]
    (m,) = [m for m in find_dates(sentence, 0, len(sentence), published=PUB, language=language)]
    assert sentence[m.start : m.end] == covered
    assert (str(m.interval.start), str(m.interval.end), m.interval.precision.value, m.role) == (
        start, end, precision, role)


def test_weekend_with_a_date_says_the_date() -> None:
    text = "on the weekend of May 22"
    assert [text[m.start : m.end] for m in find_dates(text, 0, len(text), published=PUB)] == ["May 22"]


def test_periods_stay_unresolved_without_publication() -> None:
    text = "During the weekend, in the first five months of the year"
    assert all(not m.interval.resolved for m in find_dates(text, 0, len(text), published=None))

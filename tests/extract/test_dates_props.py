"""Properties of the dates stage on arbitrary text: never crashes, always well-formed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.dates import find_dates
from timeline.extract.model import Interval, Precision

PUBLISHED = st.sampled_from(
    [
        None,
        Interval(dt.date(2021, 5, 31), dt.date(2021, 5, 31), Precision.DAY),
        Interval(dt.date(2021, 5, 1), dt.date(2021, 5, 31), Precision.MONTH),
        Interval(dt.date(2014, 1, 1), dt.date(2014, 12, 31), Precision.YEAR),
    ]
)
# Free text, plus text built from date-ish words so the rules actually fire.
WORDS = st.sampled_from(
    [
        "in",
        "on",
        "May",
        "may",
        "March",
        "22",
        "February",
        "2018",
        "2021",
        "between",
        "and",
        "late",
        "mid-",
        "last",
        "this",
        "year",
        "month",
        "week",
        "ago",
        "two",
        "weeks",
        "since",
        "Thursday",
        "el",
        "de",
        "mayo",
        "hace",
        "años",
        "pasado",
        "martes",
        "1990s",
        "'90s",
        "17/05/2021",
        "2021-05-17",
        "a year which",
        ",",
        "–",
        "then",
        "for",
        "hours",
        "recently",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=25).map(" ".join))


def check(text: str, published: Interval | None, language: str) -> None:
    mentions = find_dates(text, published=published, language=language)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end].strip()
        assert isinstance(m.interval.precision, Precision)
        if m.interval.resolved:
            assert m.interval.start and m.interval.end
            assert m.interval.start <= m.interval.end
        else:
            assert m.interval.precision == Precision.UNKNOWN


@settings(max_examples=200, deadline=None)
@given(TEXT, PUBLISHED, st.sampled_from(["en", "es"]))
def test_any_text_gives_well_formed_mentions(text: str, published: Interval | None, language: str) -> None:
    check(text, published, language)


@settings(max_examples=200, deadline=None)
@given(TEXT, PUBLISHED, st.integers(0, 60), st.integers(0, 60))
def test_windows_stay_inside_their_bounds(text: str, published: Interval | None, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    for m in find_dates(text, start, end, published=published):
        assert start <= m.start < m.end <= end

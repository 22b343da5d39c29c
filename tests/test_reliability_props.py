"""Properties of the date parsers a user or a manifest feeds: any string in, no exception
but ``InputError``, every interval ordered and at a precision that matches its length.

``timeline.dateparse.parse_bound`` reads ``--from``/``--to``; ``parse_published``
reads ``--published`` and manifest dates. The text stages have their own
properties (tests/extract/test_dates_props.py, test_numbers_props.py); the last
test here adds one they lack: a resolved interval's precision matches its length.
"""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dateparse import parse_bound
from timeline.errors import InputError
from timeline.extract.dates import find_dates
from timeline.extract.model import Interval, Precision
from timeline.extract.reader_meta import parse_published

DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
# Near-misses of the accepted forms, as well as free text.
PARTIAL = st.builds(
    lambda y, m, d, sep, pad: sep.join(
        [f"{y:04d}" if pad else str(y)] + ([f"{m:02d}" if pad else str(m)] if m is not None else [])
        + ([f"{d:02d}" if pad else str(d)] if d is not None and m is not None else [])
    ),
    st.integers(0, 10_000), st.none() | st.integers(0, 13), st.none() | st.integers(0, 32),
    st.sampled_from(["-", "/", ".", " ", "--"]), st.booleans(),
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=30), PARTIAL, PARTIAL.map(lambda s: f" {s}\n"))


def well_formed(interval: Interval) -> None:
    assert interval.start is not None and interval.end is not None
    assert interval.start <= interval.end
    if interval.precision == Precision.DAY:
        assert interval.start == interval.end
    elif interval.precision == Precision.MONTH:
        last = calendar.monthrange(interval.start.year, interval.start.month)[1]
        assert (interval.start.day, interval.end) == (1, interval.start.replace(day=last))
    elif interval.precision == Precision.YEAR:
        year = interval.start.year
        assert (interval.start, interval.end) == (dt.date(year, 1, 1), dt.date(year, 12, 31))


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_parse_bound_gives_ordered_bounds_or_one_clear_error(value: str) -> None:
    try:
        first = parse_bound(value, start=True, option="--from")
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"--from {value!r} is not ") and "\n" not in message
        assert "YYYY, YYYY-MM or YYYY-MM-DD" in message
        return
    last = parse_bound(value, start=False, option="--to")
    assert first <= last
    assert (last - first).days in (0, *range(27, 31), 364, 365)  # a day, a month or a year


@settings(max_examples=300, deadline=None)
@given(DATES)
def test_parse_bound_reads_every_real_date_at_each_precision(day: dt.date) -> None:
    iso = day.isoformat()
    assert parse_bound(iso, start=True) == parse_bound(iso, start=False) == day
    month, year = iso[:7], iso[:4]
    assert parse_bound(month, start=True) == day.replace(day=1)
    assert parse_bound(month, start=False) == day.replace(day=calendar.monthrange(day.year, day.month)[1])
    assert (parse_bound(year, start=True), parse_bound(year, start=False)) == (
        dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    )  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_parse_published_gives_a_well_formed_interval_or_one_clear_error(value: str) -> None:
    try:
        interval = parse_published(value)
    except InputError as exc:
        assert str(exc).startswith(f"published date {value!r} is not ") and "\n" not in str(exc)
        return
    assert interval.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR)
    well_formed(interval)


@settings(max_examples=300, deadline=None)
@given(DATES)
def test_parse_published_agrees_with_parse_bound(day: dt.date) -> None:
    for value in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        interval = parse_published(value)
        bounds = (parse_bound(value, start=True), parse_bound(value, start=False))
        assert (interval.start, interval.end) == bounds


WORDS = st.sampled_from([
    "in", "on", "May", "March", "22", "2018", "2021", "between", "and", "late", "mid-", "last", "this",
    "year", "month", "week", "ago", "two", "weeks", "since", "Thursday", "el", "de", "mayo", "hace", "años",
    "pasado", "martes", "1990s", "17/05/2021", "2021-05-17", "principios", "finales", "summer", "verano",
    "9999", "0001",
])  # fmt: skip
PUBLISHED = st.sampled_from([
    None,
    Interval(dt.date(2021, 5, 31), dt.date(2021, 5, 31), Precision.DAY),
    Interval(dt.date(9999, 1, 1), dt.date(9999, 12, 31), Precision.YEAR),  # no year after it
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(WORDS, max_size=20).map(" ".join)), PUBLISHED,
       st.sampled_from(["en", "es"]))  # fmt: skip
def test_text_dates_have_a_precision_that_matches_their_length(
    text: str, published: Interval | None, language: str
) -> None:
    for mention in find_dates(text, published=published, language=language):
        interval = mention.interval
        assert isinstance(interval.precision, Precision)
        if interval.resolved and not interval.approximate:
            well_formed(interval)

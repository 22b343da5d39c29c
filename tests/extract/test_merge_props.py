"""Properties of the merge rule's scoring (``merge.parts``), which a search runs on every
candidate: the parts equal the rule as written with dates (``reference_parts``: loosen an
approximate date by a third of its length, at least two days, on each side; the dates
must overlap; two single days score 1, else the shorter length over the longer), whatever the
dates, places, actors and figures; and no date, however near the calendar's ends, raises.
``Facts`` keeps each date as ordinals (``Facts.span``) so that a search builds no dates.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract import merge
from timeline.extract.merge import Facts
from timeline.extract.model import Interval, Precision

PLACES = {  # a line of places, most specific first
    None: (),
    "mx": ("mx",),
    "mx-jal": ("mx-jal", "mx"),
    "mx-jal-gdl": ("mx-jal-gdl", "mx-jal", "mx"),
    "mx-mic": ("mx-mic", "mx"),
    "mx-mic-uru": ("mx-mic-uru", "mx-mic", "mx"),
}
NEAR = st.dates(min_value=dt.date(2014, 12, 1), max_value=dt.date(2016, 2, 1))  # overlaps are common


@st.composite
def intervals(draw: st.DrawFn, days: st.SearchStrategy[dt.date] = NEAR) -> Interval:
    if draw(st.integers(0, 9)) == 0:
        return Interval(None, None, Precision.UNKNOWN)
    start = draw(days)
    length = draw(st.sampled_from([0, 0, 0, 6, 30, 90, 364, 3000]))
    end = start + dt.timedelta(days=length) if start <= dt.date(9000, 1, 1) else start  # no overflow
    precision = Precision.DAY if start == end else draw(st.sampled_from(list(Precision)[1:7]))
    return Interval(start, end, precision, draw(st.booleans()))


@st.composite
def readings(draw: st.DrawFn, days: st.SearchStrategy[dt.date] = NEAR) -> Facts:
    place = draw(st.sampled_from(list(PLACES)))
    actors = draw(st.frozensets(st.sampled_from(["cjng", "csrl", "army", "police"]), max_size=3))
    kinds = draw(st.frozensets(st.sampled_from(["killed", "injured", "abducted"]), max_size=2))
    return Facts(
        date=draw(intervals(days)),
        place=place,
        place_line=PLACES[place],
        perpetrators=frozenset(a for a in actors if a in ("cjng", "csrl")),
        actors=actors,
        classes=draw(st.frozensets(st.sampled_from(["kill", "attack", "arrest", "protest"]), min_size=1)),
        figures={k: draw(st.integers(1, 4)) for k in sorted(kinds)},
        aggregate=draw(st.none() | st.booleans()),
        words=draw(st.frozensets(st.sampled_from(["gunmen", "bar", "shot", "police", "town"]), max_size=4)),
    )


def _loosened(i: Interval) -> Interval:
    if not i.approximate or i.start is None or i.end is None:
        return i
    margin = dt.timedelta(days=max(2, ((i.end - i.start).days + 1) // 3))
    return Interval(i.start - margin, i.end + margin, i.precision, True)


def reference_parts(a: Facts, b: Facts, same_document: bool) -> merge.Parts | None:
    """The rule as the module's docstring states it, on dates."""
    if a.aggregate is not None and b.aggregate is not None and a.aggregate != b.aggregate:
        return None
    if not (a.families & b.families):
        return None
    if not (a.date.resolved and b.date.resolved):
        if same_document:
            return None
        date = 0.3
    else:
        if not _loosened(a.date).overlaps(_loosened(b.date)):
            return None
        assert a.date.days and b.date.days
        narrow, wide = sorted((a.date.days, b.date.days))
        date = 1.0 if a.date.precision == b.date.precision == Precision.DAY else 0.4 + 0.6 * (narrow / wide)
    if a.place is None or b.place is None:
        place = 0.4
    elif a.place == b.place:
        place = 1.0
    elif a.place in b.place_line or b.place in a.place_line:
        place = 0.7
    else:
        return None
    if a.perpetrators and b.perpetrators and not (a.perpetrators & b.perpetrators):
        return None
    shared = set(a.figures) & set(b.figures)
    conflict = any(a.figures[k] != b.figures[k] for k in shared)
    if conflict and same_document:
        return None
    figures = 0.5 if not shared else (0.2 if conflict else 1.0)

    def jaccard(x: frozenset[str], y: frozenset[str]) -> float:
        return len(x & y) / len(x | y) if x and y else 0.0

    actors = jaccard(a.actors, b.actors) if a.actors and b.actors else 0.3
    return date, place, actors, figures, jaccard(a.words, b.words), round(jaccard(a.classes, b.classes), 3)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[Facts, Facts]:
    """Two readings; often the second's date begins a few days after the first's ends,
    where an approximate date's tolerance decides whether they overlap."""
    a, b = draw(readings()), draw(readings())
    if a.date.start is not None and a.date.end is not None and draw(st.booleans()):
        days = (a.date.end - a.date.start).days + 1
        start = a.date.end + dt.timedelta(days=draw(st.integers(1, days // 3 + 4)))
        end = start + dt.timedelta(days=draw(st.sampled_from([0, 6, 30, 90])))
        date = Interval(start, end, Precision.DAY if start == end else Precision.RANGE, draw(st.booleans()))
        b = Facts(
            date, b.place, b.place_line, b.perpetrators, b.actors, b.classes, b.figures, b.aggregate, b.words
        )
    return a, b


@settings(max_examples=300, deadline=None)
@given(pairs(), st.booleans())
def test_parts_are_the_rule_as_written(pair: tuple[Facts, Facts], same_document: bool) -> None:
    a, b = pair
    assert merge.parts(a, b, same_document=same_document) == reference_parts(a, b, same_document)
    assert merge.parts(b, a, same_document=same_document) == reference_parts(b, a, same_document)


@settings(max_examples=100, deadline=None)
@given(readings(st.dates()), readings(st.dates()))
def test_no_date_raises_even_at_the_calendars_ends(a: Facts, b: Facts) -> None:
    found = merge.parts(a, b, same_document=False)
    if found is not None:
        assert 0.0 <= merge.total(found) <= 1.0

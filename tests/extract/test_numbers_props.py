"""Properties of the number and casualty readers over arbitrary text.

Any string is read without an exception; every reading is ordered
(low <= best <= high, as the database's CHECK constraints demand); every
span lies inside the requested window.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.casualties import find_casualties
from timeline.extract.numbers import NumberReading, find_numbers, fold, parse_number

# Text built from the words the readers care about, so the properties meet real readings.
_VOCAB = [
    "at least",
    "more than",
    "nearly",
    "some",
    "about",
    "over",
    "up to",
    "al menos",
    "más de",
    "casi",
    "unos",
    "cerca de",
    "one",
    "nine",
    "twenty-six",
    "hundred",
    "thousand",
    "million",
    "a dozen",
    "dozens",
    "hundreds",
    "dos",
    "mil",
    "veintiséis",
    "una treintena",
    "decenas",
    "un centenar",
    "1.500",
    "34,000",
    "1,5",
    "7.62",
    "262",
    "12",
    "0",
    "2018",
    "and",
    "y",
    "to",
    "or",
    "between",
    "entre",
    "people",
    "police officers",
    "soldiers",
    "personas",
    "policías",
    "killed",
    "were killed",
    "died",
    "wounded",
    "kidnapped",
    "missing",
    "asesinados",
    "murieron",
    "heridas",
    "desaparecidos",
    "the bodies of",
    "his body",
    "her husband",
    "killing",
    "a total of",
    "including",
    "entre ellos",
    ",",
    ".",
    ":",
    "(",
    ")",
    "no one",
    "will kill",
    "$",
    "pesos",
    "percent",
    "years",
    "the",
    "a",
    "was",
    "fue",
    "asesinado",
    "Cervantes",
    "of",
    "de",
]
_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join),
)
_LANG = st.sampled_from(["en", "es", "fr"])


def _ordered(r: NumberReading) -> bool:
    if r.low is not None and r.high is not None and r.low > r.high:
        return False
    if r.best is not None and r.low is not None and r.low > r.best:
        return False
    return not (r.best is not None and r.high is not None and r.best > r.high)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _LANG)
def test_parse_number_never_fails_and_is_ordered(text: str, language: str) -> None:
    reading = parse_number(text, language)
    assert reading is None or _ordered(reading)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _LANG, st.integers(-5, 250), st.integers(-5, 250))
def test_find_numbers_spans_in_bounds_and_ordered(text: str, language: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    found = find_numbers(text, start, end, language)
    lo, hi = max(0, start), min(end, len(text))
    previous_end = lo
    for s, e, reading in found:
        assert previous_end <= s < e <= hi
        assert reading.qualifier in {"exact", "at_least", "more_than", "about", "at_most"}
        assert _ordered(reading)
        assert any(c.isalnum() for c in text[s:e])
        previous_end = e


@settings(max_examples=300, deadline=None)
@given(_TEXT, _LANG, st.integers(-5, 250), st.integers(-5, 250))
def test_find_casualties_in_bounds_and_consistent(text: str, language: str, a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    found = find_casualties(text, start, end, language=language)
    lo, hi = max(0, start), min(end, len(text))
    for i, m in enumerate(found):
        assert lo <= m.start < m.end <= hi
        assert m.kind in {"killed", "injured", "abducted", "disappeared", "unknown"}
        assert m.victims in {
            "police",
            "military",
            "civilians",
            "armed_group",
            "officials",
            "journalists",
            "unknown",
        }
        assert _ordered(NumberReading(m.best, m.low, m.high, m.qualifier))
        assert m.best is None or m.best > 0
        assert m.part_of is None or (0 <= m.part_of < len(found) and m.part_of != i)
        assert m.part_of is None or found[m.part_of].part_of is None


@given(st.text(max_size=200))
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)

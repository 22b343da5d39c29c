"""Cardinals in English and Spanish: digits, words, collectives, qualifiers, ranges."""

from __future__ import annotations

import pytest

from timeline.extract.numbers import NumberReading, find_numbers, fold, parse_number

R = NumberReading


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nine", R(9, 9, 9, "exact")),
        ("34,000", R(34000, 34000, 34000, "exact")),
        ("1.5 million", R(1_500_000, 1_500_000, 1_500_000, "exact")),
        ("twenty-six", R(26, 26, 26, "exact")),
        ("one hundred and five", R(105, 105, 105, "exact")),
        ("two thousand three hundred", R(2300, 2300, 2300, "exact")),
        ("a hundred", R(100, 100, 100, "exact")),
        ("a dozen", R(12, None, None, "about")),
        ("half a dozen", R(6, None, None, "about")),
        ("two dozen", R(24, None, None, "about")),
        ("dozens", R(None, 24, None, "at_least")),
        ("hundreds", R(None, 200, None, "at_least")),
        ("tens of thousands", R(None, 20000, None, "at_least")),
        ("at least seven", R(7, 7, None, "at_least")),
        ("more than 30", R(30, 30, None, "more_than")),
        ("more than a dozen", R(12, 12, None, "more_than")),
        ("upwards of 35,000", R(35000, 35000, None, "more_than")),
        ("some 75", R(75, None, None, "about")),
        ("about about 262", R(262, None, None, "about")),
        ("nearly 30", R(30, None, 30, "at_most")),
        ("up to 30", R(30, None, 30, "at_most")),
        ("10 to 15", R(None, 10, 15, "about")),
        ("two or three", R(None, 2, 3, "about")),
        ("between 10 and 15", R(None, 10, 15, "about")),
        ("5 million", R(5_000_000, 5_000_000, 5_000_000, "exact")),
    ],
)
def test_parse_number_english(text: str, expected: NumberReading) -> None:
    assert parse_number(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("veintiséis", R(26, 26, 26, "exact")),
        ("dos mil", R(2000, 2000, 2000, "exact")),
        ("mil quinientos", R(1500, 1500, 1500, "exact")),
        ("treinta y cinco", R(35, 35, 35, "exact")),
        ("ciento veinte", R(120, 120, 120, "exact")),
        ("doscientas", R(200, 200, 200, "exact")),
        ("un millón", R(1_000_000, 1_000_000, 1_000_000, "exact")),
        ("dos millones", R(2_000_000, 2_000_000, 2_000_000, "exact")),
        ("1.500", R(1500, 1500, 1500, "exact")),
        ("34,000", R(34000, 34000, 34000, "exact")),
        ("1,5 millones", R(1_500_000, 1_500_000, 1_500_000, "exact")),
        ("casi una treintena", R(30, None, 30, "at_most")),
        ("una treintena", R(30, None, None, "about")),
        ("un centenar", R(100, None, None, "about")),
        ("medio centenar", R(50, None, None, "about")),
        ("decenas", R(None, 20, None, "at_least")),
        ("cientos", R(None, 200, None, "at_least")),
        ("decenas de miles", R(None, 20000, None, "at_least")),
        ("al menos 12", R(12, 12, None, "at_least")),
        ("más de 30", R(30, 30, None, "more_than")),
        ("unos 75", R(75, None, None, "about")),
        ("alrededor de 40", R(40, None, None, "about")),
        ("cerca de 40", R(40, None, None, "about")),
        ("casi 30", R(30, None, 30, "at_most")),
        ("entre 10 y 15", R(None, 10, 15, "about")),
        ("dos o tres", R(None, 2, 3, "about")),
    ],
)
def test_parse_number_spanish(text: str, expected: NumberReading) -> None:
    assert parse_number(text, "es") == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("7.62", "en"),  # a decimal, not a count
        ("20th", "en"),  # an ordinal
        ("AK-47", "en"),  # a model
        ("10:30", "en"),  # a time
        ("once", "en"),  # Spanish "eleven", English adverb
        ("no one", "en"),
        ("some people", "en"),
        ("un", "es"),  # an article, not a figure
        ("casi", "es"),
        ("", "en"),
        ("nine soldiers", "en"),  # more than a number
    ],
)
def test_parse_number_rejects(text: str, language: str) -> None:
    assert parse_number(text, language) is None


def spans(text: str, language: str = "en") -> list[tuple[str, NumberReading]]:
    return [(text[a:b], r) for a, b, r in find_numbers(text, language=language)]


def test_find_numbers_covers_qualifier_and_number() -> None:
    text = "Between 2018 and May 12, a total of 262 police officers, an average of about about 262 each year."
    assert [t for t, _ in spans(text)] == ["2018", "12", "262", "about about 262"]


def test_find_numbers_skips_codes_decimals_times_and_ordinals() -> None:
    text = "A .50-caliber rifle, an AK-47, a 7.62 round at 10:30 on the 20th; then 3 men."
    assert spans(text) == [("3", R(3, 3, 3, "exact"))]


def test_find_numbers_offsets_are_absolute_within_a_span() -> None:
    text = "Intro sentence with 4 words. Then at least nine soldiers died."
    start = text.index("Then")
    found = find_numbers(text, start, len(text))
    assert [(text[a:b], r.best) for a, b, r in found] == [("at least nine", 9)]


def test_find_numbers_spanish_words_not_read_in_english() -> None:
    assert spans("He once saw dos people.", "en") == []
    assert spans("Murieron once personas.", "es") == [("once", R(11, 11, 11, "exact"))]


def test_fold_keeps_offsets() -> None:
    text = "Más de ÁÉÍÓÚ Ñandú’s"
    assert len(fold(text)) == len(text)
    assert fold(text) == "mas de aeiou nandu's"

"""The fast matcher finds exactly what the IGNORECASE patterns find."""

from __future__ import annotations

import re
from pathlib import Path
from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]

import pytest

from timeline.extract.lowercase_match import (
    LowerCaseMatcher,
    alternatives,
    by_first_letter,
    folds_like_ignorecase,
    folds_plainly,
)
from timeline.extract.triggers import _MATCHER

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "corpus"


def test_lower_casing_is_case_insensitive_matching() -> None:
    """Every character the fast path lower-cases folds the way re.IGNORECASE compares it."""
    for cp in range(0x10000):
        ch = chr(cp)
        if not folds_like_ignorecase(ch):
            continue
        low = ch.lower()
        assert len(low) == 1 and low.isalnum() == ch.isalnum() and low.isspace() == ch.isspace(), ch
        assert re.fullmatch(re.escape(ch), low, re.IGNORECASE), ch
        assert ord(low) not in _EXTRA_CASES or low in "is", ch  # ı and ſ are never lowered


def test_alternatives_split_only_at_the_top_level() -> None:
    assert alternatives(r"a(?:b|c)|[|x]d|e\|f|g") == ["a(?:b|c)", "[|x]d", r"e\|f", "g"]
    assert by_first_letter(["ab|ac", "b?x|(?:y)"]) == "a(?:b|c)|b?x|(?:y)"


def _expected(matcher: LowerCaseMatcher, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [
        (name, m.start(), m.end())
        for name, pattern in matcher.ignorecase.items()
        for m in pattern.finditer(text, start, end)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "GUNMEN KILLED two police officers; the IED BLAST wounded three.",
        "Sicarios ASESINARON a dos policías en Culiacán «según testigos».",
        "The ſhooting: gunmen KİLLED a man and kılled another.",  # folds only IGNORECASE makes
        "Ein Μörder? The attack — “killed” — in ΣΑΛΑ.",
        "attackattack attack-attack shootout shoot-outs kidnappings kidnap",
    ],
)
def test_trigger_matches_as_ignorecase(sentence: str) -> None:
    for text, start in (("x" + sentence, 1), (" " + sentence, 1), (sentence, 0), (sentence, 3)):
        assert list(_MATCHER.matches(text, start, len(text))) == _expected(_MATCHER, text, start, len(text))


def test_trigger_matches_as_ignorecase_on_the_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        for variant in (text, text.upper(), text.title()):
            for line in re.finditer(r"[^\n]+", variant):
                expected = _expected(_MATCHER, variant, line.start(), line.end())
                assert list(_MATCHER.matches(variant, line.start(), line.end())) == expected


def test_overlapping_and_repeated_matches() -> None:
    matcher = LowerCaseMatcher({"a": r"ab|abab|b ?a", "b": r"ba(?:b)?|x"})
    for text in ("abab ab babab b a", "AB ba BAB x ab-ab", "ab ab ab"):
        assert list(matcher.matches(text, 0, len(text))) == _expected(matcher, text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Culiacán «según» — “killed”", True),
        ("KİLLED", False),
        ("ſhooting", False),
        ("ΣΑΛΑ", False),
        ("ok", True),
    ],
)
def test_folds_plainly(text: str, plain: bool) -> None:
    assert folds_plainly(text) is plain
    assert folds_plainly(text) is plain  # the memo gives the same answer

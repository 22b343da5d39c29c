"""The casualty trigger pre-check: the stem pattern finds the word starts the stem set names."""

from __future__ import annotations

import re
from pathlib import Path

from timeline.extract.casualties_lexicon import STEM_LENGTH, lexicon, stem_pattern
from timeline.extract.numbers import fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "corpus"
_STEM = re.compile(rf"\b[a-z]{{1,{STEM_LENGTH}}}")


def _expected(stems: frozenset[str], text: str) -> list[int]:
    return [m.start() for m in _STEM.finditer(text) if m.group() in stems]


def test_stem_pattern_finds_the_stems_of_the_seeds() -> None:
    stems = lexicon().stems
    assert stems is not None
    pattern = stem_pattern(stems)
    texts = [fold(p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("killed killer kil k1lled 3killed _killed kill-ed asesinados muertos x")
    for text in texts:
        assert [m.start() for m in pattern.finditer(text)] == _expected(stems, text)


def test_stem_pattern_reads_stems_as_the_first_letters() -> None:
    stems = frozenset({"kil", "killed", "ab", "x-y", ""})
    pattern = stem_pattern(stems)
    text = "kil kill killed killedx ab abc a-b kil9 x-y"
    assert [m.start() for m in pattern.finditer(text)] == _expected(stems, text)
    assert stem_pattern(frozenset({"x-y"})).search("x-y") is None

"""The discovery patterns written for speed match exactly what their \\b forms match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.extract.entities_discover import _CAP, _NAME, _PATTERNS

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "corpus"
# The patterns as first written, with a leading \b.
_PLAIN = {
    2: re.compile(rf"\bthe\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>[Cc]artel|[Gg]ang)\b"),
    4: re.compile(
        rf"(?P<head>\b(?:C[aá]rtel\s+|c[aá]rtel\s+(?=del?\s))(?:(?:de|del)\s+(?:(?:la|los|las)\s+)?)?)"
        rf"(?P<name>{_NAME})"
    ),
}
_TEXTS = [
    "the Santa Rosa Cartel; bathe Los Zetas cartel; the Gulf Gang. The Sinaloa cartel",
    "Cartel de Sinaloa, cartel del Golfo, xCartel de Juárez, cártel de los Zetas, cartel Jalisco",
    "El Cártel del Noreste y el cártel de Santa Rosa de Lima; _Cartel de X; Cartel  de  la Sierra",
]


@pytest.mark.parametrize("index", sorted(_PLAIN))
def test_fast_forms_match_the_plain_ones(index: int) -> None:
    fast = _PATTERNS[index][1]
    texts = _TEXTS + [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text in texts:
        expected = [(m.span(), m.span("name"), m.span("head")) for m in _PLAIN[index].finditer(text)]
        assert [(m.span(), m.span("name"), m.span("head")) for m in fast.finditer(text)] == expected

"""Discovery tried only where it can match finds what the plain patterns find.

Patterns 0 and 1 open with a look-behind form of \\b (see the module's comment); the rules that
``open`` with their trigger words are tried only where those occur in the folded text; the
"X Cartel" rule runs only when "Cartel" is written as such.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.extract.entities_discover import _CAP, _NAME, _PATTERNS, _QUOTE, _matches
from timeline.reference.load import fold

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "corpus"
# The patterns as first written, with a leading \b.
_PLAIN = {
    0: re.compile(
        rf"(?i:\b(?:gang|group|cartel|organi[sz]ation|militia|faction|cell)\s+"
        rf"(?:called|known\s+as|named|dubbed|calling\s+itself|that\s+calls\s+itself)\s+(?:the\s+)?){_QUOTE}"
        rf"(?P<name>{_NAME})"
    ),
    1: re.compile(
        rf"\b(?:grupo(?:\s+(?:criminal|delictivo|armado))?|banda|pandilla|organizaci[oó]n\s+(?:criminal|delictiva)"
        rf"|c[eé]lula(?:\s+(?:criminal|delictiva))?|facci[oó]n)\s+"
        rf"(?:(?:denominad[oa]|llamad[oa]|conocid[oa]\s+como|autodenominad[oa])\s+)?(?:(?:de|del)\s+)?{_QUOTE}"
        rf"(?P<name>{_NAME})"
    ),
    3: re.compile(rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>Cartel)\b"),
}
_TEXTS = [
    "a gang called the Guerreros Unidos; a GROUP KNOWN AS Los Rojos; xgang called X; _cell named Y",
    "an Organisation calling itself La Familia; a mılitia called Los Tlacos; Faction dubbed El Grupo",
    "el grupo criminal Los Viagras, la banda de Los Ardillos, agrupo Los X, la célula delictiva Los Y",
    "una organización criminal denominada La Nueva Familia, facción llamada Los Z, pandilla de Los W",
    "el Cártel de Jalisco, cartel del Golfo, xcartel de Sinaloa, el cártel Santa Rosa, CARTEL DE X",
    "the Sinaloa Cartel and Santa Rosa de Lima Cartel; the Gulf cartel; CARTEL; Cartel",
    "grupo grupo grupo Los A; cartel de cartel de Los B; Cártel del Cártel del Noreste",
]


def _texts() -> list[str]:
    return _TEXTS + [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _spans(matches: object) -> list[tuple[tuple[int, int], ...]]:
    return [(m.span(), *(m.span(g) for g in m.groupdict())) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("index", sorted(_PLAIN))
def test_fast_forms_match_the_plain_ones(index: int) -> None:
    for text in _texts():
        assert _spans(_PATTERNS[index].pattern.finditer(text)) == _spans(_PLAIN[index].finditer(text))


@pytest.mark.parametrize("index", range(len(_PATTERNS)))
def test_rules_find_what_finditer_finds(index: int) -> None:
    rule = _PATTERNS[index]
    for text in _texts():
        folded = fold(text)
        expected = _spans(rule.pattern.finditer(text))
        if not any(t in (folded if t.islower() else text) for t in rule.triggers):
            assert expected == []  # the pre-check never drops a match
            continue
        assert _spans(_matches(rule, text, folded)) == expected

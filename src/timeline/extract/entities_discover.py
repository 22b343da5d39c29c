"""Named groups missing from the reference data, found by how the text introduces them.

"a gang called the Guerreros Unidos", "a group known as X", "el grupo
criminal Los X", "la banda de Los X", "the X cartel", "el Cártel de X".  A
name found this way that is in fact a reference alias yields that actor;
otherwise the mention's key is ``discovered:<slug of the name>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from timeline.reference.gazetteer import Gazetteer
from timeline.reference.load import discovery_stopwords, normalize

_CAP = r"[A-ZÁÉÍÓÚÑÜ][\w'’\-]*"
_JOIN = r"(?:de|del|la|las|los|y|of|the)"
_NAME = rf"(?:(?:[Ll]os|[Ll]as|[Ee]l|[Ll]a)\s+)?{_CAP}(?:\s+(?:{_JOIN}\s+)*{_CAP}){{0,4}}"
_QUOTE = r"[\"“‘']?"
# Patterns run over whole documents. One that opens with \b is tried at every character; one
# that opens with a letter lets the engine jump to that letter, so the word boundary before a
# first word is written as a look-behind after its first letter: "the(?<!\wthe)" is "\bthe".

# Each pattern with the folded words one of which must occur for it to match (a cheap pre-check).
_PATTERNS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # "a gang called the X", "a group known as X"
    (("called", "known as", "named", "dubbed", "calling", "calls"), re.compile(
        rf"(?i:\b(?:gang|group|cartel|organi[sz]ation|militia|faction|cell)\s+"
        rf"(?:called|known\s+as|named|dubbed|calling\s+itself|that\s+calls\s+itself)\s+(?:the\s+)?){_QUOTE}"
        rf"(?P<name>{_NAME})"
    )),
    # "el grupo criminal Los X", "la banda de Los X", "la célula delictiva X"
    (("grupo", "banda", "pandilla", "organizacion", "celula", "faccion"), re.compile(
        rf"\b(?:grupo(?:\s+(?:criminal|delictivo|armado))?|banda|pandilla|organizaci[oó]n\s+(?:criminal|delictiva)"
        rf"|c[eé]lula(?:\s+(?:criminal|delictiva))?|facci[oó]n)\s+"
        rf"(?:(?:denominad[oa]|llamad[oa]|conocid[oa]\s+como|autodenominad[oa])\s+)?(?:(?:de|del)\s+)?{_QUOTE}"
        rf"(?P<name>{_NAME})"
    )),
    # "the X cartel", "the X Gang"
    (("cartel", "gang"), re.compile(
        rf"the(?<!\wthe)\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>[Cc]artel|[Gg]ang)\b"
    )),
    # "X Cartel"
    (("cartel",), re.compile(rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>Cartel)\b")),
    # "el Cártel de X", "Cartel del X"
    (("cartel",), re.compile(
        rf"(?P<head>(?:C(?<!\wC)[aá]rtel\s+|c(?<!\wc)[aá]rtel\s+(?=del?\s))(?:(?:de|del)\s+(?:(?:la|los|las)\s+)?)?)"
        rf"(?P<name>{_NAME})"
    )),
]


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    key: str
    discovered: bool


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def _trim(text: str, start: int, end: int, stop: frozenset[str]) -> tuple[int, int] | None:
    """Drop leading stop words ("The", "Mexican") from a name; None when a stop word remains."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and normalize(text[words[0][0] : words[0][1]]) in stop:
        words.pop(0)
    if not words or any(normalize(text[s:e]) in stop for s, e in words):
        return None
    return words[0][0], end


def discover_groups(text: str, folded: str, g: Gazetteer) -> Iterator[Found]:
    """Group names introduced in the text, known (reference key) or new (``discovered:``).

    ``folded`` is ``fold(text)``, used only for the cheap pre-check.
    """
    stop = discovery_stopwords()
    for triggers, pattern in _PATTERNS:
        if not any(t in folded for t in triggers):
            continue
        for m in pattern.finditer(text):
            trimmed = _trim(text, m.start("name"), m.end("name"), stop)
            if trimmed is None:
                continue
            name_start, name_end = trimmed
            head = m.groupdict().get("head")
            start = m.start("head") if head and m.start("head") < name_start else name_start
            end = m.end("head") if head and m.end("head") > name_end else name_end
            phrase, name = text[start:end], text[name_start:name_end]
            known = [e.target for e in g.actor_index.lookup(phrase) or g.actor_index.lookup(name)]
            known = [k for k in known if not k.startswith("@") and not g.actors[k].generic]
            if known:
                yield Found(start, end, known[0], False)
            else:
                yield Found(start, end, "discovered:" + slug(phrase), True)

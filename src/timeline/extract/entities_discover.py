"""Named groups missing from the reference data, found by how the text introduces them.

"a gang called the Guerreros Unidos", "a group known as X", "el grupo
criminal Los X", "la banda de Los X", "the X cartel", "el Cártel de X".  A
name found this way that is in fact a reference alias yields that actor;
otherwise the mention's key is ``discovered:<slug of the name>``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from timeline.reference.gazetteer import Gazetteer
from timeline.reference.load import discovery_stopwords, normalize

_CAP = r"[A-ZÁÉÍÓÚÑÜ][\w'’\-]*"
_JOIN = r"(?:de|del|la|las|los|y|of|the)"
_NAME = rf"(?:(?:[Ll]os|[Ll]as|[Ee]l|[Ll]a)\s+)?{_CAP}(?:\s+(?:{_JOIN}\s+)*{_CAP}){{0,4}}"
_QUOTE = r"[\"“‘']?"
# Patterns run over whole documents. One that opens with \b is tried at every character; one
# that opens with a letter lets the engine jump to that letter, so the word boundary before a
# first word is written as a look-behind after its first letter: "the(?<!\wthe)" is "\bthe". Under
# (?i) a letter gives no such jump, so the first letter is a class of both cases outside it, and
# the words go on with a look-behind at that letter: "[Gg](?<!\w.)(?i:(?<=g)ang)" is "(?i:\bgang)".



class _Rule(NamedTuple):
    """A pattern with the words one of which must occur for it to match (a cheap pre-check): in
    the folded text, or as written when the word is written with a capital ("Cartel").  With
    ``opens``, every match opens with one of those words, so it is tried only where they occur."""

    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    opens: bool = False


_PATTERNS: list[_Rule] = [
    # "a gang called the X", "a group known as X"
    _Rule(("called", "known as", "named", "dubbed", "calling", "calls"), re.compile(
        rf"[CcFfGgMmOo](?<!\w.)(?i:(?:(?<=g)(?:ang|roup)|(?<=c)(?:artel|ell)|(?<=o)rgani[sz]ation|(?<=m)ilitia"
        rf"|(?<=f)action)\s+"
        rf"(?:called|known\s+as|named|dubbed|calling\s+itself|that\s+calls\s+itself)\s+(?:the\s+)?){_QUOTE}"
        rf"(?P<name>{_NAME})"
    )),
    # "el grupo criminal Los X", "la banda de Los X", "la célula delictiva X"
    _Rule(("grupo", "banda", "pandilla", "organizacion", "celula", "faccion"), re.compile(
        rf"(?:g(?<!\wg)rupo(?:\s+(?:criminal|delictivo|armado))?|b(?<!\wb)anda|p(?<!\wp)andilla"
        rf"|o(?<!\wo)rganizaci[oó]n\s+(?:criminal|delictiva)|c(?<!\wc)[eé]lula(?:\s+(?:criminal|delictiva))?"
        rf"|f(?<!\wf)acci[oó]n)\s+"
        rf"(?:(?:denominad[oa]|llamad[oa]|conocid[oa]\s+como|autodenominad[oa])\s+)?(?:(?:de|del)\s+)?{_QUOTE}"
        rf"(?P<name>{_NAME})"
    ), opens=True),
    # "the X cartel", "the X Gang"
    _Rule(("cartel", "gang"), re.compile(
        rf"the(?<!\wthe)\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>[Cc]artel|[Gg]ang)\b"
    )),
    # "X Cartel"
    _Rule(("Cartel",), re.compile(rf"(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>Cartel)\b")),
    # "el Cártel de X", "Cartel del X"
    _Rule(("cartel",), re.compile(
        rf"(?P<head>(?:C(?<!\wC)[aá]rtel\s+|c(?<!\wc)[aá]rtel\s+(?=del?\s))(?:(?:de|del)\s+(?:(?:la|los|las)\s+)?)?)"
        rf"(?P<name>{_NAME})"
    ), opens=True),
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
    while words and _normal_word(text[words[0][0] : words[0][1]]) in stop:
        words.pop(0)
    if not words or any(_normal_word(text[s:e]) in stop for s, e in words):
        return None
    return words[0][0], end


@functools.lru_cache(maxsize=4096)
def _normal_word(word: str) -> str:
    """``normalize`` memoised: names and their words come back across documents."""
    return normalize(word)


def _matches(rule: _Rule, text: str, folded: str) -> Iterator[re.Match[str]]:
    """``rule.pattern.finditer(text)``; for an ``opens`` rule, tried only where a trigger occurs.

    The same matches: every match starts at a trigger of the (length-preserving) folded text, and
    ``match(text, k)`` sees the text before ``k`` for its look-behinds as a search would.
    """
    if not rule.opens:
        yield from rule.pattern.finditer(text)
        return
    end = 0
    for k in sorted({k for word in rule.triggers for k in _occurrences(folded, word)}):
        if k >= end and (m := rule.pattern.match(text, k)) is not None:
            end = m.end()
            yield m


def _occurrences(text: str, word: str) -> Iterator[int]:
    k = text.find(word)
    while k >= 0:
        yield k
        k = text.find(word, k + 1)


def discover_groups(text: str, folded: str, g: Gazetteer) -> Iterator[Found]:
    """Group names introduced in the text, known (reference key) or new (``discovered:``).

    ``folded`` is ``fold(text)``, used only for the cheap pre-checks.
    """
    stop = discovery_stopwords()
    for rule in _PATTERNS:
        if not any(t in (folded if t.islower() else text) for t in rule.triggers):
            continue
        for m in _matches(rule, text, folded):
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

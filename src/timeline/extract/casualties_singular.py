"""One victim with no number: "Cervantes was killed", "mataron a un agente", "her body".

A casualty word that no figure used still counts one victim when grammar names
one person: its object ("killing her husband", "the killing of their leader"),
a reduced relative ("the only civilian killed was"), a singular subject with a
singular auxiliary ("a police officer ... was killed", "he died"), or Spanish
singular agreement ("fue asesinado", "murió", pro-drop included).

A body ("his body was dumped", "el cuerpo de una mujer") is a person killed,
counted only when no killed figure of the sentence can already be that person:
genders differ (husband vs "her body"), unknown gender matching anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.extract import casualties_lexicon as lx
from timeline.extract.casualties_lexicon import lexicon
from timeline.extract.casualties_phrases import (
    Person,
    Sentence,
    Trig,
    singular_before,
    singular_object,
    singular_subject,
)

_BODY_WORDS = ("bod", "corpse", "remains", "cuerpo", "cadaver", "restos")


@dataclass(frozen=True, slots=True)
class Single:
    """A one-victim figure (local offsets)."""

    start: int
    end: int
    kind: str
    group: str
    gender: str


def _single(t: Trig, person: Person) -> Single:
    return Single(person.start, person.end, t.kind.kind, person.group, person.gender)


def _spanish_singular(s: Sentence, t: Trig) -> Single | None:
    """ "fue asesinado", "murió", "resultó herida": Spanish agreement says one victim."""
    if t.plural is not False:
        return None
    clause = s.clause_start(t.start)
    aux = lx.SINGULAR_AUX.search(s.seg[clause : t.start])
    if t.kind.form == "verb" and aux is None:
        return None
    person = singular_subject(s, clause + aux.start() if aux else t.start)
    person = person or singular_object(s, t)
    if person is None:
        return Single(t.start, t.end, t.kind.kind, "unknown", "f" if t.feminine else "")
    gender = person.gender or ("f" if t.feminine else "")
    return Single(person.start, person.end, t.kind.kind, person.group, gender)


def _english_subject(s: Sentence, t: Trig) -> Single | None:
    """ "Cervantes was killed", "he died", "lost his life"."""
    before = s.seg[s.clause_start(t.start) : t.start]
    if t.kind.form == "intrans":
        person = singular_subject(s, t.start)
        if person is not None and " their " in f" {t.text} ":
            return None
        gender = "m" if " his " in f" {t.text} " else "f" if " her " in f" {t.text} " else ""
        if person is None:
            return None
        return _single(t, Person(person.start, person.end, person.group, person.gender or gender))
    aux = lx.SINGULAR_AUX.search(before)
    if aux is None or t.plural is True:
        return None
    person = singular_subject(s, s.clause_start(t.start) + aux.start())
    return _single(t, person) if person else None


def singular_figures(s: Sentence, used: dict[int, int]) -> list[Single]:
    """One-victim figures for the casualty words no numbered figure used.

    A word that governs a figure may still name one person before it: "killed his wife and two children".
    """
    found: dict[int, Single] = {}
    for i, t in enumerate(s.trigs):
        form = t.kind.form
        if form not in ("verb", "intrans", "gerund", "noun_of") or s.hypothetical(t):
            continue
        if t.kind.kind == "killed" and form == "noun_of" and t.text.startswith(_BODY_WORDS):
            continue  # a body: counted by body_figures
        if i in used:
            obj = singular_object(s, t) if form != "intrans" else None
            if obj is not None and obj.end <= used[i]:
                found[i] = _single(t, obj)
            continue
        single = _one_victim(s, t)
        if single is not None:
            found[i] = single
    for i, single in list(found.items()):  # "kidnapped and killed a priest", "fue secuestrado y asesinado"
        for step in (-1, 1):
            j = i
            while 0 <= j + step < len(s.trigs) and j + step not in found and j + step not in used:
                a, b = sorted((s.trigs[j], s.trigs[j + step]), key=lambda t: t.start)
                nxt = s.trigs[j + step]
                if nxt.kind.form not in ("verb", "gerund", "noun_of") or not lx.COORD_TRIGGERS.fullmatch(
                    s.seg[a.end : b.start]
                ):
                    break
                j += step
                found[j] = Single(single.start, single.end, nxt.kind.kind, single.group, single.gender)
    return [found[i] for i in sorted(found)]


def _one_victim(s: Sentence, t: Trig) -> Single | None:
    form = t.kind.form
    obj = singular_object(s, t) if form != "intrans" or s.language == "es" else None
    if obj is not None and not (t.kind.strict and obj.group == "unknown" and obj.gender == ""):
        return _single(t, obj)
    if form == "verb" and (before := singular_before(s, t)) is not None:
        return _single(t, before)
    if form == "verb" and (clitic := _clitic(s, t)) is not None:
        return clitic
    if form in ("verb", "intrans") and not t.kind.strict:
        return _spanish_singular(s, t) if t.plural is False else _english_subject(s, t)
    return None


def _clitic(s: Sentence, t: Trig) -> Single | None:
    """ "lo asesinaron", "la mataron": a Spanish object pronoun before the verb."""
    words = s.words(max(0, t.start - 12), t.start)
    if s.language != "es" or not words or not t.text.endswith(("aron", "ieron", "o")):
        return None
    w = words[-1]
    if w.group() not in lx.CLITIC:
        return None
    return Single(w.start(), t.end, t.kind.kind, "unknown", lx.CLITIC[w.group()])


def body_figures(s: Sentence, killed_genders: list[str]) -> list[Single]:
    """A body counts one killed person unless a killed figure of the sentence may be the same person."""
    out: list[Single] = []
    genders = list(killed_genders)
    if "body" not in s.seg and "cuerpo" not in s.seg and "cadaver" not in s.seg:
        return out
    for m in lx.BODY.finditer(s.seg):
        if m.group("poss") == "their":
            continue
        window = s.seg[max(s.clause_start(m.start()), m.start() - 40) : s.clause_end(m.end())]
        if not m.group("poss") and not lx.BODY_FOUND.search(window):
            continue
        if lx.NEGATION_BEFORE.search(s.seg[max(0, m.start() - 30) : m.start()]):
            continue
        gender = _body_gender(s, m.group("poss") or "", m.end())
        if any(not g or not gender or g == gender for g in genders):
            continue
        genders.append(gender)
        out.append(Single(m.start(), m.end(), "killed", "unknown", gender))
    return out


def _body_gender(s: Sentence, possessive: str, end: int) -> str:
    if possessive:
        return lx.PRONOUN_OBJECT.get(possessive, "m" if possessive == "his" else "")
    lex = lexicon()
    for m in s.words(end, min(len(s.seg), end + 40))[:5]:
        if m.group() in lex.gender and m.group() not in ("la", "el", "her", "his"):
            return lex.gender[m.group()]
        if m.group() in lex.nouns:
            return ""
    return ""

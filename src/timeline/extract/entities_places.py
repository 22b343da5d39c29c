"""The places stage: gazetteer places mentioned in a document.

Precision first.  A place name must be capitalised in the text and never
inside an actor's name ("Jalisco New Generation Cartel" is no mention of
Jalisco).  Names shared by a state and its capital, or a country and a state
("Guanajuato", "Mexico"), are told apart by the words around them: "the city
of X"/"ciudad de X"/"X city" mean the locality, "the state of X"/"estado
de X"/"X state" the state, and otherwise the larger unit wins.  A following
", <State>" picks the locality in that state.  Localities are the risky
part: small ones (< 15,000 people), ones named like common words or people
(Victoria, Juárez), and names shared by many places need support from a
", <State>", a "city of"-style cue, or a preposition such as "in"/"en".
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from timeline.extract.model import ActorMention, Document, PlaceMention
from timeline.reference.gazetteer import (
    Gazetteer,
    Match,
    Tokens,
    gazetteer,
    overlaps_any,
    pick_longest,
    tokenize,
)
from timeline.reference.load import PlaceRecord

BARE_LOCALITY_POPULATION = 15_000
AMBIGUOUS_NAME_COUNT = 3
_WINDOW = 40
_CITY_BEFORE = re.compile(
    r"\b(?:city|town|village|municipality|port|community|township|ciudad|municipio|poblado|pueblo"
    r"|localidad|comunidad|puerto|cabecera municipal|alcaldia|delegacion|colonia)\s+(?:of|de|del)\s+$"
)
_STATE_BEFORE = re.compile(r"\b(?:state|estado|entidad)\s+(?:of|de)\s+$")
_SUPPORT_BEFORE = re.compile(
    r"\b(?:in|en|near|cerca de|outside|outskirts of|afueras de|from|desde|around|at|to|toward|towards"
    r"|hacia|rumbo a|between|entre|through|por)\s+$"
)
_CITY_AFTER = re.compile(r"^\s+(?:city|municipality|township)\b")
_STATE_AFTER = re.compile(r"^\s+state\b")
_COMMA = re.compile(r"\s*,\s*")
_GENERIC_FIRST = frozenset({"state", "estado", "ciudad", "city"})
_NOT_NAMES = frozenset(
    {"in", "en", "the", "el", "la", "los", "las", "of", "de", "del", "from", "desde", "near", "and", "y",
     "to", "a", "at", "for", "para", "por", "with", "con", "on", "but", "pero", "since"}
)


class _Context(NamedTuple):
    city: bool  # "the city of X", "X city"
    state: bool  # "the state of X", "X state"
    support: bool  # a preposition or cue in front
    follow_admin1: str | None  # ", <State>" right after


def find_places(doc: Document, actors: list[ActorMention] | None = None) -> list[PlaceMention]:
    """Gazetteer places in the document, outside the actor mentions, in text order.

    Without ``actors`` the actors stage is run first, so that actor names
    ("Jalisco Cartel") never yield places.
    """
    if actors is None:
        from timeline.extract.entities import find_actors  # the actors stage imports this module

        actors = find_actors(doc)
    blocked = tuple((a.start, a.end) for a in actors or [] if not a.anaphoric)
    return list(scan_places(doc.text, blocked))


@functools.lru_cache(maxsize=8)
def scan_places(text: str, blocked: tuple[tuple[int, int], ...] = ()) -> tuple[PlaceMention, ...]:
    """The places stage on raw text; ``blocked`` spans (actor names) are never places.

    Cached: the actors stage scans places for state context with the same
    blocked spans the places stage then passes.
    """
    g = gazetteer()
    toks = tokenize(text)
    spans = sorted(blocked)
    raw = [m for m in g.place_index.scan(toks, lower_firsts=_GENERIC_FIRST) if not _overlaps(toks, m, spans)]
    chosen = [raw[k] for k in pick_longest((toks.starts[m.i], toks.ends[m.j - 1], 0) for m in raw)]
    by_start = {m.i: m for m in chosen}
    out: list[PlaceMention] = []
    recent: str | None = None
    for m in chosen:
        ctx = _context(g, toks, m, by_start)
        key = _choose(g, toks, m, ctx, recent)
        if key is None:
            continue
        out.append(PlaceMention(toks.starts[m.i], toks.ends[m.j - 1], key))
        recent = g.admin1_of(key) or recent
    return tuple(out)


def _overlaps(toks: Tokens, m: Match, spans: list[tuple[int, int]]) -> bool:
    return overlaps_any(toks.starts[m.i], toks.ends[m.j - 1], spans)


def _context(g: Gazetteer, toks: Tokens, m: Match, by_start: dict[int, Match]) -> _Context:
    start, end, lower = toks.starts[m.i], toks.ends[m.j - 1], toks.folded
    before = lower[max(0, start - _WINDOW) : start]
    after = lower[end : end + 20]
    follow: str | None = None
    nxt = by_start.get(m.j)
    if nxt is not None and _COMMA.fullmatch(toks.text[end : toks.starts[m.j]]):
        follow = next(
            (e.target for e in nxt.entries if g.places[e.target].kind == "admin1"), None
        )
    return _Context(
        city=bool(_CITY_BEFORE.search(before) or _CITY_AFTER.match(after)),
        state=bool(_STATE_BEFORE.search(before) or _STATE_AFTER.match(after)),
        support=bool(_SUPPORT_BEFORE.search(before)),
        follow_admin1=follow,
    )


def _choose(g: Gazetteer, toks: Tokens, m: Match, ctx: _Context, recent: str | None) -> str | None:
    """The place a match denotes in its context, or None when too doubtful."""
    cands = [g.places[e.target] for e in m.entries]
    localities = [p for p in cands if p.kind == "locality"]
    larger = [p for p in cands if p.kind == "country"] + [p for p in cands if p.kind == "admin1"]
    if ctx.state and any(p.kind == "admin1" for p in cands):
        return next(p.key for p in cands if p.kind == "admin1")
    follows_own_state = any(g.admin1_of(p.key) == ctx.follow_admin1 for p in localities)
    if localities and (ctx.city or follows_own_state or not larger):
        return _locality(g, toks, m, localities, ctx, recent)
    if not larger or _person_like(g, toks, m):
        return None
    if larger[0].kind == "country" and g.place_rules.get(" ".join(toks.lower[m.i : m.j])) == "never":
        return None  # "Guadalupe" (Guadeloupe in Spanish) is a first name first
    return larger[0].key


def _locality(
    g: Gazetteer, toks: Tokens, m: Match, cands: list[PlaceRecord], ctx: _Context, recent: str | None
) -> str | None:
    name = " ".join(toks.lower[m.i : m.j])
    in_state = [p for p in cands if ctx.follow_admin1 and g.admin1_of(p.key) == ctx.follow_admin1]
    if ctx.follow_admin1 and not in_state:
        return None
    near = [p for p in cands if recent and g.admin1_of(p.key) == recent]
    pool = in_state or near or cands
    best = max(pool, key=lambda p: (p.population or 0, p.key))
    if in_state:
        return best.key
    rule = g.place_rules.get(name)
    if rule == "never" or (rule == "person" and _person_like(g, toks, m)):
        return None
    if g.locality_names[name] >= AMBIGUOUS_NAME_COUNT and not near:
        return None
    if (best.population or 0) < BARE_LOCALITY_POPULATION and not (ctx.city or ctx.support):
        return None
    return best.key


def _person_like(g: Gazetteer, toks: Tokens, m: Match) -> bool:
    """A one-word name flagged as a surname/first name, written next to another name ("Miguel Hidalgo")."""
    if m.j - m.i != 1 or g.place_rules.get(toks.lower[m.i]) != "person":
        return False
    prev_name = m.i > 0 and toks.capitalised(m.i - 1) and toks.lower[m.i - 1] not in _NOT_NAMES
    prev_name = prev_name and toks.text[toks.ends[m.i - 1] : toks.starts[m.i]] == " "
    next_name = m.j < len(toks.lower) and toks.capitalised(m.j) and toks.lower[m.j] not in _NOT_NAMES
    next_name = next_name and toks.text[toks.ends[m.i] : toks.starts[m.j]] == " "
    return bool(prev_name or next_name)

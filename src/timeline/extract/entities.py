"""The actors stage: reference actors, generic actors, anaphora and new groups.

Mentions come from four sources, merged so that no mention lies inside
another (longest wins, so "Jalisco New Generation Cartel" is one actor):

1. reference aliases (``AliasIndex.scan``), with the case rules of
   :mod:`timeline.reference.gazetteer`; generic actors ("gunmen",
   "sicarios") only in the document's language;
2. groups introduced by the text (:mod:`timeline.extract.entities_discover`);
3. anaphors ("the cartel", "el cártel", "state police", "the state
   government"), resolved in text order to the latest cartel or criminal
   group, or to the police/government of the state in focus (see
   ``_state_at``);
4. nothing for "the state" alone: too ambiguous.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from timeline.extract.entities_discover import discover_groups
from timeline.extract.entities_places import find_places, scan_places
from timeline.extract.model import ActorMention, Document
from timeline.reference.gazetteer import Gazetteer, Tokens, gazetteer, pick_longest, tokenize

__all__ = ["find_actors", "find_places"]

_GROUP_TYPES = frozenset({"cartel", "criminal_group"})
_NAME_GAP = re.compile(r"\s+(?:(?:de|del|called|known as|named)\s+)?(?:the\s+)?[\"“‘']?")
_SENTENCE_END = re.compile(r"[.!?]\s+|\n")


class _Candidate(NamedTuple):
    start: int
    end: int
    target: str  # actor key, "@<anaphor class>", or "discovered:<slug>"
    priority: int
    discovered: bool = False


def find_actors(doc: Document) -> list[ActorMention]:
    """Actor mentions of the whole document, in text order, with absolute offsets."""
    g = gazetteer()
    toks = tokenize(doc.text)
    cands = _alias_candidates(g, toks, doc.meta.language) + _discovered(g, toks)
    chosen = _merge(_drop_group_words_before_names(g, doc.text, cands))
    named = [c for c in chosen if not c.target.startswith("@")]
    states = _state_focus(g, doc.text, named)
    return _resolve(g, chosen, states, _sentence_starts(doc))


def _alias_candidates(g: Gazetteer, toks: Tokens, lang: str | None) -> list[_Candidate]:
    out = []
    for m in g.actor_index.scan(toks, lang):
        target = m.entries[0].target
        start, end = toks.starts[m.i], toks.ends[m.j - 1]
        out.append(_Candidate(start, end, target, 1))
    return out


def _is_group_word(g: Gazetteer, target: str) -> bool:
    """An anaphor or a generic group word ("the cartel", "grupo criminal")."""
    if target.startswith("@"):
        return target == "@group"
    rec = g.actors.get(target)
    return rec is not None and rec.generic and rec.type in _GROUP_TYPES


def _discovered(g: Gazetteer, toks: Tokens) -> list[_Candidate]:
    found = discover_groups(toks.text, toks.folded, g)
    return [_Candidate(f.start, f.end, f.key, 0, f.discovered) for f in found]


def _drop_group_words_before_names(g: Gazetteer, text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Drop "the group"/"grupo criminal" right before a group's name ("el grupo criminal Los Viagras")."""
    group_word = [_is_group_word(g, c.target) for c in cands]
    named = {c.start for c, is_group in zip(cands, group_word, strict=True) if not is_group}
    out = []
    for c, is_group in zip(cands, group_word, strict=True):
        if is_group:
            gap = _NAME_GAP.match(text, c.end)
            if gap is not None and gap.end() in named:
                continue
        out.append(c)
    return out


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    keep = pick_longest((c.start, c.end, c.priority) for c in cands)
    return sorted((cands[k] for k in keep), key=lambda c: c.start)


def _state_focus(g: Gazetteer, text: str, named: list[_Candidate]) -> list[tuple[int, str]]:
    """(offset, admin1 key) of every state named or implied, in text order."""
    focus = [
        (p.start, state)
        for p in scan_places(text, tuple((c.start, c.end) for c in named))
        if (state := g.admin1_of(p.key)) is not None
    ]
    for c in named:
        rec = g.actors.get(c.target)
        if rec is not None and rec.admin1:
            focus.append((c.start, rec.admin1))
    return sorted(focus)


def _sentence_starts(doc: Document) -> list[int]:
    if doc.sentences:
        return [s.start for s in doc.sentences]
    return [0] + [m.end() for m in _SENTENCE_END.finditer(doc.text)]


def _state_at(
    states: list[tuple[int, str]], offset: int, sentence_start: int, dominant: str | None
) -> str | None:
    """The state in focus at an offset.

    The latest state named earlier in the same sentence; else the document's
    main state (named in at least half of the cases); else the latest named.
    """
    before = [(pos, s) for pos, s in states if pos < offset]
    if before and before[-1][0] >= sentence_start:
        return before[-1][1]
    if dominant is not None:
        return dominant
    return before[-1][1] if before else None


def _dominant(states: list[tuple[int, str]]) -> str | None:
    counts = Counter(s for _, s in states)
    if not counts:
        return None
    state, n = counts.most_common(1)[0]
    return state if n * 2 >= len(states) else None


def _resolve(
    g: Gazetteer, chosen: list[_Candidate], states: list[tuple[int, str]], sentences: list[int]
) -> list[ActorMention]:
    dominant = _dominant(states)
    out: list[ActorMention] = []
    last: dict[str, str] = {}  # "group" / "militia" -> latest actor key
    for c in chosen:
        if c.target.startswith("@"):
            sentence_start = sentences[max(0, bisect_right(sentences, c.start) - 1)] if sentences else 0
            key = _anaphor_target(g, c, last, _state_at(states, c.start, sentence_start, dominant))
            if key is not None:
                out.append(ActorMention(c.start, c.end, key, anaphoric=True))
            continue
        out.append(_mention(g, c))
        _remember(g, c, last)
    return out


def _mention(g: Gazetteer, c: _Candidate) -> ActorMention:
    if c.discovered:
        return ActorMention(c.start, c.end, c.target, discovered=True)
    return ActorMention(c.start, c.end, c.target, generic=g.actors[c.target].generic)


def _remember(g: Gazetteer, c: _Candidate, last: dict[str, str]) -> None:
    if c.discovered:
        last["group"] = c.target
        return
    rec = g.actors[c.target]
    if rec.generic:
        return
    if rec.type in _GROUP_TYPES:
        last["group"] = rec.key
    elif rec.type == "militia":
        last["militia"] = rec.key
    elif rec.type == "person":
        group = _group_of(g, rec.parent)
        if group is not None:
            last["group"] = group


def _group_of(g: Gazetteer, key: str | None) -> str | None:
    """The cartel a person belongs to (else the nearest criminal group), walking up parents."""
    nearest = None
    while key is not None and key in g.actors:
        rec = g.actors[key]
        if rec.type == "cartel":
            return key
        if rec.type in _GROUP_TYPES and nearest is None:
            nearest = key
        key = rec.parent
    return nearest


def _anaphor_target(g: Gazetteer, c: _Candidate, last: dict[str, str], state: str | None) -> str | None:
    cls = c.target[1:]
    if cls in ("group", "militia"):
        return last.get(cls)
    if state is None:
        return None
    return g.state_actor.get((state, cls.removeprefix("state-")))

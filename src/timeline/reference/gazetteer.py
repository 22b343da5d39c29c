"""Fast alias lookup over a document's tokens, built once from the reference data.

A document is tokenised once (``tokenize``) into word tokens of its
length-preserving folded text, so token offsets are offsets into the original
text.  An ``AliasIndex`` maps token tuples to entries and finds, at each
token, the longest alias starting there (a set of alias prefixes makes the
walk stop at the first token that cannot extend any alias).  Each entry
carries the case rule of the alias as it is written in the data:

- all capitals (``CJNG``, ``U.S.``): the text must match in capitals;
- one capitalised word (``Trump``), or a capitalised name behind an article
  (``Los Rojos``): those words must be capitalised in the text;
- anything else: case-insensitive.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, compress
from typing import NamedTuple

from timeline.reference.load import (
    ActorRecord,
    PlaceRecord,
    actors,
    anaphors,
    fold,
    normalize,
    place_stopwords,
    places,
)

_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_SPLIT_ASCII = re.compile(r"(\w+)", re.ASCII)  # the same on ASCII text (folded text nearly always is), faster
_GAP_OK = re.compile(r"[ \t\u00a0'’‘\"“”-]{1,4}|\n|\.|\. ")
_ARTICLES = frozenset({"la", "las", "los", "el", "the"})
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "gen", "lic", "sr", "sra", "st", "jr", "ing", "q"})
ANY, TITLE, EXACT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's word tokens (folded lower-case), their offsets and the gaps between them."""

    text: str
    folded: str  # fold(text): same length, lower-case, no accents
    lower: list[str]
    starts: list[int]
    ends: list[int]
    gaps: list[str]  # gaps[i] is the text between token i and token i + 1

    def capitalised(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()

    def cased(self, i: int, j: int) -> tuple[str, ...]:
        """Tokens i..j folded but keeping case (for all-capitals aliases)."""
        return tuple(fold(self.text[self.starts[k] : self.ends[k]], lower=False) for k in range(i, j))

    def joinable(self, i: int) -> bool:
        """Whether token i and token i + 1 may belong to one name."""
        gap = self.gaps[i]
        if gap == " ":
            return True
        if not _GAP_OK.fullmatch(gap):
            return False
        # "Dr. Mireles", "U. S." join across ". "; "Sinaloa. Cartel" does not.
        prev = self.lower[i]
        return gap != ". " or len(prev) <= 2 or prev in _ABBREVIATIONS


@functools.lru_cache(maxsize=16)
def tokenize(text: str) -> Tokens:
    """Tokenise a whole document once (cached: the actor and place stages share it)."""
    folded = fold(text)
    pieces = (_SPLIT_ASCII if folded.isascii() else _SPLIT).split(folded)  # gap, word, gap, ..., gap
    cum = list(accumulate(map(len, pieces)))
    return Tokens(
        text=text, folded=folded, lower=pieces[1::2],
        starts=cum[0::2][:-1], ends=cum[1::2], gaps=pieces[2:-1:2],
    )


def alias_tokens(alias: str) -> tuple[str, ...]:
    """The lookup key of an alias: its folded lower-case word tokens."""
    return tuple(_WORD.findall(fold(alias)))


@dataclass(frozen=True, slots=True)
class Entry:
    """One alias of one target (an actor key, a place key or an anaphor class)."""

    target: str
    mode: int
    cased: tuple[str, ...]  # the alias's folded cased tokens (for the EXACT/TITLE checks)
    lang: str | None = None
    capitals: tuple[int, ...] = field(init=False)  # TITLE: the tokens that must be capitalised

    def __post_init__(self) -> None:
        cased = self.cased
        first = 1 if len(cased) > 1 and cased[0].lower() in _ARTICLES else 0  # "Los Rojos": not "Los"
        capitals = tuple(j for j in range(first, len(cased)) if cased[j][:1].isupper())
        object.__setattr__(self, "capitals", capitals)

    def accepts(self, toks: Tokens, i: int) -> bool:
        if self.mode == ANY:
            return True
        if self.mode == EXACT:
            return toks.cased(i, i + len(self.cased)) == self.cased
        text, starts = toks.text, toks.starts
        return all(text[starts[i + j]].isupper() for j in self.capitals)


def case_mode(alias: str, cased: tuple[str, ...]) -> int:
    letters = [c for c in alias if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return EXACT
    if len(cased) == 1 and cased[0][:1].isupper():
        return TITLE
    if len(cased) > 1 and cased[0].lower() in _ARTICLES and cased[0][:1].isupper():
        return TITLE
    return ANY


class Match(NamedTuple):
    """The longest alias found at token ``i`` (``j`` exclusive) with its accepted entries."""

    i: int
    j: int
    entries: tuple[Entry, ...]


class _Node:
    """One node of the alias trie: the entries of the alias ending here and the next tokens."""

    __slots__ = ("entries", "children")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.children: dict[str, _Node] = {}


@dataclass
class AliasIndex:
    """Token-tuple alias table plus a trie of the same keys (one node per alias prefix)."""

    table: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    root: dict[str, _Node] = field(default_factory=dict)

    def add(self, alias: str, target: str, lang: str | None = None) -> None:
        key = alias_tokens(alias)
        if not key:
            return
        cased = tuple(_WORD.findall(fold(alias, lower=False)))
        entry = Entry(target, case_mode(alias, cased), cased, lang)
        node = self.root.setdefault(key[0], _Node())
        for word in key[1:]:
            node = node.children.setdefault(word, _Node())
        bucket = self.table.setdefault(key, node.entries)
        if all(e.target != entry.target or e.mode != entry.mode for e in bucket):
            bucket.append(entry)

    def lookup(self, alias: str) -> list[Entry]:
        return self.table.get(alias_tokens(alias), [])

    def scan(
        self, toks: Tokens, lang: str | None = None, lower_firsts: frozenset[str] | None = None
    ) -> list[Match]:
        """Every position's longest accepted alias (overlapping; the caller picks).

        With ``lower_firsts`` given, matches are proper names: they start with
        a capitalised token (or one of those words) and end with one.
        """
        out: list[Match] = []
        lower, text, starts, root, n = toks.lower, toks.text, toks.starts, self.root, len(toks.lower)
        for i in compress(range(n), map(root.__contains__, lower)):  # tokens that start an alias
            if lower_firsts is not None and not text[starts[i]].isupper() and lower[i] not in lower_firsts:
                continue
            node = root[lower[i]]
            if not node.entries and (i + 1 == n or lower[i + 1] not in node.children):
                continue  # a first word ("the", "la") not followed by the rest of an alias
            for j, entries in reversed(_walk(node, toks, i)):
                if lower_firsts is not None and not text[starts[j - 1]].isupper():
                    continue
                ok = tuple(
                    e for e in entries
                    if (lang is None or e.lang is None or e.lang == lang) and e.accepts(toks, i)
                )
                if ok:
                    out.append(Match(i, j, ok))
                    break
        return out


def _walk(node: _Node, toks: Tokens, i: int) -> list[tuple[int, list[Entry]]]:
    """(end, entries) of every alias that starts at token i, shortest first."""
    lower = toks.lower
    found = []
    j = i + 1
    while True:
        if node.entries:
            found.append((j, node.entries))
        if j >= len(lower):
            break
        child = node.children.get(lower[j])
        if child is None or not toks.joinable(j - 1):
            break
        node = child
        j += 1
    return found


def pick_longest(spans: Iterable[tuple[int, int, int]]) -> list[int]:
    """Indexes (ascending) of non-overlapping (start, end, priority) spans.

    Longer first, then higher priority, then earlier.
    """
    items = sorted(enumerate(spans), key=lambda t: (t[1][0] - t[1][1], -t[1][2], t[1][0]))
    starts: list[int] = []  # taken spans, sorted by start (they never overlap)
    ends: list[int] = []
    keep = []
    for idx, (s, e, _) in items:
        k = bisect_right(starts, s)
        if (k > 0 and ends[k - 1] > s) or (k < len(starts) and starts[k] < e):
            continue
        starts.insert(k, s)
        ends.insert(k, e)
        keep.append(idx)
    return sorted(keep)


def overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, non-overlapping)."""
    k = bisect_right(spans, (start, float("inf")))
    return (k > 0 and spans[k - 1][1] > start) or (k < len(spans) and spans[k][0] < end)


class Gazetteer:
    """Lookup structures over the reference actors and places, built once."""

    def __init__(self, actor_records: dict[str, ActorRecord], place_records: dict[str, PlaceRecord]) -> None:
        self.actors = actor_records
        self.places = place_records
        self.actor_index = AliasIndex()
        for rec in actor_records.values():
            with_lang = {a for a, lang in rec.aliases if lang}
            for alias, lang in rec.aliases:
                if not rec.generic:
                    self.actor_index.add(alias, rec.key)
                elif lang or alias not in with_lang:  # a generic word only in its language
                    self.actor_index.add(alias, rec.key, lang)
        for cls, by_lang in anaphors().items():
            for lang, names in by_lang.items():
                for name in names:
                    self.actor_index.add(name, "@" + cls, lang)
        self.state_actor: dict[tuple[str, str], str] = {}
        for rec in actor_records.values():
            if rec.admin1 and rec.key.endswith(("-state-police", "-state-government")):
                self.state_actor[(rec.admin1, rec.key.rsplit("-", 1)[1])] = rec.key
        self.place_index = AliasIndex()
        for prec in place_records.values():
            for alias in (prec.name.split("(")[0], *prec.aliases):
                self.place_index.add(alias, prec.key)
        self.locality_names = Counter(
            normalize(p.name.split("(")[0]) for p in place_records.values() if p.kind == "locality"
        )
        self.place_rules = dict(place_stopwords())
        for rec in actor_records.values():
            if rec.type == "person":
                for alias, _ in rec.aliases:
                    for word in alias_tokens(alias):
                        if len(word) > 3 and word not in _ARTICLES:
                            self.place_rules.setdefault(word, "never")

        self._admin1 = {key: self._find_admin1(key) for key in place_records}

    def _find_admin1(self, place_key: str) -> str | None:
        rec = self.places.get(place_key)
        while rec is not None and rec.kind not in ("admin1", "country"):
            rec = self.places.get(rec.parent or "")
        return rec.key if rec is not None and rec.kind == "admin1" else None

    def admin1_of(self, place_key: str) -> str | None:
        """The state a place lies in (itself for a state), or None for a country."""
        return self._admin1.get(place_key)


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer over the installed reference data (built on first use)."""
    return Gazetteer(actors(), places())

"""Case-insensitive matching of a family of regexes, done fast over lower-cased text.

Python's ``re`` cannot skip ahead on the first letters of an IGNORECASE
alternation, and a sentence is scanned once per pattern. ``LowerCaseMatcher``
gives exactly the matches of ``re.compile(rf"\\b(?:{p})\\b", re.IGNORECASE)``
for each pattern, but

- over the lower-cased text, with case-sensitive patterns, whenever
  lower-casing is exactly the folding IGNORECASE compares by (nearly always:
  see ``folds_like_ignorecase``); otherwise with the IGNORECASE patterns;
- finding first, with one combined pattern whose branches are grouped by first
  letter, every position where some pattern matches (none, in most sentences),
  and then trying each pattern only at those positions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping


@functools.cache
def folds_like_ignorecase(ch: str) -> bool:
    """Whether ``ch.lower()`` is exactly what re.IGNORECASE compares ``ch`` by.

    True for ASCII, for Latin-1 and Latin Extended-A letters (but not İ, ı and ſ,
    which lower to two characters or fold together with i and s) and for
    characters without case. Patterns must hold only such characters too.
    """
    if ch.isascii():
        return True
    if "\xc0" <= ch <= "\u017f":
        return ch not in "\u0130\u0131\u017f"
    return ch.lower() == ch == ch.upper()


_PLAIN: set[str] = set()  # characters seen so far that fold like IGNORECASE (a memo)


def folds_plainly(text: str) -> bool:
    """Whether every character of ``text`` folds like IGNORECASE (see ``folds_like_ignorecase``)."""
    if text.isascii() or _PLAIN.issuperset(text):
        return True
    new = set(text) - _PLAIN
    if all(folds_like_ignorecase(ch) for ch in new):
        _PLAIN.update(new)
        return True
    return False


def lowered(pattern: str) -> str:
    """``pattern`` for lower-cased text; an upper-case escape (``\\W``) would change meaning."""
    if re.search(r"\\[A-Z]", pattern) or not all(folds_like_ignorecase(ch) for ch in pattern):
        raise ValueError(f"cannot match {pattern!r} over lower-cased text")
    return pattern.lower()


def alternatives(pattern: str) -> list[str]:
    """The top-level branches of ``pattern`` (split at ``|`` outside groups and sets)."""
    out: list[str] = []
    depth, begin, i, in_set = 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[begin:i])
            begin = i + 1
        i += 1
    out.append(pattern[begin:])
    return out


def by_first_letter(patterns: list[str]) -> str:
    """One alternation matching where any of ``patterns`` matches, branches grouped by first letter.

    The engine tries branches one by one at each position; grouped, it drops
    all but one group after one character.
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for pattern in patterns:
        for branch in alternatives(pattern):
            if len(branch) > 1 and branch[0].isalpha() and branch[1] not in "?*+{":
                groups.setdefault(branch[0], []).append(branch[1:])
            else:
                others.append(branch)
    grouped = [f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items())]
    return "|".join(grouped + others)


class LowerCaseMatcher:
    """The word-bounded, case-insensitive matches of named patterns (see the module doc)."""

    def __init__(self, patterns: Mapping[str, str]) -> None:
        self.ignorecase = {name: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for name, p in patterns.items()}
        low = {name: lowered(p) for name, p in patterns.items()}
        if any(re.fullmatch(p, "") for p in low.values()):
            raise ValueError("a pattern that matches the empty string")
        self.lower = {name: re.compile(rf"\b(?:{p})\b") for name, p in low.items()}
        self.any = re.compile(rf"\b(?:{by_first_letter(list(low.values()))})\b")

    def matches(self, text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
        """(name, start, end) of every match in text[start:end]: pattern by pattern, in text order.

        What ``pattern.finditer(text, start, end)`` gives for each IGNORECASE pattern.
        """
        begin = max(start - 1, 0)  # \b looks at the character before ``start``
        segment = text[begin:end]
        if not folds_plainly(segment):
            for name, pattern in self.ignorecase.items():
                for hit in pattern.finditer(text, start, end):
                    yield name, hit.start(), hit.end()
            return
        folded = segment.lower()
        at = self._positions(folded, start - begin)
        if not at:
            return
        for name, pattern in self.lower.items():
            after = 0  # as finditer: the next match starts where the last one ended
            for pos in at:
                if pos < after:
                    continue
                m = pattern.match(folded, pos)
                if m is not None:
                    yield name, begin + m.start(), begin + m.end()
                    after = m.end()

    def _positions(self, folded: str, pos: int) -> list[int]:
        """Every position from ``pos`` where some pattern matches."""
        out: list[int] = []
        found = self.any.search(folded, pos)
        while found is not None:
            out.append(found.start())
            found = self.any.search(folded, found.start() + 1)
        return out

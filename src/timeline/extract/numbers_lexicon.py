"""Word tables and derived sets for ``timeline.extract.numbers``.

The number words, qualifiers and collectives of each language live in
``lexicon/numbers.json``; this module loads them once and derives what the
reader needs to be fast: the words an expression can start with, the words
that can follow a qualifier, and a prefix-factored regex of the words that
carry the figure itself.  ``fold`` gives the lower-case, accent-free text all
of them are matched on, keeping offsets.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, cast


def _fold_table() -> dict[int, str]:
    table = {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    for c in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(c))[0].lower()
        if len(base) == 1 and "a" <= base <= "z":
            table[c] = base
    table[ord("’")] = "'"
    return table


FOLD = _fold_table()


NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_char(m: re.Match[str]) -> str:
    return FOLD_CHARS.get(m.group(), m.group())


FOLD_CHARS = {chr(c): v for c, v in FOLD.items() if c > 127}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Latin accents, keeping every offset the same."""
    low = text.lower()
    if len(low) != len(text):  # a rare character whose lower case is longer ("İ")
        return text.translate(FOLD)
    return low if low.isascii() else NON_ASCII.sub(_fold_char, low)


def _load() -> dict[str, Any]:
    return cast(
        dict[str, Any], json.loads((Path(__file__).with_name("lexicon") / "numbers.json").read_text("utf-8"))
    )


# Word tables (lexicon/numbers.json), loaded once at import.
DATA = _load()
QUALIFIERS: dict[str, dict[str, str]] = DATA["qualifiers"]
WORDS: dict[str, dict[str, tuple[str, int]]] = {
    lang: {w: (c, int(v)) for w, (c, v) in words.items()} for lang, words in DATA["words"].items()
}
COLLECTIVES: dict[str, dict[str, int]] = DATA["collectives"]
COLLECTIVE_SCALES: dict[str, int] = DATA["collective_scales"]
GROUP_NOUNS: dict[str, dict[str, int]] = DATA["group_nouns"]
ARTICLES: dict[str, dict[str, float]] = DATA["articles"]


def _longest(table: dict[str, str] | dict[str, float]) -> dict[str, int]:
    """For each first word of a phrase in ``table``, the most words a phrase starting with it has."""
    out: dict[str, int] = {}
    for key in table:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


RANGE_OPEN_WORD = {"en": "between", "es": "entre"}
LONGEST = {id(t): _longest(t) for t in QUALIFIERS.values()} | {id(t): _longest(t) for t in ARTICLES.values()}
# Words a number expression can start with: anything else is skipped at once.
STARTERS = {
    lang: frozenset(
        {*QUALIFIERS[lang], *WORDS[lang], *COLLECTIVES[lang], *ARTICLES[lang], RANGE_OPEN_WORD[lang]}
        | {k.split()[0] for k in (*QUALIFIERS[lang], *ARTICLES[lang])}
    )
    for lang in WORDS
}
# Starters that are only a qualifier or an article ("at", "some", "a"): worth parsing only when the next
# word can continue a number expression.
PREFIX_ONLY = {
    lang: STARTERS[lang] - {w for w, (c, _) in WORDS[lang].items() if c != "a"} - set(COLLECTIVES[lang])
    for lang in WORDS
}
FOLLOWERS = {
    lang: frozenset(
        {w for phrase in (*QUALIFIERS[lang], *ARTICLES[lang]) for w in phrase.split()}
        | set(WORDS[lang])
        | set(COLLECTIVES[lang])
        | set(GROUP_NOUNS[lang])
    )
    for lang in WORDS
}


def _trie(words: set[str]) -> str:
    """A regex alternation of ``words`` factored by prefix (fast to try at each word start)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# Where a number expression has its figure: digits, number words, collectives ("dozens", "treintena").
CORE = {
    lang: re.compile(
        r"[0-9]|\b(?:"
        + _trie(
            {w for w, (c, _) in WORDS[lang].items() if c != "a"}
            | set(COLLECTIVES[lang])
            | set(GROUP_NOUNS[lang])
        )
        + r")\b"
    )
    for lang in WORDS
}
RANGE_JOIN = {"en": {"to", "or"}, "es": {"o", "a"}}
RANGE_OPEN = {"en": ("between", "and"), "es": ("entre", "y")}
NOT_ONE_BEFORE = {"no", "any", "every", "each", "the", "this", "that", "which", "no-one"}

TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+")  # ASCII digits only: "²" is no count

PREV_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
BACK, AHEAD = 32, 64  # how far a qualifier may stand before a number, and a range run after it
Tok = tuple[int, int, str]  # start, end, folded text

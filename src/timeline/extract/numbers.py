"""Cardinal numbers in English and Spanish news text, with their qualifiers.

``find_numbers`` reads every cardinal in a span, written in digits ("34,000",
"1.500", "1,5 millones"), in words ("twenty-six", "dos mil", "treinta y cinco")
or as a collective ("dozens", "una treintena", "un centenar"), together with a
qualifier in front of it ("at least", "more than", "casi", "unos"), and gives
its offsets and a ``NumberReading``.  Ordinals ("20th"), decimals with no
scale ("7.62"), times ("10:30") and codes ("AK-47", "G20") are not cardinals.

Readings follow UCDP's best/low/high.  For a figure N as written:

==================================  ======  ======  ======  ==========
wording                             best    low     high    qualifier
==================================  ======  ======  ======  ==========
"nine", "1,500"                     N       N       N       exact
"at least N", "al menos N"          N       N       None    at_least
"more than N", "más de N"           N+1     N+1     None    more_than
"about/some N", "unos N"            N       None    None    about
"a dozen", "una treintena"          N       None    None    about
"nearly N", "casi N", "menos de N"  N       None    N-1     at_most
"up to N", "hasta N"                N       None    N       at_most
"dozens", "decenas", "hundreds"     None    24/20/200 None  at_least
"10 to 15", "entre 10 y 15"         None    10      15      about
==================================  ======  ======  ======  ==========

"nearly N" keeps the figure the source names as ``best`` and its strict bound
as ``high`` (as ``model.CasualtyMention`` documents), so it is the one reading
where ``best > high``; everywhere else ``low <= best <= high``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast


@dataclass(frozen=True, slots=True)
class NumberReading:
    """A cardinal as UCDP would code it (see the module docstring)."""

    best: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | more_than | about | at_most


def _fold_table() -> dict[int, str]:
    table = {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
    for c in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(c))[0].lower()
        if len(base) == 1 and "a" <= base <= "z":
            table[c] = base
    table[ord("’")] = "'"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Latin accents, keeping every offset the same."""
    return text.translate(_FOLD)


def _load() -> dict[str, Any]:
    return cast(
        dict[str, Any], json.loads((Path(__file__).with_name("lexicon") / "numbers.json").read_text("utf-8"))
    )


# Word tables (lexicon/numbers.json), loaded once at import.
_DATA = _load()
_QUALIFIERS: dict[str, dict[str, str]] = _DATA["qualifiers"]
_WORDS: dict[str, dict[str, tuple[str, int]]] = {
    lang: {w: (c, int(v)) for w, (c, v) in words.items()} for lang, words in _DATA["words"].items()
}
_COLLECTIVES: dict[str, dict[str, int]] = _DATA["collectives"]
_COLLECTIVE_SCALES: dict[str, int] = _DATA["collective_scales"]
_GROUP_NOUNS: dict[str, dict[str, int]] = _DATA["group_nouns"]
_ARTICLES: dict[str, dict[str, float]] = _DATA["articles"]


def _longest(table: dict[str, str] | dict[str, float]) -> dict[str, int]:
    """For each first word of a phrase in ``table``, the most words a phrase starting with it has."""
    out: dict[str, int] = {}
    for key in table:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


_RANGE_OPEN_WORD = {"en": "between", "es": "entre"}
_TABLES = [*_QUALIFIERS.values(), *_ARTICLES.values()]
_LONGEST = {id(t): _longest(t) for t in _TABLES}
# Words a number expression can start with: anything else is skipped at once.
_STARTERS = {
    lang: frozenset(
        {*_QUALIFIERS[lang], *_WORDS[lang], *_COLLECTIVES[lang], *_ARTICLES[lang], _RANGE_OPEN_WORD[lang]}
        | {k.split()[0] for k in (*_QUALIFIERS[lang], *_ARTICLES[lang])}
    )
    for lang in _WORDS
}
# Starters that are only a qualifier or an article ("at", "some", "a"): worth parsing only when the next
# word can continue a number expression.
_PREFIX_ONLY = {
    lang: _STARTERS[lang] - {w for w, (c, _) in _WORDS[lang].items() if c != "a"} - set(_COLLECTIVES[lang])
    for lang in _WORDS
}
_FOLLOWERS = {
    lang: frozenset(
        {w for phrase in (*_QUALIFIERS[lang], *_ARTICLES[lang]) for w in phrase.split()}
        | set(_WORDS[lang])
        | set(_COLLECTIVES[lang])
        | set(_GROUP_NOUNS[lang])
    )
    for lang in _WORDS
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
_CORE = {
    lang: re.compile(
        r"\d|\b(?:"
        + _trie(
            {w for w, (c, _) in _WORDS[lang].items() if c != "a"}
            | set(_COLLECTIVES[lang])
            | set(_GROUP_NOUNS[lang])
        )
        + r")\b"
    )
    for lang in _WORDS
}
_RANGE_JOIN = {"en": {"to", "or"}, "es": {"o", "a"}}
_RANGE_OPEN = {"en": ("between", "and"), "es": ("entre", "y")}
_NOT_ONE_BEFORE = {"no", "any", "every", "each", "the", "this", "that", "which", "no-one"}

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")

_PREV_WORD = re.compile(r"([^\W\d_]+)[^\w]*$")
_BACK, _AHEAD = 32, 64  # how far a qualifier may stand before a number, and a range run after it
Tok = tuple[int, int, str]  # start, end, folded text


def _digits_value(raw: str, language: str) -> float | None:
    """The value of a digit token, reading ``,``/``.`` as grouping or decimal marks."""
    seps = [c for c in raw if c in ",."]
    if not seps:
        return int(raw)
    if len(set(seps)) == 2:
        cut = max(raw.rfind(","), raw.rfind("."))
        return float(re.sub(r"[.,]", "", raw[:cut]) + "." + raw[cut + 1 :])
    groups = re.split(r"[.,]", raw)
    grouped = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    decimal_point = "." if language == "en" else ","
    if grouped and not (len(groups) == 2 and seps[0] == decimal_point and language == "en"):
        return int("".join(groups))
    if len(groups) == 2:
        return float(groups[0] + "." + groups[1])
    return None


def _is_code_or_ordinal(text: str, s: int, e: int) -> bool:
    """Digits glued to letters ("20th", "G20", "AK-47"), decimals (".50") and times ("10:30")."""
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    if after.isalpha() or before.isalpha() or before == "_":
        return True
    if before == "." and (s < 2 or not text[s - 2].isdigit()):
        return True
    if before == ":" and s >= 2 and text[s - 2].isdigit():
        return True
    if before in "-–" and s >= 2 and text[s - 2].isalpha():
        return True
    return after == ":" and e + 1 < len(text) and text[e + 1].isdigit()


def _gap_ok(text: str, a: int, b: int, hyphen: bool = False) -> bool:
    gap = text[a:b]
    return gap.isspace() or (hyphen and gap.strip() in ("-", "–"))


class _Parser:
    """A small recursive-descent reader over the folded tokens of one span."""

    def __init__(self, text: str, toks: list[Tok], language: str, prev: str = "") -> None:
        self.text, self.toks, self.lang, self.prev = text, toks, language, prev
        self.words = _WORDS[language]

    def before(self, i: int) -> str:
        """The word before token i (for i = 0, the word before the window)."""
        return self.toks[i - 1][2] if i > 0 else self.prev

    def word(self, i: int) -> str:
        return self.toks[i][2] if i < len(self.toks) else ""

    def joined(self, i: int, j: int) -> bool:
        """Tokens i and j (=i+1) are separated by whitespace only."""
        return j < len(self.toks) and _gap_ok(self.text, self.toks[i][1], self.toks[j][0])

    def phrase(self, i: int, table: dict[str, str] | dict[str, float]) -> tuple[int, str] | None:
        """The longest key of ``table`` spelled by tokens from i (space separated)."""
        longest = _LONGEST[id(table)].get(self.word(i), 0)
        for n in range(min(longest, len(self.toks) - i), 0, -1):
            if any(not self.joined(k, k + 1) for k in range(i, i + n - 1)):
                continue
            key = " ".join(t[2] for t in self.toks[i : i + n])
            if key in table:
                return i + n, key
        return None

    def number(self, i: int) -> tuple[int, float, bool, bool] | None:
        """(next index, value, approximate, collective) for a bare figure at token i."""
        return self.collective(i) or self.grouped(i) or self.digits(i) or self.spelled(i)

    def collective(self, i: int) -> tuple[int, float, bool, bool] | None:
        w = self.word(i)
        low = _COLLECTIVES[self.lang].get(w)
        if low is None:
            return None
        j = i + 1
        if self.word(j) in ("of", "de") and self.joined(i, j) and self.joined(j, j + 1):
            scale = _COLLECTIVE_SCALES.get(self.word(j + 1))
            if scale:
                return j + 2, low * scale, True, True
        if w in ("tens", "scores") and self.word(j) != "of":
            return None
        if self.before(i) in self.words and (i == 0 or self.joined(i - 1, i)):
            return None  # "dos millones": a scale word, read by spelled()
        return j, low, True, True

    def grouped(self, i: int) -> tuple[int, float, bool, bool] | None:
        """ "a dozen", "half a dozen", "una treintena", "un centenar"."""
        hit = self.phrase(i, _ARTICLES[self.lang])
        if hit is None:
            return None
        j, art = hit
        unit = _GROUP_NOUNS[self.lang].get(self.word(j))
        if unit is None or not self.joined(j - 1, j) or self.word(j).endswith("s"):
            return None
        if self.word(j) in ("cuarentena", "couple", "pair", "score") and self.word(j + 1) not in ("de", "of"):
            return None
        return j + 1, _ARTICLES[self.lang][art] * unit, self.word(j) not in ("pair", "par"), False

    def digits(self, i: int) -> tuple[int, float, bool, bool] | None:
        s, e, raw = self.toks[i]
        if not raw[0].isdigit() or _is_code_or_ordinal(self.text, s, e):
            return None
        value = _digits_value(raw, self.lang)
        if value is None:
            return None
        j, approx = i + 1, False
        while self.joined(j - 1, j) and self.word(j) in self.words and self.words[self.word(j)][0] == "scale":
            value *= self.words[self.word(j)][1]
            j += 1
        group = _GROUP_NOUNS[self.lang].get(self.word(j))
        if group and self.joined(j - 1, j):
            value, j, approx = value * group, j + 1, True
        if not float(value).is_integer():
            return None  # "7.62": a decimal, not a count
        return j, value, approx, False

    def spelled(self, i: int) -> tuple[int, float, bool, bool] | None:
        total, cur, last, j, approx = 0, 0, "", i, False
        while j < len(self.toks):
            if j > i and not _gap_ok(self.text, self.toks[j - 1][1], self.toks[j][0], hyphen=True):
                break
            kind, v = self.words.get(self.word(j), ("", 0))
            nxt = self.words.get(self.word(j + 1), ("", 0))[0]
            if kind == "a":
                if last or nxt not in ("hundred", "scale", "dozen"):
                    break
                cur, last = 1, "unit"
            elif kind == "unit" and last in ("", "scale", "hundred", "tens", "hundreds", "and"):
                if last == "tens" and self.lang == "es":
                    break  # Spanish joins tens and units with "y"
                cur, last = cur + v, "unit"
            elif kind in ("teen", "tens") and last in ("", "scale", "hundred", "hundreds", "and"):
                cur, last = cur + v, kind
            elif kind == "hundreds" and last in ("", "scale"):
                cur, last = cur + v, "hundreds"
            elif kind == "hundred" and last == "unit":
                cur, last = cur * 100, "hundred"
            elif kind == "scale" and last:
                total, cur, last = total + max(cur, 1) * v, 0, "scale"
            elif kind == "scale" and self.lang == "es" and v == 1000:
                total, last = 1000, "scale"
            elif kind == "dozen" and last in ("unit", "teen"):
                cur, last, approx = cur * 12, "dozen", True
            elif self.word(j) in ("and", "y") and last in (
                ("hundred", "scale") if self.lang == "en" else ("tens",)
            ):
                if self.words.get(self.word(j + 1), ("", 0))[0] not in ("unit", "teen", "tens"):
                    break
                last = "and"
            else:
                break
            j += 1
        if not last or last == "and":
            return None
        lone_one = j == i + 1 and self.word(i) == "one" and self.lang == "en"
        if lone_one and (self.before(i) in _NOT_ONE_BEFORE or self.word(i + 1) == "another"):
            return None
        return j, total + cur, approx, False

    def qualified(self, i: int) -> tuple[int, NumberReading] | None:
        """A figure at token i with its qualifier(s) and range, or None."""
        quals = _QUALIFIERS[self.lang]
        j, qual = i, "exact"
        while (hit := self.phrase(j, quals)) is not None and self.joined(hit[0] - 1, hit[0]):
            j, qual = hit[0], quals[hit[1]]
        opener = _RANGE_OPEN[self.lang]
        if self.word(j) == opener[0] and self.joined(j, j + 1):
            ranged = self.range(j + 1, {opener[1]})
            if ranged is not None:
                return ranged
        first = self.number(j)
        if first is None:
            return None
        if qual == "exact" and first[3] is False and (ranged := self.range(j, _RANGE_JOIN[self.lang])):
            return ranged
        return first[0], _reading(first[1], qual, approx=first[2], collective=first[3])

    def range(self, j: int, joins: set[str]) -> tuple[int, NumberReading] | None:
        first = self.number(j)
        if first is None or first[3] or self.before(j) in ("from", "desde", "de"):
            return None
        k = first[0]
        sep_hyphen = k < len(self.toks) and self.text[self.toks[k - 1][1] : self.toks[k][0]].strip() in (
            "-",
            "–",
        )
        if self.word(k) in joins and self.joined(k - 1, k):
            k += 1
        elif not (sep_hyphen and self.word(k)[:1].isdigit() and self.word(j)[:1].isdigit()):
            return None
        second = self.number(k) if k < len(self.toks) else None
        if second is None or second[3] or not first[1] < second[1]:
            return None
        if any(len(self.word(x)) == 4 and self.word(x).isdigit() for x in (j, k)):
            return None  # "between 2018 and 2021": years, not a range of people
        return second[0], NumberReading(None, int(first[1]), int(second[1]), "about")


def _reading(value: float, qual: str, approx: bool = False, collective: bool = False) -> NumberReading:
    n = int(round(value))
    if collective:
        return NumberReading(None, n, None, "at_least")
    if qual == "exact" and approx:
        qual = "about"
    if qual == "at_least":
        return NumberReading(n, n, None, "at_least")
    if qual == "more_than":
        return NumberReading(n + 1, n + 1, None, "more_than")
    if qual == "about":
        return NumberReading(n, None, None, "about")
    if qual == "at_most_strict":
        return NumberReading(n, None, max(n - 1, 0), "at_most")
    if qual == "at_most":
        return NumberReading(n, None, n, "at_most")
    return NumberReading(n, n, n, "exact")


def find_numbers(
    text: str, start: int = 0, end: int | None = None, language: str = "en"
) -> list[tuple[int, int, NumberReading]]:
    """Every cardinal in ``text[start:end]`` as (start, end, reading), offsets absolute.

    A qualifier in front ("at least", "casi") is part of the span.  Integers
    only: a decimal with no scale word ("7.62") is skipped whole.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    lang = language if language in _WORDS else "en"
    folded = fold(text[start:end])
    found: list[tuple[int, int, NumberReading]] = []
    done = 0  # local offset up to which the text is read
    for core in _CORE[lang].finditer(folded):
        if core.start() < done:
            continue
        hit = _read_around(text, folded, start, max(done, core.start() - _BACK), core, lang)
        if hit is not None:
            found.append(hit)
            done = hit[1] - start
    return found


def _read_around(
    text: str, folded: str, offset: int, ws: int, core: re.Match[str], lang: str
) -> tuple[int, int, NumberReading] | None:
    """The number expression covering ``core``, read in a window of folded text from ``ws``."""
    we = min(len(folded), core.end() + _AHEAD)
    toks = [(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN_RE.finditer(folded, ws, we)]
    if toks and ws > 0 and folded[ws - 1].isalnum():
        toks = toks[1:]  # a word cut by the window
    prev = _PREV_WORD.search(folded, max(0, ws - 24), ws)
    parser = _Parser(text, toks, lang, prev.group(1) if prev else "")
    starters, prefix_only, followers = _STARTERS[lang], _PREFIX_ONLY[lang], _FOLLOWERS[lang]
    at = core.start() + offset
    for i, (s, _, w) in enumerate(toks):
        if s > at:
            break
        nxt = toks[i + 1][2] if i + 1 < len(toks) else " "
        if not (
            w[0].isdigit()
            or (w in starters and (w not in prefix_only or nxt in followers or nxt[0].isdigit()))
        ):
            continue
        hit = parser.qualified(i)
        if hit is not None and toks[hit[0] - 1][1] > at:
            return s, toks[hit[0] - 1][1], hit[1]
    return None


def parse_number(text: str, language: str = "en") -> NumberReading | None:
    """The reading of ``text`` when the whole of it is one number expression."""
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    found = find_numbers(text, language=language)
    if len(found) == 1 and found[0][0] == lead and found[0][1] == lead + len(stripped):
        return found[0][2]
    return None

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
"more than N", "más de N"           N       N       None    more_than
"about/some N", "unos N"            N       None    None    about
"a dozen", "una treintena"          N       None    None    about
"nearly N", "casi N", "menos de N"  N       None    N       at_most
"up to N", "hasta N"                N       None    N       at_most
"dozens", "decenas", "hundreds"     None    24/20/200 None  at_least
"10 to 15", "entre 10 y 15"         None    10      15      about
==================================  ======  ======  ======  ==========

``best`` is always the figure the source names, the qualifier says whether a
bound is strict, and ``low <= best <= high`` always holds (the database checks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.extract.numbers_lexicon import (
    AHEAD,
    ARTICLES,
    BACK,
    COLLECTIVE_SCALES,
    COLLECTIVES,
    CORE,
    FOLLOWERS,
    GROUP_NOUNS,
    LONGEST,
    NOT_ONE_BEFORE,
    PREFIX_ONLY,
    PREV_WORD,
    QUALIFIERS,
    RANGE_JOIN,
    RANGE_OPEN,
    STARTERS,
    TOKEN_RE,
    WORDS,
    Tok,
    fold,
)

__all__ = ["NumberReading", "find_numbers", "fold", "parse_number"]


@dataclass(frozen=True, slots=True)
class NumberReading:
    """A cardinal as UCDP would code it (see the module docstring)."""

    best: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | more_than | about | at_most


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
        self.words = WORDS[language]

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
        longest = LONGEST[id(table)].get(self.word(i), 0)
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
        low = COLLECTIVES[self.lang].get(w)
        if low is None:
            return None
        j = i + 1
        if self.word(j) in ("of", "de") and self.joined(i, j) and self.joined(j, j + 1):
            scale = COLLECTIVE_SCALES.get(self.word(j + 1))
            if scale:
                return j + 2, low * scale, True, True
        if w in ("tens", "scores") and self.word(j) != "of":
            return None
        if self.before(i) in self.words and (i == 0 or self.joined(i - 1, i)):
            return None  # "dos millones": a scale word, read by spelled()
        return j, low, True, True

    def grouped(self, i: int) -> tuple[int, float, bool, bool] | None:
        """ "a dozen", "half a dozen", "una treintena", "un centenar"."""
        hit = self.phrase(i, ARTICLES[self.lang])
        if hit is None:
            return None
        j, art = hit
        unit = GROUP_NOUNS[self.lang].get(self.word(j))
        if unit is None or not self.joined(j - 1, j) or self.word(j).endswith("s"):
            return None
        if self.word(j) in ("cuarentena", "couple", "pair", "score") and self.word(j + 1) not in ("de", "of"):
            return None
        return j + 1, ARTICLES[self.lang][art] * unit, self.word(j) not in ("pair", "par"), False

    def digits(self, i: int) -> tuple[int, float, bool, bool] | None:
        s, e, raw = self.toks[i]
        if not "0" <= raw[0] <= "9" or _is_code_or_ordinal(self.text, s, e):
            return None
        value = _digits_value(raw, self.lang)
        if value is None:
            return None
        j, approx = i + 1, False
        while self.joined(j - 1, j) and self.word(j) in self.words and self.words[self.word(j)][0] == "scale":
            value *= self.words[self.word(j)][1]
            j += 1
            rest = self.word(j)
            if self.joined(j - 1, j) and rest.isdigit() and len(rest) <= 3 and self.lang == "es":
                value, j = value + int(rest), j + 1  # Mexican style "3 mil 200"
        group = GROUP_NOUNS[self.lang].get(self.word(j))
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
        if lone_one and (self.before(i) in NOT_ONE_BEFORE or self.word(i + 1) == "another"):
            return None
        return j, total + cur, approx, False

    def qualified(self, i: int) -> tuple[int, NumberReading] | None:
        """A figure at token i with its qualifier(s) and range, or None."""
        quals = QUALIFIERS[self.lang]
        j, qual = i, "exact"
        while (hit := self.phrase(j, quals)) is not None and self.joined(hit[0] - 1, hit[0]):
            j, qual = hit[0], quals[hit[1]]
        opener = RANGE_OPEN[self.lang]
        if self.word(j) == opener[0] and self.joined(j, j + 1):
            ranged = self.range(j + 1, {opener[1]})
            if ranged is not None:
                return ranged
        first = self.number(j)
        if first is None:
            return None
        if qual == "exact" and first[3] is False and (ranged := self.range(j, RANGE_JOIN[self.lang])):
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
        elif not (sep_hyphen and "0" <= self.word(k)[:1] <= "9" and "0" <= self.word(j)[:1] <= "9"):
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
        return NumberReading(n, n, None, "more_than")
    if qual == "about":
        return NumberReading(n, None, None, "about")
    if qual == "at_most_strict":
        return NumberReading(n, None, n, "at_most")
    if qual == "at_most":
        return NumberReading(n, None, n, "at_most")
    return NumberReading(n, n, n, "exact")


def find_numbers(
    text: str, start: int = 0, end: int | None = None, language: str = "en", *, folded: str | None = None
) -> list[tuple[int, int, NumberReading]]:
    """Every cardinal in ``text[start:end]`` as (start, end, reading), offsets absolute.

    A qualifier in front ("at least", "casi") is part of the span.  Integers
    only: a decimal with no scale word ("7.62") is skipped whole.  ``folded``
    is ``fold(text[start:end])`` when the caller already has it.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    lang = language if language in WORDS else "en"
    if folded is None or len(folded) != end - start:
        folded = fold(text[start:end])
    found: list[tuple[int, int, NumberReading]] = []
    done = 0  # local offset up to which the text is read
    for core in CORE[lang].finditer(folded):
        if core.start() < done:
            continue
        hit = _read_around(text, folded, start, max(done, core.start() - BACK), core, lang)
        if hit is not None:
            found.append(hit)
            done = hit[1] - start
    return found


def _read_around(
    text: str, folded: str, offset: int, ws: int, core: re.Match[str], lang: str
) -> tuple[int, int, NumberReading] | None:
    """The number expression covering ``core``, read in a window of folded text from ``ws``."""
    we = min(len(folded), core.end() + AHEAD)
    toks = [(m.start() + offset, m.end() + offset, m.group()) for m in TOKEN_RE.finditer(folded, ws, we)]
    if toks and ws > 0 and folded[ws - 1].isalnum():
        toks = toks[1:]  # a word cut by the window
    prev = PREV_WORD.search(folded, max(0, ws - 24), ws)
    parser = _Parser(text, toks, lang, prev.group(1) if prev else "")
    starters, prefix_only, followers = STARTERS[lang], PREFIX_ONLY[lang], FOLLOWERS[lang]
    at = core.start() + offset
    for i, (s, _, w) in enumerate(toks):
        if s > at:
            break
        nxt = toks[i + 1][2] if i + 1 < len(toks) else " "
        if not (
            "0" <= w[0] <= "9"
            or (w in starters and (w not in prefix_only or nxt in followers or "0" <= nxt[0] <= "9"))
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

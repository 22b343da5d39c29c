"""The rule machinery of the dates stage, plus the language-neutral rules.

A rule is a compiled regex and a handler turning one match into a ``Found``
(or None when context shows it is not a date).  ``dates.py`` runs every rule
of the document's language, keeps the longest non-overlapping readings and
then joins ranges, "since" periods and anaphoric years.

Offsets convention: a mention covers the temporal expression with its
modifiers ("late last month", "mid-May", "el pasado martes", "earlier this
year") but WITHOUT a leading preposition or bare article ("in January" ->
"January", "on Thursday" -> "Thursday", "el lunes" -> "lunes", "the 1990s"
-> "1990s", "a finales de 2018" -> "finales de 2018").  A Spanish article is
kept when the phrase carries a relative modifier ("el año pasado", "la
semana pasada").  Ranges cover their connective ("between 2018 and May 12"),
and fixed idioms are covered whole ("since then", "at the time", "en lo que
va del año").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from timeline.extract.dates_calendar import Anchor, day_iv, month_end, part_of, year_iv
from timeline.extract.dates_lexicon import (
    HEDGES,
    MONTHS,
    PARTS,
    SEASONS,
    UNITS,
    VAGUE_COUNTS,
    WEEKDAYS,
    alternation,
    number_value,
)
from timeline.extract.dates_parser import parse_full_date
from timeline.extract.model import UNKNOWN_DATE, Interval, Precision

YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
ORD = r"(?:st|nd|rd|th)?"

# Nouns that make a preceding four-digit number a count, not a year.
COUNT_NOUN = re.compile(
    r"\s*(?:%|(?:people|persons?|personas|victims|víctimas|officers|agents|agentes|soldiers|"
    r"soldados|troops|police|policemen|policías|members|miembros|elementos|residents|"
    r"habitantes|famil(?:y|ies|ias)|homes|houses|casas|cases|casos|murders|homicides|"
    r"homicidios|killings|deaths|muertes|muertos|dead|bodies|cuerpos|guns|armas|weapons|"
    r"rifles|firearms|rounds|bullets|cartuchos|vehicles|vehículos|cars|trucks|pesos?|"
    r"dollars?|dólares|euros?|usd|mxn|kms?|kilomet(?:er|re)s?|kilómetros|miles?|"
    r"met(?:er|re)s?|metros|feet|ft|tons?|tonnes?|toneladas|kilos?|kg|kilogramos|pounds|"
    r"lbs|hectares?|hectáreas|acres|times|veces|percent|per\s+cent|por\s+ciento|units|"
    r"unidades|students|estudiantes|migrants|migrantes|workers|trabajadores|inmates|reos|"
    r"prisoners|presos|children|niños|women|mujeres|men|hombres|detainees|detenidos|"
    r"arrests|doses|votes|votos|calibre|caliber|of\s+(?:the|them|those|these|whom|which))\b)",
    re.IGNORECASE,
)
# Counting words before a number: "more than 2000" is not the year 2000.
COUNT_BEFORE = re.compile(
    r"(?:\b(?:more\s+than|over|up\s+to|fewer\s+than|less\s+than|nearly|almost|some|"
    r"más\s+de|menos\s+de|unos|unas|casi)\s+|[$€£#]\s*|\d[.,]|No\.\s*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Found:
    """One reading of a temporal expression at [start, end)."""

    start: int
    end: int
    interval: Interval
    relative: bool = False
    role: str = "event"
    yearless: bool = False  # a month/day whose year came from the publication


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a handler may look at: the text, the window, the anchor."""

    text: str
    lo: int
    hi: int
    anchor: Anchor
    language: str

    def before(self, pos: int, width: int = 40) -> str:
        """The text just before ``pos``, never reaching before the window."""
        return self.text[max(self.lo, pos - width) : pos]


Handler = Callable[[re.Match[str], Ctx], Found | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handle: Handler

    @property
    def anchors(self) -> tuple[frozenset[str], int, int]:
        """The anchor kinds this rule needs and how far its matches reach around them."""
        return RULE_ANCHORS.get(self.name) or RULE_ANCHORS[self.name.removesuffix("-es")]


def rule(name: str, pattern: str, flags: int = re.IGNORECASE) -> Callable[[Handler], Rule]:
    """Decorator: compile ``pattern`` (verbose) once and pair it with a handler."""

    def wrap(fn: Handler) -> Rule:
        return Rule(name, re.compile(pattern, flags | re.VERBOSE), fn)

    return wrap


def unresolved(start: int, end: int, role: str = "event") -> Found:
    """A relative expression with nothing to anchor it: unknown, relative."""
    return Found(start, end, UNKNOWN_DATE, relative=True, role=role)


def found(start: int, end: int, iv: Interval | None, relative: bool = False,
          role: str = "event", yearless: bool = False) -> Found:
    """``iv`` at [start, end), or an unresolved relative mention when None."""
    if iv is None:
        return unresolved(start, end, role)
    return Found(start, end, iv, relative, role, yearless)


def capitalised(m: re.Match[str], group: str) -> bool:
    return m.string[m.start(group)].isupper()


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def part_name(word: str | None) -> str | None:
    """"the end of" / "finales" / "mid" -> "late" / "late" / "mid"."""
    if not word:
        return None
    low = word.lower()
    if "first" in low or "primera" in low:
        return "first-half"
    if "second" in low or "segunda" in low:
        return "second-half"
    for token in reversed(re.findall(r"[a-záéíóúñ]+", low)):
        if token in PARTS:
            return PARTS[token]
    return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def is_count(ctx: Ctx, start: int, end: int) -> bool:
    """True when the number at [start, end) reads as a quantity, not a year."""
    return bool(COUNT_NOUN.match(ctx.text, end)) or bool(COUNT_BEFORE.search(ctx.before(start, 16)))


# ---------------------------------------------------------------- shared rules


@rule("iso", rf"""(?<![\w/.-])(?P<y>{YEAR})(?P<sep>[-/])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>{DAY})
    (?![\w/-]|\.\d)""")
def _iso(m: re.Match[str], ctx: Ctx) -> Found | None:
    day = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return Found(m.start(), m.end(), day_iv(day)) if day else None


@rule("numeric", r"""(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})
    |\d{1,2}-[a-z]{3,4}\.?-(?:\d{4}|\d{2}))(?![\w/]|[.-]\d)""")
def _numeric(m: re.Match[str], ctx: Ctx) -> Found | None:
    day = parse_full_date(m.group(), ctx.language)
    return Found(m.start(), m.end(), day_iv(day)) if day else None


@rule("year-range", rf"(?<![\w$#./-])(?P<y1>{YEAR})\s*[-–—/]\s*(?P<y2>{YEAR}|\d{{2}})(?![\w%]|[.,:/]\d)")
def _year_range(m: re.Match[str], ctx: Ctx) -> Found | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < 100:
        y2 += y1 // 100 * 100
    if y2 <= y1 or is_count(ctx, m.start(), m.end()):
        return None
    first, last = year_iv(y1), year_iv(y2)
    assert first.start and last.end
    return Found(m.start(), m.end(), Interval(first.start, last.end, Precision.RANGE))


SHARED_RULES = [_iso, _numeric, _year_range]


def apply_part(iv: Interval, part: str | None) -> Interval:
    """Narrow ``iv`` to the part named ("early", "first-half", ...)."""
    if part in ("early", "earlier", "mid", "late", "later"):
        return part_of(iv, {"earlier": "early", "later": "late"}.get(part, part))
    if part in ("first-half", "second-half") and iv.start and iv.end:
        y = iv.start.year
        if part == "first-half":
            return Interval(dt.date(y, 1, 1), dt.date(y, 6, 30), iv.precision, True)
        return Interval(dt.date(y, 7, 1), dt.date(y, 12, 31), iv.precision, True)
    return iv


def year_found(m: re.Match[str], ctx: Ctx) -> Found | None:
    """A four-digit year, optionally with a part ("late 2018", "finales de 2018")."""
    part = part_name(m.group("part"))
    if part is None and is_count(ctx, m.start("y"), m.end("y")):
        return None
    iv = apply_part(year_iv(int(m["y"])), part)
    start = m.start("part") if part else m.start("y")
    return Found(start, m.end(), iv)


def count_of(word: str) -> tuple[int, int, bool] | None:
    """(low, high, vague) for a count word: "two" -> (2, 2, False), "a few" -> (2, 4, True)."""
    w = " ".join(word.lower().split())
    if w in VAGUE_COUNTS:
        lo, hi = VAGUE_COUNTS[w]
        return lo, hi, True
    n = number_value(w)
    return (n, n, False) if n is not None else None


# How a hedge widens [low, high] units back: (subtract from low, add to high).
_WIDEN = {
    "exact": (0.0, 0.0), "about": (0.5, 0.5), "nearly": (0.5, 0.0),
    "over": (0.0, 1.0), "under": (1.0, 0.0),
}


def ago_interval(anchor: Anchor, unit: str, count: str, hedge: str | None) -> Interval | None:
    """The interval "``hedge`` ``count`` ``unit`` ago" denotes, None if unanchored."""
    counted = count_of(count)
    if counted is None:
        return None
    lo, hi, vague = counted
    kind = HEDGES.get(" ".join(hedge.lower().split()), "about") if hedge else "exact"
    if unit in ("hour", "minute"):
        unit, lo, hi = "day", 0, 0
    sub, add = _WIDEN[kind]
    if unit == "day" and kind != "exact":
        sub, add = min(1.0, sub * 2), min(1.0, add * 2)
    elif unit == "week":
        sub, add = sub + 3 / 7, add + 3 / 7
    elif unit in ("year", "decade") and kind == "exact":
        sub, add = 0.5, 0.5
    approximate = unit != "day" or vague or kind not in ("exact",)
    iv = anchor.ago(unit, max(0.0, lo - sub), hi + add, approximate)
    if iv is None or iv.start is None or iv.end is None:
        return iv
    if unit == "month":  # snap to whole calendar months
        return Interval(iv.start.replace(day=1), month_end(iv.end.year, iv.end.month),
                        Precision.MONTH, True)
    if unit == "decade":
        return Interval(iv.start, iv.end, Precision.DECADE, True)
    return iv


# ---------------------------------------------------------------- anchors
#
# Scanning every rule over a whole article costs ~20 ms in Python's regex
# engine.  Instead one cheap pass finds anchor words (numbers, month and
# weekday names, unit words, ...), and each rule only scans a small window
# around the anchors it needs: every expression it can match contains one.

_ANCHOR_WORDS: dict[str, str] = {
    **{w: "month" for w in MONTHS},
    **{w: "weekday" for w in WEEKDAYS},
    **{w: "season" for w in SEASONS},
    **{w: "unit" for w in UNITS},
    **{w: "rel" for w in ("yesterday", "today", "tonight", "tomorrow", "night", "morning",
                          "afternoon", "evening", "ayer", "hoy", "anoche", "anteayer", "antier",
                          "mañana", "tarde", "noche")},
    **{w: "ago" for w in ("ago", "back", "since", "hace", "atrás")},
    **{w: "then" for w in ("then", "time", "shortly", "soon", "immediately", "weekend",
                           "entonces", "momento", "tiempo", "poco", "pocos")},
    **{w: "recent" for w in ("recently", "lately", "recent", "recientemente", "últimamente",
                             "últimos", "últimas")},
    **{w: "decade" for w in ("twenties", "thirties", "forties", "fifties", "sixties",
                             "seventies", "eighties", "nineties", "veinte", "treinta",
                             "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta",
                             "noventa", "década")},
}
# Some words anchor more than one kind of expression.
_EXTRA_KINDS = {"night": ("then",), "morning": ("then",), "afternoon": ("then",),
                "evening": ("then",), "noche": ("then",), "mañana": ("then",),
                "tarde": ("then",), "poco": ("recent",)}
_ANCHOR = re.compile(r"\d+|\b" + alternation(_ANCHOR_WORDS) + r"\b")
# rule -> (anchor kinds, how far an expression reaches before / after its anchor)
RULE_ANCHORS: dict[str, tuple[frozenset[str], int, int]] = {
    name: (frozenset(kinds.split()), back, ahead) for name, (kinds, back, ahead) in {
        "iso": ("y4", 0, 8), "numeric": ("numsep", 6, 12), "year-range": ("y4", 8, 10),
        "full-date": ("month", 16, 12), "day-range": ("month", 12, 20),
        "full-date-es": ("month", 30, 12), "day-range-es": ("month", 30, 10),
        "month": ("month", 40, 20), "year": ("y4", 30, 0), "decade": ("y4 decade", 12, 6),
        "decade-es": ("y4 decade unit", 45, 12), "season": ("season", 25, 25),
        "weekday": ("weekday", 20, 25), "day-word": ("rel", 30, 10),
        "relative-period": ("unit", 40, 10), "so-far": ("unit y4", 20, 12),
        "ago": ("ago", 40, 30), "recently": ("recent", 30, 10), "past-n": ("unit", 35, 0),
        "duration": ("unit", 35, 20), "for-units": ("unit", 10, 0),
        "anaphoric": ("unit then", 20, 12), "anaphoric-offset": ("unit", 35, 12),
        "first-months": ("unit", 30, 25), "weekend": ("then", 20, 4),
        "first-months-es": ("unit", 30, 25), "weekend-es": ("unit", 20, 10),
    }.items()
}


def anchor_spans(text: str, lo: int, hi: int) -> dict[str, list[tuple[int, int]]]:
    """For each anchor kind, the spans of its anchors in text[lo:hi].

    Only the window is lower-cased (the stage runs once per sentence; lowering
    the whole document each time cost a quarter of the stage); a window whose
    length changes when lower-cased (rare letters such as "İ") falls back to
    the whole text, so offsets stay exact.
    """
    low = text[lo:hi].lower()
    shift = lo
    if len(low) != hi - lo:
        low, shift = text.lower(), 0
    out: dict[str, list[tuple[int, int]]] = {}
    for m in _ANCHOR.finditer(low, lo - shift, hi - shift):
        s, e = m.span()
        word = m.group()
        if word[0].isdigit():
            nxt = low[e : e + 2]
            kinds: tuple[str, ...] = ("num",)
            if len(word) == 4 and word[:2] in ("19", "20"):
                kinds = ("y4",)
            if nxt[:1] in ("/", ".", "-") and nxt[1:2].isdigit() or nxt[:1] == "-" and nxt[1:2].isalpha():
                kinds += ("numsep",)
            if nxt[:1] == "s" or nxt[:1] in ("'", "’") and low[e + 1 : e + 2] == "s":
                kinds += ("decade",)
        else:
            kinds = (_ANCHOR_WORDS[word], *_EXTRA_KINDS.get(word, ()))
        for kind in kinds:
            out.setdefault(kind, []).append((s + shift, e + shift))
    return out


_TO_SPACE = re.compile(r"\S*")


def rule_windows(rule: Rule, anchors: dict[str, list[tuple[int, int]]], text: str, lo: int,
                 hi: int) -> list[tuple[int, int]]:
    """The merged windows [start, end) a rule must scan to see all its anchors.

    A window never cuts a word: it ends at whitespace (or the end of the range).
    """
    kinds, back, ahead = rule.anchors
    return windows(kinds, back, ahead, anchors, text, lo, hi)


def windows(kinds: frozenset[str], back: int, ahead: int, anchors: dict[str, list[tuple[int, int]]],
            text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``rule_windows`` with the rule's anchor kinds and reach already looked up."""
    spans = [sp for k in kinds for sp in anchors.get(k, ())]
    if len(kinds) > 1:
        spans.sort()
    merged: list[tuple[int, int]] = []
    last_end = -1
    for s, e in spans:
        s = s - back if s - back > lo else lo
        if s <= last_end:
            s = merged.pop()[0]
        word = _TO_SPACE.match(text, e + ahead if e + ahead < hi else hi)
        last_end = word.end() if word else hi
        if last_end > hi:
            last_end = hi
        merged.append((s, last_end))
    return merged

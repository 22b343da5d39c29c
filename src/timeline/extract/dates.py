"""The dates stage: every temporal expression in a text, as an interval.

Regex rules (``dates_rules_en`` / ``dates_rules_es``, plus the numeric ones
in ``dates_rules``) read candidate expressions and resolve them against the
publication date at its own precision; only full numeric dates go through
the ``dateparser`` adapter.  Overlapping readings keep the longest.  Three
passes then join what single rules cannot see:

- ranges: "between 2018 and May 12", "from 2015 to 2018", "entre 2018 y
  2021" become one mention covering the whole phrase;
- "since": "since 2018" / "desde 2018" runs from 2018 to publication;
- anaphoric years: in "2021 - a year which claimed ...", "a year which"
  gets its own mention dated 2021, so a figure attached to it finds a date.

Offsets convention (see ``dates_rules``): a mention covers the expression
and its modifiers, not a leading preposition or bare article.  A relative
expression is never resolved against today: with no (or too coarse a)
publication date it stays unresolved (precision ``unknown``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from timeline.extract import dates_rules_en, dates_rules_es
from timeline.extract.dates_calendar import Anchor, span_iv, year_iv
from timeline.extract.dates_rules import (
    SHARED_RULES,
    Ctx,
    Found,
    Rule,
    anchor_spans,
    windows,
)
from timeline.extract.model import DateMention, Interval, Precision

RULES: dict[str, list[Rule]] = {
    "en": SHARED_RULES + dates_rules_en.RULES,
    "es": SHARED_RULES + dates_rules_es.RULES,
}
# Per language: (rank, rule, anchor kinds, reach back, reach ahead), looked up once.
_PLANS = {lang: [(rank, r, *r.anchors) for rank, r in enumerate(rules)] for lang, rules in RULES.items()}

_RANGE_OPEN = re.compile(r"\b(?P<w>between|from|entre|desde|del|de)\s+(?:the\s+|el\s+)?$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?P<w>and|to|until|till|through|thru|y|a|al|hasta|[-–—])\s*(?:el\s+)?",
                        re.IGNORECASE)
_CLOSERS = {"between": {"and"}, "entre": {"y"},
            "from": {"to", "until", "till", "through", "thru", "-", "–", "—"},
            "desde": {"hasta", "a", "al", "-", "–", "—"},
            "de": {"a", "al", "hasta", "-", "–", "—"}, "del": {"a", "al", "hasta"}}
_SINCE = re.compile(r"\b(?:ever\s+)?(?:since|desde)\s+(?:at\s+least\s+|al\s+menos\s+|por\s+lo\s+menos\s+)?$",
                    re.IGNORECASE)
# "from 2015 until now", "de 2018 a la fecha": a "since" period spelled as a range
_RANGE_TO_NOW = re.compile(
    r"\s+(?:(?:until|till|to|through)\s+(?:now|today|date|the\s+present|this\s+day)"
    r"|(?:hasta|a)\s+(?:la\s+fecha|hoy|ahora|el\s+presente))\b",
    re.IGNORECASE,
)
_FROM = re.compile(r"\b(?:from|de|desde)\s+$", re.IGNORECASE)
_YEAR_WHICH = re.compile(
    r"\s*(?:,|–|—|-|--|:)\s*(?P<p>(?:a|the)\s+year\s+(?:which|that|in\s+which|when|where)"
    r"|un\s+año\s+(?:que|en\s+(?:el\s+)?que|en\s+el\s+cual|donde|cuando))\b",
    re.IGNORECASE,
)


def find_dates(text: str, start: int = 0, end: int | None = None, *,
               published: Interval | None, language: str = "en") -> list[DateMention]:
    """Every temporal expression in text[start:end], offsets absolute into text, sorted by start."""
    end = len(text) if end is None else min(end, len(text))
    anchors = anchor_spans(text, start, end)
    if not anchors:  # most sentences: no number and no date word
        return []
    ctx = Ctx(text, start, end, Anchor(published), language)
    found = _select(_candidates(ctx, end, anchors))
    found = _join_ranges(found, ctx)
    found = [_since(f, ctx) for f in found]
    found = _anaphoric_years(found, ctx, end)
    return [DateMention(f.start, f.end, f.interval, f.relative, f.role) for f in found]


def resolve_relative(mention_text: str, published: Interval | None, language: str = "en") -> Interval:
    """The interval of one expression (the widest mention found in it), or unknown."""
    mentions = find_dates(mention_text, published=published, language=language)
    if not mentions:
        return Interval(None, None, Precision.UNKNOWN)
    return max(mentions, key=lambda d: d.end - d.start).interval


def _candidates(ctx: Ctx, end: int, anchors: dict[str, list[tuple[int, int]]]) -> list[tuple[Found, int]]:
    """Every rule's readings around the sentence's anchors, with its rule's rank (earlier rules win ties)."""
    out: list[tuple[Found, int]] = []
    seen: set[tuple[int, int, int]] = set()
    for rank, rule, kinds, back, ahead in _plans(ctx.language, frozenset(anchors)):
        for ws, we in windows(kinds, back, ahead, anchors, ctx.text, ctx.lo, end):
            for m in rule.pattern.finditer(ctx.text, ws, we):
                f = rule.handle(m, ctx)
                if f is not None and f.end > f.start and (rank, f.start, f.end) not in seen:
                    seen.add((rank, f.start, f.end))
                    out.append((f, rank))
    return out


@lru_cache(maxsize=1024)
def _plans(language: str, kinds: frozenset[str]) -> tuple[tuple[int, Rule, frozenset[str], int, int], ...]:
    """The rules, in rank order, with an anchor of these kinds (most rules have none in a given
    sentence, and sentences have few sets of anchor kinds)."""
    return tuple(plan for plan in _PLANS.get(language, _PLANS["en"]) if not plan[2].isdisjoint(kinds))


def _select(candidates: list[tuple[Found, int]]) -> list[Found]:
    """The longest non-overlapping readings, in text order."""
    candidates.sort(key=lambda c: (c[0].start - c[0].end, c[1], c[0].start))
    kept: list[Found] = []
    for f, _ in candidates:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _join_ranges(found: list[Found], ctx: Ctx) -> list[Found]:
    """Merge "between A and B" / "from A to B" / "A - B" into one range mention."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        joined = _range(a, b, ctx) if b else None
        if joined:
            out.append(joined)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _range(a: Found, b: Found, ctx: Ctx) -> Found | None:
    if a.role != "event" or b.role != "event":
        return None
    gap = _RANGE_GAP.fullmatch(ctx.text, a.end, b.start)
    if not gap:
        return None
    opener = _RANGE_OPEN.search(ctx.before(a.start, 12))
    closer = gap["w"].lower()
    if opener:
        if closer not in _CLOSERS[opener["w"].lower()]:
            return None
        start = max(ctx.lo, a.start - 12) + opener.start()
    elif closer in "-–—" and not (a.relative or b.relative):
        start = a.start
    else:
        return None
    first = _align_year(a, b)
    iv = span_iv(first.interval, b.interval)
    return Found(start, b.end, iv, a.relative or b.relative)


def _align_year(a: Found, b: Found) -> Found:
    """"from January to March 2019": a yearless start takes the end's year."""
    ia, ib = a.interval, b.interval
    if not (a.yearless and not b.yearless and ia.start and ia.end and ib.start and ib.end):
        return a
    year = ib.end.year if ia.start.replace(year=2000) <= ib.end.replace(year=2000) else ib.end.year - 1
    try:
        iv = replace(ia, start=ia.start.replace(year=year),
                     end=ia.end.replace(year=year + ia.end.year - ia.start.year))
    except ValueError:
        return a
    return replace(a, interval=iv)


def _since(f: Found, ctx: Ctx) -> Found:
    """"since 2018": the period from 2018 to publication (or 2018 itself, unanchored)."""
    if f.role != "event":
        return f
    to_now = _RANGE_TO_NOW.match(ctx.text, f.end) if _FROM.search(ctx.before(f.start, 8)) else None
    if to_now and to_now.end() <= ctx.hi:
        f = replace(f, end=to_now.end())
    elif not _SINCE.search(ctx.before(f.start, 30)):
        return f
    iv, a = f.interval, ctx.anchor
    if iv.resolved and a.grain(Precision.YEAR) and iv.start and a.end >= iv.start:
        return replace(f, interval=Interval(iv.start, a.end, Precision.RANGE, iv.approximate),
                       relative=True, role="since")
    return replace(f, role="since")


def _anaphoric_years(found: list[Found], ctx: Ctx, end: int) -> list[Found]:
    """Add "a year which/that ..." after a year or range, dated that (last) year."""
    out: list[Found] = []
    for f in found:
        out.append(f)
        iv = f.interval
        if iv.end is None or iv.precision not in (Precision.YEAR, Precision.RANGE):
            continue
        m = _YEAR_WHICH.match(ctx.text, f.end, end)
        if m:
            out.append(Found(m.start("p"), m.end("p"), year_iv(iv.end.year), f.relative))
    # a duration reading of "a year" inside the phrase gives way to it
    spans = [(f.start, f.end) for f in out if f.role == "event"]
    return sorted((f for f in out if f.role == "event" or
                   all(f.end <= s or f.start >= e for s, e in spans)), key=lambda f: f.start)

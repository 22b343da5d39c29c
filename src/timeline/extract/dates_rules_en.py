"""English date rules (see ``dates_rules`` for the machinery and conventions).

English capitalises month and weekday names, which is what separates
"May 17" from "things may appear" and "March 3" from "they march": every
handler reading a name checks its capital.  "May" and "March" alone need a
preposition or modifier before them ("in May", "since March").
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.extract import dates_lexicon as lx
from timeline.extract.dates_calendar import (
    SEASON_MONTHS,
    add_months,
    day_iv,
    month_iv,
    season_iv,
)
from timeline.extract.dates_rules import (
    COUNT_NOUN,
    DAY,
    ORD,
    YEAR,
    Ctx,
    Found,
    ago_interval,
    apply_part,
    capitalised,
    count_of,
    found,
    month_number,
    part_name,
    rule,
    safe_date,
    unresolved,
    year_found,
)
from timeline.extract.model import Interval, Precision

MON = lx.alternation(lx.EN_MONTH_NAMES) + r"(?!\w)|(?:" + lx.alternation(lx.EN_MONTH_ABBR) + r")\b\.?"
MON_FULL = lx.alternation(lx.EN_MONTH_NAMES)
WD = lx.alternation(lx.EN_WEEKDAY_NAMES)
NUM = r"\d{1,3}|" + lx.alternation(lx.EN_NUMBER_WORDS) + r"|(?:twenty|thirty|forty|fifty)-\w+"
VAGUE = lx.alternation(["a few", "a couple of", "a couple", "few", "several", "some", "many"])
COUNT = rf"(?:{VAGUE}|{NUM})"
HEDGE = lx.alternation([h for h in lx.HEDGES if h.isascii() and h not in
                        ("unos", "unas", "casi", "cerca de", "alrededor de", "menos de",
                         "mas de", "apenas", "aproximadamente")])
UNIT = r"days?|weeks?|months?|years?|decades?"
UNIT_ALL = UNIT + r"|hours?|minutes?"
PART = (r"(?P<part>early|mid|late|the\s+(?:beginning|start|middle|end)\s+of"
        r"|(?:the\s+)?(?:first|second)\s+half\s+of)")

# "May"/"March" alone are months only after one of these.
_TRIGGER = re.compile(
    r"\b(?:in|on|since|by|until|till|through|throughout|during|before|after|from|of|"
    r"between|and|to|early|late|mid|last|this|next|past|around)[\s-]+$",
    re.IGNORECASE,
)
_PREP = re.compile(r"\b(?:in|over|during|for|within|throughout|across|through)\s+$", re.IGNORECASE)


def _month_year(m: re.Match[str], ctx: Ctx, month: int) -> tuple[int | None, bool]:
    """The year of a month mention and whether it came from the publication."""
    if m.group("y"):
        return int(m["y"]), False
    a = ctx.anchor
    if m.group("ry"):
        if not a.grain(Precision.YEAR):
            return None, True
        return a.start.year + {"this": 0, "last": -1, "next": 1}[m["ry"].lower()], True
    rel = (m.group("rel") or "").lower().split()
    if rel and rel[-1] in ("last", "past", "next") and a.grain(Precision.MONTH):
        pub = a.start
        if rel[-1] == "next":
            return (pub.year if month > pub.month else pub.year + 1), True
        return (pub.year if month < pub.month else pub.year - 1), True
    if rel and rel[0] == "this" and a.grain(Precision.YEAR):
        return a.start.year, True
    return a.year_of(month), True


@rule("full-date", rf"""\b(?:(?P<wd>{WD}),?\s+)?
    (?:(?P<d1>{DAY}){ORD}\s+(?:of\s+)?(?P<m1>{MON})
      |(?P<m2>{MON})\s+(?:the\s+)?(?P<d2>{DAY}){ORD}\b(?![:.,]\d|\s*(?:a\.?m\b|p\.?m\b|%)))
    (?:,?\s+(?P<y>{YEAR})\b(?![,.]\d))?""")
def full_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    group = "m1" if m.group("m1") else "m2"
    if not capitalised(m, group) or (m.group("wd") and not capitalised(m, "wd")):
        return None
    month, day = month_number(m[group]), int(m["d1"] or m["d2"])
    if m.group("d2") and not m.group("y") and COUNT_NOUN.match(ctx.text, m.end()):  # "May 5 people"
        return None
    if m.group("y"):
        date = safe_date(int(m["y"]), month, day)
        return Found(m.start(), m.end(), day_iv(date)) if date else None
    if safe_date(2000, month, day) is None:
        return None
    year = ctx.anchor.year_of(month, day)
    date = safe_date(year, month, day) if year else None
    return found(m.start(), m.end(), day_iv(date) if date else None, True, yearless=True)


@rule("day-range", rf"""\b(?P<m>{MON})\s+(?P<d1>{DAY}){ORD}
    \s*(?:-|–|—|to|through)\s*(?P<d2>{DAY}){ORD}\b(?![:.,]\d)
    (?:,?\s+(?P<y>{YEAR})\b)?""")
def day_range(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not capitalised(m, "m"):
        return None
    month, d1, d2 = month_number(m["m"]), int(m["d1"]), int(m["d2"])
    year = int(m["y"]) if m.group("y") else ctx.anchor.year_of(month, d1)
    if year is None:
        return unresolved(m.start(), m.end())
    first, last = safe_date(year, month, d1), safe_date(year, month, d2)
    if not first or not last or last <= first:
        return None
    return Found(m.start(), m.end(), Interval(first, last, Precision.RANGE), not m.group("y"))


@rule("month", rf"""\b(?:{PART}[\s-]*)?(?:(?P<rel>this\s+past|this|last|next|past)\s+)?
    (?P<m>{MON_FULL})\b
    (?:,?\s+(?:of\s+)?(?P<y>{YEAR})\b(?![,.]\d)|\s+of\s+(?P<ry>this|last|next)\s+year\b)?""")
def month(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not capitalised(m, "m"):
        return None
    num = month_number(m["m"])
    bare = not (m.group("part") or m.group("rel") or m.group("y") or m.group("ry"))
    if bare and num in (3, 5) and not _TRIGGER.search(ctx.before(m.start())):
        return None
    year, relative = _month_year(m, ctx, num)
    if year is None:
        return unresolved(m.start(), m.end())
    iv = apply_part(month_iv(year, num), part_name(m.group("part")))
    return Found(m.start(), m.end(), iv, relative, yearless=relative and not m.group("ry"))


@rule("year", rf"(?:{PART}[\s-]*|(?<![\w$€£#./:'’-]))(?P<y>{YEAR})\b(?![%]|[.,:/-]\d|['’]?s\b)")
def year(m: re.Match[str], ctx: Ctx) -> Found | None:
    return year_found(m, ctx)


_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}


@rule("decade", r"""(?:\b(?P<part>early|mid|late)[\s-]+)?
    (?:\b(?P<d4>(?:19|20)\d0)['’]?s|(?:(?P<ap>(?<!\w)['’])|\b)(?P<d2>\d0)['’]?s
      |\b(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b""")
def decade(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m.group("d4"):
        first = int(m["d4"])
    else:
        if not m.group("ap") and not re.search(r"\bthe\s+(?:early\s+|mid-?\s*|late\s+)?$",
                                               ctx.before(m.start("d2") if m.group("d2") else m.start("w")),
                                               re.IGNORECASE):
            return None
        two = int(m["d2"]) if m.group("d2") else _DECADE_WORDS[m["w"].lower()]
        first = (1900 if two >= 30 else 2000) + two
    iv = Interval(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), Precision.DECADE)
    return Found(m.start(), m.end(), apply_part(iv, part_name(m.group("part"))))


@rule("season", rf"""\b(?:(?P<rel>this|last|next|past)\s+)?(?P<s>spring|summer|fall|autumn|winter)\b
    (?:\s+(?:of\s+)?(?P<y>{YEAR})\b)?""")
def season(m: re.Match[str], ctx: Ctx) -> Found | None:
    return season_found(m, ctx, m.group("rel"), m.start())


def season_found(m: re.Match[str], ctx: Ctx, rel: str | None, start: int) -> Found | None:
    """A season with a year or a relative word (shared with Spanish)."""
    name = lx.SEASONS[m["s"].lower()]
    if m.group("y"):
        return Found(start, m.end(), season_iv(name, int(m["y"])))
    if not rel:
        return None
    a = ctx.anchor
    offset = {"this": 0, "este": 0, "esta": 0, "next": 1, "próximo": 1, "próxima": 1}.get(
        rel.lower(), -1)
    if not a.grain(Precision.MONTH):
        if offset == 0 and a.grain(Precision.YEAR):
            return Found(start, m.end(), season_iv(name, a.start.year), True)
        return unresolved(start, m.end())
    pub = a.start
    year = pub.year + (1 if name == "winter" and pub.month == 12 else 0)
    if offset < 0:  # the latest such season already over at publication
        while _bounds(name, year)[1] >= pub.replace(day=1):
            year -= 1
    elif offset > 0:  # the first one starting after publication
        while _bounds(name, year)[0] <= a.end:
            year += 1
    iv = season_iv(name, year)
    return Found(start, m.end(), iv, True)


def _bounds(name: str, year: int) -> tuple[dt.date, dt.date]:
    iv = season_iv(name, year)
    assert iv.start is not None and iv.end is not None
    return iv.start, iv.end


@rule("weekday", rf"""\b(?:(?P<part>early|late)\s+)?(?:(?P<rel>last|this\s+past|this|past|next)\s+)?
    (?P<wd>{WD})\b(?:\s+(?:morning|afternoon|evening|night)\b)?""")
def weekday(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not capitalised(m, "wd"):
        return None
    rel = (m.group("rel") or "").lower().split()
    offset = "next" if rel[-1:] == ["next"] else "last" if rel[-1:] in (["last"], ["past"]) else ""
    date = ctx.anchor.weekday(lx.WEEKDAYS[m["wd"].lower()], offset)
    return found(m.start(), m.end(), day_iv(date) if date else None, True)


_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1,
              "the day before yesterday": -2}


@rule("day-word", r"""\b(?:(?:earlier|later)\s+)?(?P<w>the\s+day\s+before\s+yesterday
    |yesterday|today|tonight|tomorrow
    |last\s+night|this\s+(?:morning|afternoon|evening))\b""")
def day_word(m: re.Match[str], ctx: Ctx) -> Found | None:
    offset = _DAY_WORDS.get(" ".join(m["w"].lower().split()), 0)
    return found(m.start(), m.end(), ctx.anchor.period("day", offset), True)


_REL = {"this": 0, "last": -1, "past": -1, "this past": -1, "next": 1}


@rule("relative-period", r"""\b(?:(?P<part>early|earlier|mid|late|later
    |the\s+(?:beginning|start|middle|end)\s+of
    |(?:the\s+)?(?:first|second)\s+half\s+of)[\s-]*|(?P<sofar>so\s+far)\s+)?
    (?P<rel>this\s+past|this|last|next|past)\s+(?P<u>year|month|week)\b
    (?P<sofar2>\s+so\s+far|\s+to\s+date)?""")
def relative_period(m: re.Match[str], ctx: Ctx) -> Found | None:
    return period_found(m, ctx, _REL[" ".join(m["rel"].lower().split())], m["u"].lower(),
                        m.start(), bool(m.group("sofar") or m.group("sofar2")))


def period_found(m: re.Match[str], ctx: Ctx, offset: int, unit: str, start: int,
                 so_far: bool) -> Found:
    """this/last/next year|month|week with an optional part (shared with Spanish)."""
    a = ctx.anchor
    iv = a.period(unit, offset)
    if iv is None or iv.start is None or iv.end is None:
        return unresolved(start, m.end())
    part = part_name(m.group("part"))
    if so_far:
        return Found(start, m.end(), Interval(iv.start, a.end, Precision.RANGE), True)
    if part in ("earlier", "later") and offset == 0:
        iv = _before_after(iv, ctx, part)
    else:
        iv = apply_part(iv, part)
    return Found(start, m.end(), iv, True)


def _before_after(iv: Interval, ctx: Ctx, part: str) -> Interval:
    """"earlier this month": the part of the period before publication."""
    a = ctx.anchor
    assert iv.start and iv.end
    if a.grain(Precision.DAY):
        if part == "earlier" and a.start > iv.start:
            return Interval(iv.start, a.start - dt.timedelta(days=1), iv.precision, True)
        if part == "later" and a.end < iv.end:
            return Interval(a.end + dt.timedelta(days=1), iv.end, iv.precision, True)
    return Interval(iv.start, iv.end, iv.precision, True)


@rule("so-far", rf"\b(?:so\s+far\s+(?:in|this)\s+(?:(?P<y>{YEAR})|the\s+year)|year[\s-]+to[\s-]+date)\b")
def so_far(m: re.Match[str], ctx: Ctx) -> Found | None:
    a = ctx.anchor
    if not a.grain(Precision.YEAR):
        return unresolved(m.start(), m.end())
    year = int(m["y"]) if m.group("y") else a.start.year
    return Found(m.start(), m.end(), Interval(dt.date(year, 1, 1), a.end, Precision.RANGE), True)


@rule("ago", rf"""\b(?:(?P<hedge>{HEDGE})\s+)?(?P<n>{COUNT})[\s-]+(?P<u>{UNIT_ALL})\s+(?:ago|back|since)\b""")
def ago(m: re.Match[str], ctx: Ctx) -> Found | None:
    unit = lx.UNITS[m["u"].lower()]
    iv = ago_interval(ctx.anchor, unit, m["n"], m.group("hedge"))
    return found(m.start(), m.end(), iv, True)


@rule("recently", r"\b(?:recently|lately|in\s+recent\s+(?P<u>days|weeks|months|years))\b")
def recently(m: re.Match[str], ctx: Ctx) -> Found | None:
    return recent_found(m, ctx)


_RECENT_MONTHS = {"day": 0.5, "week": 2, "month": 6, "year": 60}


def recent_found(m: re.Match[str], ctx: Ctx) -> Found:
    """"recently" (the 3 months before publication) or "in recent weeks"."""
    a = ctx.anchor
    unit = lx.UNITS[m["u"].lower()] if m.group("u") else None
    months = _RECENT_MONTHS[unit] if unit else 3
    if not a.grain(Precision.MONTH if months >= 1 else Precision.DAY):
        return unresolved(m.start(), m.end())
    back = a.start - dt.timedelta(days=14) if months < 1 else add_months(a.start, -int(months))
    return Found(m.start(), m.end(), Interval(back, a.end, Precision.RANGE, True), True)


@rule("past-n", rf"\bthe\s+(?:past|last)\s+(?:(?P<n>{COUNT})\s+)?(?P<u>{UNIT_ALL})\b")
def past_n(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not _PREP.search(ctx.before(m.start(), 20)):
        return None
    return past_found(m, ctx)


def past_found(m: re.Match[str], ctx: Ctx) -> Found:
    """"(in) the past three years": a period running up to publication."""
    unit = lx.UNITS[m["u"].lower()]
    unit = unit if unit not in ("hour", "minute") else "day"
    counted = count_of(m.group("n") or "one")
    # Exactly N units back to publication: "the past decade" is ten years, not twenty.
    iv = ctx.anchor.ago(unit, counted[1], counted[1], True) if counted else None
    if iv is None or iv.start is None:
        return unresolved(m.start(), m.end(), "since")
    return Found(m.start(), m.end(), Interval(iv.start, ctx.anchor.end, Precision.RANGE, True),
                 True, "since")


@rule("duration", rf"""\b(?:(?P<hedge>{HEDGE})\s+)?(?P<n>{COUNT}|\d{{1,3}}(?:[.,]\d+)?)
    [\s-]+(?P<u>{UNIT_ALL})\b
    (?!-old|\s+old\b|\s+(?:which|that|when|in\s+which)\b)""")
def duration(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["n"].lower() in ("a", "an") and not m.group("hedge") and not re.search(
            r"\b(?:for|within|over|after|in|lasting)\s+$", ctx.before(m.start(), 12), re.I):
        return None
    return unresolved(m.start(), m.end(), "duration")


@rule("for-units", r"\b(?:for|within|over)\s+(?P<u>hours|days|weeks|months|years|decades)\b")
def for_units(m: re.Match[str], ctx: Ctx) -> Found | None:
    return unresolved(m.start("u"), m.end("u"), "duration")


@rule("anaphoric", r"""\b(?:(?:since|until|till|by|back|before|after)\s+then
    |(?:at|by)\s+(?:the|that)\s+time|then(?!-)
    |(?:that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)\s+
      (?:day|night|morning|afternoon|evening|week|weekend|month|year)
    |the\s+day\s+(?:before|after)
    |(?:shortly|soon|just|immediately)\s+(?:after(?:wards?)?|before))\b""")
def anaphoric(m: re.Match[str], ctx: Ctx) -> Found | None:
    return unresolved(m.start(), m.end(), "anaphoric")


@rule("anaphoric-offset", rf"""\b(?:(?:{HEDGE})\s+)?(?:{COUNT}[\s-]+)?(?:{UNIT_ALL})
    \s+(?:later|after(?:wards?)?|earlier|before|prior)\b""")
def anaphoric_offset(m: re.Match[str], ctx: Ctx) -> Found | None:
    """"two days later", "a few years after": dated from the narrative, not publication.

    "for nearly a decade before returning" is a duration followed by a
    conjunction, so a preceding "for"/"within" leaves it to the duration rule.
    """
    if _PREP.search(ctx.before(m.start(), 12)):
        return None
    return unresolved(m.start(), m.end(), "anaphoric")


RULES = [full_date, day_range, month, year, decade, season, weekday, day_word, relative_period,
         so_far, ago, recently, past_n, duration, for_units, anaphoric, anaphoric_offset]

__all__ = ["RULES", "SEASON_MONTHS", "month_iv", "season_found", "period_found", "recent_found",
           "past_found"]


# --- spans of the year and weekends (shared with Spanish) ---------------------------------


def first_months_found(m: re.Match[str], ctx: Ctx, year: int | None) -> Found:
    """"the first five months of the year": January 1 to the end of the Nth month."""
    counted = count_of(m["n"])
    if counted is None or not 1 <= counted[1] <= 12:
        return unresolved(m.start(), m.end())
    if year is None:
        if not ctx.anchor.grain(Precision.YEAR):
            return unresolved(m.start(), m.end())
        year = ctx.anchor.start.year
    last = month_iv(year, counted[1])
    return Found(m.start(), m.end(), Interval(dt.date(year, 1, 1), last.end, Precision.RANGE), True)


def weekend_found(m: re.Match[str], ctx: Ctx) -> Found:
    """"the weekend", "last weekend": the Saturday and Sunday on or before publication."""
    a = ctx.anchor
    if not a.grain(Precision.DAY):
        return unresolved(m.start(), m.end())
    day = a.end
    saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
    end = min(saturday + dt.timedelta(days=1), day)
    return Found(m.start(), m.end(), Interval(saturday, end, Precision.WEEK), True)


@rule(
    "first-months",
    rf"""\bthe\s+first\s+(?P<n>{NUM})\s+months\s+of\s+(?:(?P<y>{YEAR})|(?:the|this)\s+year)\b""",
)
def first_months(m: re.Match[str], ctx: Ctx) -> Found | None:
    return first_months_found(m, ctx, int(m["y"]) if m.group("y") else None)


@rule("weekend", r"\b(?:(?:this\s+past|this|last|the\s+past|the)\s+)weekend\b")
def weekend(m: re.Match[str], ctx: Ctx) -> Found | None:
    if re.match(r"\s+(?:of|before|after)\b", ctx.text[m.end() : m.end() + 8], re.I):
        return None  # "the weekend of May 3": the date says it
    return weekend_found(m, ctx)


RULES += [first_months, weekend]

"""Spanish date rules (see ``dates_rules`` for the machinery and conventions).

Spanish writes month and weekday names in lower case, so a capitalised
"Mayo" or "Domingo" is read as a name ("El Mayo" Zambada, Plácido Domingo)
unless a day, a year or a modifier makes it a date.
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.extract import dates_lexicon as lx
from timeline.extract.dates_calendar import day_iv, month_iv
from timeline.extract.dates_rules import (
    DAY,
    YEAR,
    Ctx,
    Found,
    ago_interval,
    apply_part,
    capitalised,
    found,
    month_number,
    part_name,
    rule,
    safe_date,
    unresolved,
    year_found,
)
from timeline.extract.dates_rules_en import (
    first_months_found,
    past_found,
    period_found,
    recent_found,
    season_found,
    weekend_found,
)
from timeline.extract.model import Interval, Precision

MON = lx.alternation(lx.ES_MONTH_NAMES)
WD = lx.alternation(lx.ES_WEEKDAY_NAMES)
NUM = r"\d{1,3}|" + lx.alternation(lx.ES_NUMBER_WORDS)
VAGUE = lx.alternation([w for w in lx.VAGUE_COUNTS if w.isascii() and w not in
                        ("a few", "few", "a couple of", "a couple", "several", "some", "many")])
COUNT = rf"(?:{VAGUE}|{NUM})"
HEDGE = lx.alternation(["más de", "mas de", "poco más de", "un poco más de", "casi", "cerca de",
                        "alrededor de", "aproximadamente", "unos", "unas", "menos de", "apenas"])
UNIT = r"días|dias|día|dia|semanas?|meses|mes|años|año|décadas?"
UNIT_ALL = UNIT + r"|horas?|minutos?"
PART = r"(?P<part>principios|inicios|comienzos|mediados|finales|fines|(?:la\s+)?(?:primera|segunda)\s+mitad)"

_TRIGGER = re.compile(r"\b(?:en|de|del|desde|hasta|para|a|entre|y|durante|pasado|este|próximo)\s+$",
                      re.IGNORECASE)


def _start(m: re.Match[str], keep_article: bool) -> int:
    """Where the mention starts: after a bare article, unless it carries a modifier."""
    if m.group("art") and not keep_article:
        pos = m.end("art")
        while m.string[pos].isspace():
            pos += 1
        return pos
    return m.start()


@rule("full-date-es", rf"""\b(?:(?P<art>el)\s+)?(?:(?P<wd>{WD})\s+)?(?:(?P<rel>pasado|próximo)\s+)?
    (?P<d>{DAY}|primero)(?:º|°|o\.?)?\s+de\s+(?P<m>{MON})\b
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})\b(?![,.]\d))?""")
def full_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    month = month_number(m["m"])
    day = 1 if m["d"].lower() == "primero" else int(m["d"])
    start = _start(m, bool(m.group("rel")))
    if m.group("y"):
        date = safe_date(int(m["y"]), month, day)
        return Found(start, m.end(), day_iv(date)) if date else None
    if safe_date(2000, month, day) is None:
        return None
    year = ctx.anchor.year_of(month, day)
    date = safe_date(year, month, day) if year else None
    return found(start, m.end(), day_iv(date) if date else None, True, yearless=True)


@rule("day-range-es", rf"""\b(?:del?\s+|entre\s+(?:el\s+)?)?(?P<d1>{DAY})
    \s+(?:al|y(?:\s+el)?|a)\s+(?P<d2>{DAY})\s+de\s+(?P<m>{MON})\b
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})\b)?""")
def day_range(m: re.Match[str], ctx: Ctx) -> Found | None:
    month, d1, d2 = month_number(m["m"]), int(m["d1"]), int(m["d2"])
    year = int(m["y"]) if m.group("y") else ctx.anchor.year_of(month, d1)
    if year is None:
        return unresolved(m.start(), m.end())
    first, last = safe_date(year, month, d1), safe_date(year, month, d2)
    if not first or not last or last <= first:
        return None
    return Found(m.start(), m.end(), Interval(first, last, Precision.RANGE), not m.group("y"))


@rule("month-es", rf"""\b(?:{PART}\s+de(?:l\s+mes\s+de)?\s+)?
    (?:(?P<art>el)\s+)?(?:(?P<rel>pasado|este|próximo)\s+)?(?:mes\s+de\s+)?
    (?P<m>{MON})\b(?:\s+(?P<rel2>pasado|próximo))?
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})\b(?![,.]\d)
      |\s+de(?:l)?\s+(?P<ry>este\s+año|año\s+pasado|año\s+en\s+curso|próximo\s+año))?""")
def month(m: re.Match[str], ctx: Ctx) -> Found | None:
    num = month_number(m["m"])
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    modified = bool(m.group("part") or rel or m.group("y") or m.group("ry"))
    if capitalised(m, "m") and not modified and not _TRIGGER.search(ctx.before(m.start())):
        return None
    start = _start(m, bool(rel)) if not m.group("part") else m.start()
    a = ctx.anchor
    year: int | None
    if m.group("y"):
        year = int(m["y"])
    elif m.group("ry"):
        ry = m["ry"].lower()
        offset = -1 if "pasado" in ry else 1 if "próximo" in ry else 0
        year = a.start.year + offset if a.grain(Precision.YEAR) else None
    elif rel in ("pasado", "próximo") and a.grain(Precision.MONTH):
        pub = a.start
        if rel == "próximo":
            year = pub.year if num > pub.month else pub.year + 1
        else:
            year = pub.year if num < pub.month else pub.year - 1
    elif rel == "este" and a.grain(Precision.YEAR):
        year = a.start.year
    else:
        year = a.year_of(num)
    if year is None:
        return unresolved(start, m.end())
    iv = apply_part(month_iv(year, num), part_name(m.group("part")))
    explicit = bool(m.group("y"))
    return Found(start, m.end(), iv, not explicit, yearless=not explicit and not m.group("ry"))


@rule("year-es", rf"""(?:{PART}\s+del?\s+(?:(?:el\s+)?año\s+)?|(?<![\w$€£#./:'’-]))
    (?P<y>{YEAR})\b(?![%]|[.,:/-]\d|['’]?s\b)""")
def year(m: re.Match[str], ctx: Ctx) -> Found | None:
    return year_found(m, ctx)


_DECADE_WORDS = {"veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
                 "setenta": 70, "ochenta": 80, "noventa": 90}


@rule("decade-es", rf"""\b(?:{PART}\s+de\s+)?(?:(?P<art>los|la)\s+)?
    (?:años\s+|década\s+de(?:\s+los)?\s+)?(?:(?P<d4>(?:19|20)\d0)|['’]?(?P<d2>\d0)|(?P<w>veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa))
    (?P<s>['’]?s)?\b""")
def decade(m: re.Match[str], ctx: Ctx) -> Found | None:
    text = m.group().lower()
    named = "años" in text or "década" in text
    if not named and not (m.group("s") and m.group("art")) and not (m.group("w") and m.group("art")):
        return None
    if m.group("d4"):
        first = int(m["d4"])
    else:
        two = int(m["d2"]) if m.group("d2") else _DECADE_WORDS[m["w"].lower()]
        first = (1900 if two >= 30 else 2000) + two
    iv = Interval(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), Precision.DECADE)
    start = m.start() if m.group("part") else _start(m, False)
    return Found(start, m.end(), apply_part(iv, part_name(m.group("part"))))


@rule("season-es", rf"""\b(?:(?P<art>el|la)\s+)?(?:(?P<rel>este|esta|pasado|pasada|próximo|próxima)\s+)?
    (?P<s>primavera|verano|otoño|invierno)\b(?:\s+(?P<rel2>pasado|pasada|próximo|próxima))?
    (?:\s+(?:de(?:l)?\s+)?(?P<y>{YEAR})\b)?""")
def season(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = m.group("rel") or m.group("rel2")
    return season_found(m, ctx, rel, _start(m, bool(rel)))


@rule("weekday-es", rf"""\b(?:(?P<art>el)\s+)?(?:(?P<rel>pasado|este|próximo|último)\s+)?(?P<wd>{WD})\b
    (?:\s+(?P<rel2>pasado|anterior|próximo|que\s+viene))?(?:\s+(?:en|por)\s+la\s+(?:mañana|tarde|noche)\b)?""")
def weekday(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    if capitalised(m, "wd") and not rel and not m.group("art"):
        return None
    if rel == "anterior":
        return unresolved(_start(m, True), m.end(), "anaphoric")
    offset = "next" if rel in ("próximo", "que viene") else "last" if rel in ("pasado", "último") else ""
    date = ctx.anchor.weekday(lx.WEEKDAYS[m["wd"].lower()], offset)
    return found(_start(m, bool(rel)), m.end(), day_iv(date) if date else None, True)


_DAY_WORDS = {"ayer": -1, "hoy": 0, "anoche": -1, "anteayer": -2, "antier": -2,
              "antes de ayer": -2}


@rule("day-word-es", r"""\b(?P<w>anteayer|antier|antes\s+de\s+ayer|ayer|hoy(?!\s+en\s+d[ií]a)|anoche
    |esta\s+(?:mañana|tarde|noche))\b""")
def day_word(m: re.Match[str], ctx: Ctx) -> Found | None:
    offset = _DAY_WORDS.get(" ".join(m["w"].lower().split()), 0)
    return found(m.start(), m.end(), ctx.anchor.period("day", offset), True)


_UNIT_WORD = {"año": "year", "mes": "month", "semana": "week"}


@rule("relative-period-es", rf"""\b(?:{PART}\s+(?:de\s+|del\s+))?
    (?:(?P<det>el\s+pasado|la\s+pasada|el\s+próximo|la\s+próxima|este|esta|el|la)\s+)?
    (?P<u>año|mes|semana)\b(?:\s+(?P<rel>pasado|pasada|anterior|próximo|próxima|entrante|que\s+viene|en\s+curso))?""")
def relative_period(m: re.Match[str], ctx: Ctx) -> Found | None:
    words = f"{m.group('det') or ''} {m.group('rel') or ''}".lower()
    if "anterior" in words:
        return unresolved(m.start(), m.end(), "anaphoric")
    if "pasad" in words:
        offset = -1
    elif any(w in words for w in ("próxim", "entrante", "viene")):
        offset = 1
    elif "est" in words or "en curso" in words:
        offset = 0
    else:
        return None
    return period_found(m, ctx, offset, _UNIT_WORD[m["u"].lower()], m.start(), False)


@rule("so-far-es", rf"""\ben\s+lo\s+que\s+va\s+(?:del?\s+
    (?:(?P<y>{YEAR})|(?:este\s+|el\s+)?(?P<u>año|mes|semana))
    |de\s+(?:este|esta)\s+(?P<u2>año|mes|semana))\b""")
def so_far(m: re.Match[str], ctx: Ctx) -> Found | None:
    a = ctx.anchor
    unit = _UNIT_WORD[(m.group("u") or m.group("u2") or "año").lower()]
    iv = a.period(unit, 0)
    if iv is None or iv.start is None:
        return unresolved(m.start(), m.end())
    start = dt.date(int(m["y"]), 1, 1) if m.group("y") else iv.start
    return Found(m.start(), m.end(), Interval(start, a.end, Precision.RANGE), True)


@rule("ago-es", rf"""\b(?:hace\s+(?:(?P<hedge>{HEDGE})\s+)?(?P<n>{COUNT})\s+(?P<u>{UNIT_ALL})
    |(?P<n2>{COUNT})\s+(?P<u2>{UNIT_ALL})\s+atrás)\b""")
def ago(m: re.Match[str], ctx: Ctx) -> Found | None:
    unit = lx.UNITS[(m.group("u") or m["u2"]).lower()]
    iv = ago_interval(ctx.anchor, unit, m.group("n") or m["n2"], m.group("hedge"))
    return found(m.start(), m.end(), iv, True)


@rule("recently-es", r"""\b(?:recientemente|últimamente|hace\s+poco(?:\s+tiempo)?
    |en\s+(?:los\s+)?últim[oa]s\s+(?P<u>días|semanas|meses|años)(?!\s+\d))\b""")
def recently(m: re.Match[str], ctx: Ctx) -> Found | None:
    return recent_found(m, ctx)


@rule("past-n-es", rf"""\b(?:los|las)\s+(?:últimos|últimas|pasados|pasadas)
    \s+(?P<n>{COUNT})\s+(?P<u>{UNIT_ALL})\b""")
def past_n(m: re.Match[str], ctx: Ctx) -> Found | None:
    return past_found(m, ctx)


@rule("duration-es", rf"""\b(?:(?P<hedge>{HEDGE})\s+)?(?P<n>{COUNT}|\d{{1,3}}(?:[.,]\d+)?)
    \s+(?P<u>{UNIT_ALL})\b
    (?!\s+(?:que|en\s+(?:el\s+)?que|donde|cuando)\b)""")
def duration(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["n"].lower() in ("un", "una") and not m.group("hedge") and not re.search(
            r"\b(?:durante|por|en|tras|después\s+de)\s+$", ctx.before(m.start(), 16), re.I):
        return None
    return unresolved(m.start(), m.end(), "duration")


@rule("for-units-es", r"\b(?:durante|por)\s+(?P<u>horas|días|semanas|meses|años|décadas)\b")
def for_units(m: re.Match[str], ctx: Ctx) -> Found | None:
    return unresolved(m.start("u"), m.end("u"), "duration")


@rule("anaphoric-es", r"""\b(?:(?:desde|hasta|para)\s+entonces|entonces
    |en\s+(?:ese|aquel)\s+(?:momento|entonces|tiempo)
    |(?:ese|aquel|esa|aquella)\s+(?:mism[oa]\s+)?(?:día|noche|mañana|tarde|semana|mes|año)
    |(?:al|el)\s+día\s+(?:siguiente|anterior)|(?:la\s+)?noche\s+anterior
    |poco\s+(?:después|antes)|a\s+los\s+pocos\s+(?:días|meses|años))\b""")
def anaphoric(m: re.Match[str], ctx: Ctx) -> Found | None:
    return unresolved(m.start(), m.end(), "anaphoric")


@rule("anaphoric-offset-es", rf"""\b(?:{COUNT}\s+)?(?:{UNIT_ALL})\s+(?:después|antes|más\s+tarde)\b""")
def anaphoric_offset(m: re.Match[str], ctx: Ctx) -> Found | None:
    if re.search(r"\b(?:durante|por)\s+$", ctx.before(m.start(), 12), re.IGNORECASE):
        return None
    return unresolved(m.start(), m.end(), "anaphoric")


RULES = [full_date, day_range, month, year, decade, season, weekday, day_word, relative_period,
         so_far, ago, recently, past_n, duration, for_units, anaphoric, anaphoric_offset]


@rule(
    "first-months-es",
    rf"""\blos\s+primeros\s+(?P<n>\w+)\s+meses\s+(?:del\s+año|de\s+este\s+año|de\s+(?P<y>{YEAR}))\b""",
)
def first_months(m: re.Match[str], ctx: Ctx) -> Found | None:
    return first_months_found(m, ctx, int(m["y"]) if m.group("y") else None)


@rule("weekend-es", r"\b(?:el|este|al)\s+fin\s+de\s+semana(?:\s+pasado)?\b")
def weekend(m: re.Match[str], ctx: Ctx) -> Found | None:
    return weekend_found(m, ctx)


RULES += [first_months, weekend]

"""Metadata read from a document's own text: front matter, date lines, language.

These are the lowest-precedence sources of metadata (a manifest beats front
matter, which beats the text).  Publication-date lines ("date 2026-03-12",
"Published March 12, 2026", "CULIACÁN, Sin., 5 de enero de 2023.-") are
metadata, never events: they stay in the text, and their spans are reported
so that the events stage can skip the dates inside them.

Plain regular expressions only: dates here have fixed shapes, and only the
dates stage may import ``dateparser``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from timeline.errors import InputError
from timeline.extract.model import Interval, Precision

MONTHS: dict[str, int] = {
    # English, full and abbreviated
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Spanish, full and abbreviated
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12,
}  # fmt: skip

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|"
    r"mon|tue|tues|wed|thu|thurs|fri|sat|sun)\.?,?\s+)?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:\s*(?:,|\||-|–|—|at|a\s+las)?\s*[0-2]?\d[:.][0-5]\d"
    r"(?:[:.][0-5]\d)?(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:hrs?|h|GMT[+-]?\d*|UTC|[ECMP][SD]?T|CET|CEST)\b)?)?"
)
_DATE_FORMS = (
    r"(?P<iso>" + _YEAR.replace("year", "iy") + r"[-/](?P<im>[01]?\d)(?:[-/](?P<id>[0-3]?\d))?"
    r"(?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?)",
    _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,  # March 12, 2026
    _DAY + r"\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de(?:l)?\s+)?" + _YEAR,  # 12 (de) marzo (de) 2026
    _MONTH + r"\s+(?:de(?:l)?\s+)?" + _YEAR,  # March 2026, marzo de 2026
)
# Python's re forbids reusing group names across alternatives, so each form
# is compiled alone and tried in order.
_DATE_RES = [re.compile(_WEEKDAY + f"(?:{f})" + _TIME, re.IGNORECASE) for f in _DATE_FORMS]

_PUBLISH_LABEL = (
    r"(?:date|fecha|dated|published|posted|first\s+published|publicad[oa]|"
    r"fecha\s+de\s+publicaci[óo]n)(?:\s+(?:on|el|en))?"
)
_UPDATE_LABEL = r"(?:updated|last\s+updated|last\s+modified|actualizad[oa]|modified)(?:\s+(?:on|el|en))?"
_LABEL_RE = re.compile(
    rf"[ \t]*(?:(?P<pub>{_PUBLISH_LABEL})|(?P<upd>{_UPDATE_LABEL}))\s*[:.\-–—]?\s*",
    re.IGNORECASE,
)
# "CULIACÁN, Sin., 5 de enero de 2023.-": a place in capitals, an optional
# state abbreviation, a date, then the dateline's dash.
_DATELINE_RE = re.compile(
    r"[ \t]*[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ .'\-]{1,40},\s*(?:[A-Z][\w.]{1,8}\.?,\s*)?",
)
_DATELINE_END_RE = re.compile(r"\s*(?:\.-|\.–|\.—|\s[-–—]|\s?\()")
_LINE_TAIL_RE = re.compile(r"[\s|·•,.;:]*$")

_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_LIST_ITEM_RE = re.compile(r"^\s+-\s+(?P<value>.+)$|^-\s+(?P<value2>.+)$")


def words(spaced: str) -> frozenset[str]:
    """A word set written as one space-separated string (easier to read and extend)."""
    return frozenset(spaced.split())


_WORD_RE = re.compile(r"[a-záéíóúñü]+")
_EN_WORDS = words(
    "the and of to in is was that for on with by at from said were have has it this are be "
    "as they he she his her their an not but who which after been had would will"
)
_ES_WORDS = words(
    "el la los las del que y en un una por con para se es fue su sus al lo como más pero "
    "dijo entre sobre tras fueron este esta estos ha han sido según cuando donde también"
)

MAX_HEADER_LINES = 8  # date lines are looked for among this many first lines


def parse_published(value: str) -> Interval:
    """Parse a ``YYYY-MM-DD`` | ``YYYY-MM`` | ``YYYY`` date to an interval at its precision."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value or "")
    if not m:
        raise InputError(
            f"published date {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY (write it as e.g. 2021-05-31)"
        )
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    try:
        return _interval(year, month, day)
    except ValueError:
        raise InputError(
            f"published date {value!r} is not a real date (check month 1-12 and the day of month)"
        ) from None


def _interval(year: int, month: int | None, day: int | None) -> Interval:
    """The interval of a year, a month of a year, or a day; ValueError if impossible."""
    if month is None:
        return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR)
    if day is None:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month}")
        last = calendar.monthrange(year, month)[1]
        return Interval(dt.date(year, month, 1), dt.date(year, month, last), Precision.MONTH)
    day_ = dt.date(year, month, day)
    return Interval(day_, day_, Precision.DAY)


def match_date(text: str, pos: int = 0) -> tuple[Interval, int] | None:
    """Read a full publication-style date at ``text[pos:]``: its interval and end offset."""
    for date_re in _DATE_RES:
        m = date_re.match(text, pos)
        if not m:
            continue
        groups = m.groupdict()
        try:
            if groups.get("iy"):
                day = groups.get("id")
                interval = _interval(int(groups["iy"]), int(groups["im"]), int(day) if day else None)
            else:
                month = MONTHS[groups["mon"].lower()]
                day = groups.get("day")
                interval = _interval(int(groups["year"]), month, int(day) if day else None)
        except ValueError:
            return None
        return interval, m.end()
    return None


def find_date_lines(text: str) -> tuple[Interval | None, list[tuple[int, int]]]:
    """Find publication-date lines among the first lines of ``text``.

    Returns the publication date they state (a "published" label beats a bare
    date line, which beats an "updated" label, which beats a dateline) and the
    spans of the metadata found.  Only a labelled date may be followed by
    article text on the same line; a bare date must be the whole line.
    """
    found: list[tuple[int, Interval, tuple[int, int]]] = []  # (rank, date, span)
    pos, seen = 0, 0
    while pos < len(text) and seen < MAX_HEADER_LINES:
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        if text[pos:eol].strip():
            seen += 1
            hit = _date_line(text, pos, eol)
            if hit:
                found.append(hit)
        pos = eol + 1
    if not found:
        return None, []
    best = min(found, key=lambda h: h[0])
    return best[1], [h[2] for h in found]


def _date_line(text: str, start: int, eol: int) -> tuple[int, Interval, tuple[int, int]] | None:
    """Classify one line as a labelled, bare or dateline date; (rank, date, span)."""
    label = _LABEL_RE.match(text, start, eol)
    if label:
        hit = match_date(text[:eol], label.end())
        if hit:
            return (0 if label["pub"] else 2), hit[0], (label.start() + _indent(text, start), hit[1])
        return None
    line_start = start + _indent(text, start)
    hit = match_date(text[:eol], line_start)
    if hit and _LINE_TAIL_RE.fullmatch(text, hit[1], eol):
        return 1, hit[0], (line_start, hit[1])
    place = _DATELINE_RE.match(text, start, eol)
    if place:
        hit = match_date(text[:eol], place.end())
        if hit and _DATELINE_END_RE.match(text, hit[1], eol):
            return 3, hit[0], (place.end(), hit[1])
    return None


def _indent(text: str, start: int) -> int:
    n = 0
    while start + n < len(text) and text[start + n] in " \t":
        n += 1
    return n


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split a leading ``---`` block of ``key: value`` lines from the text.

    A small YAML subset (scalars, quoted strings, ``[a, b]`` and ``- item``
    lists) so that PyYAML is not needed.  Returns ({}, text) when there is none.
    """
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    fields: dict[str, object] = {}
    key: str | None = None
    for line in m[1].splitlines():
        item = _LIST_ITEM_RE.match(line)
        if item and key is not None:
            value = _unquote(item["value"] or item["value2"])
            current = fields.get(key)
            fields[key] = ([*current] if isinstance(current, list) else []) + [value]
            continue
        kv = _KEY_RE.match(line)
        if not kv:
            continue
        key, raw = kv["key"].lower(), kv["value"].strip()
        if raw.startswith("[") and raw.endswith("]"):
            fields[key] = [_unquote(v) for v in raw[1:-1].split(",") if v.strip()]
        elif raw:
            fields[key] = _unquote(raw)
    return fields, text[m.end() :]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def detect_language(text: str) -> str:
    """ "es" or "en", by which language's function words are more frequent."""
    en = es = 0
    for word in _WORD_RE.findall(text[:2500].lower()):
        if word in _EN_WORDS:
            en += 1
        elif word in _ES_WORDS:
            es += 1
    return "es" if es > en else "en"

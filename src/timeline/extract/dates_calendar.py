"""Calendar arithmetic for the date rules: intervals, parts, and the anchor.

Everything here is plain ``datetime.date`` arithmetic on inclusive
intervals.  ``Anchor`` wraps the publication date at its own precision and
answers "can a relative expression of this grain be resolved against it?"
(a month-precise publication resolves "last month" but not "yesterday").
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from timeline.extract.model import PRECISION_RANK, Interval, Precision

# A date without a year is read in the publication's year when it falls no
# later than this many days after publication (announced, upcoming events),
# otherwise in the year before.
FUTURE_GRACE_DAYS = 31

SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}

UNIT_PRECISION = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
    "decade": Precision.YEAR,
}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day_iv(day: dt.date, approximate: bool = False) -> Interval:
    return Interval(day, day, Precision.DAY, approximate)


def month_iv(year: int, month: int, approximate: bool = False) -> Interval:
    return Interval(dt.date(year, month, 1), month_end(year, month), Precision.MONTH, approximate)


def year_iv(year: int, approximate: bool = False) -> Interval:
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR, approximate)


def decade_iv(first_year: int) -> Interval:
    return Interval(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), Precision.DECADE)


def week_iv(day: dt.date) -> Interval:
    """The ISO week (Monday..Sunday) containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return Interval(monday, monday + dt.timedelta(days=6), Precision.WEEK)


def season_iv(season: str, year: int) -> Interval:
    """A meteorological season; winter Y runs from December Y-1 to February Y."""
    first = SEASON_MONTHS[season]
    start_year = year - 1 if season == "winter" else year
    start = dt.date(start_year, first, 1)
    end_month = (first + 1) % 12 + 1
    end = month_end(start_year + (1 if end_month < first else 0), end_month)
    return Interval(start, end, Precision.SEASON)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift(day: dt.date, unit: str, amount: float) -> dt.date:
    """``day`` moved back by ``amount`` units (fractions allowed for month-based units)."""
    if unit == "day":
        return day - dt.timedelta(days=round(amount))
    if unit == "week":
        return day - dt.timedelta(days=round(amount * 7))
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    return add_months(day, -round(amount * months))


def part_of(iv: Interval, part: str) -> Interval:
    """The early / mid / late third of an interval, approximate.

    Months split at days 10 and 20, years at months 4 and 8, decades at
    years 3 and 6; anything else into thirds of its days.
    """
    assert iv.start is not None and iv.end is not None
    s, e = iv.start, iv.end
    if iv.precision == Precision.MONTH:
        bounds = [(1, 10), (11, 20), (21, e.day)]
        lo, hi = bounds[("early", "mid", "late").index(part)]
        return Interval(s.replace(day=lo), s.replace(day=hi), iv.precision, True)
    if iv.precision == Precision.YEAR and s.month == 1 and e.month == 12:
        lo_m, hi_m = [(1, 4), (5, 8), (9, 12)][("early", "mid", "late").index(part)]
        return Interval(dt.date(s.year, lo_m, 1), month_end(s.year, hi_m), iv.precision, True)
    if iv.precision == Precision.DECADE:
        lo_y, hi_y = [(0, 3), (4, 6), (7, 9)][("early", "mid", "late").index(part)]
        return Interval(dt.date(s.year + lo_y, 1, 1), dt.date(s.year + hi_y, 12, 31), iv.precision, True)
    third = ((e - s).days + 1) / 3
    i = ("early", "mid", "late").index(part)
    first = s + dt.timedelta(days=round(third * i))
    last = e if i == 2 else s + dt.timedelta(days=round(third * (i + 1)) - 1)
    return Interval(first, max(first, last), iv.precision, True)


def span_iv(first: Interval, last: Interval, approximate: bool = False) -> Interval:
    """The range from the start of ``first`` to the end of ``last``."""
    if not (first.resolved and last.resolved):
        return Interval(None, None, Precision.UNKNOWN, approximate)
    assert first.start is not None and last.end is not None
    if last.end < first.start:
        return Interval(None, None, Precision.UNKNOWN, approximate)
    return Interval(first.start, last.end, Precision.RANGE,
                    approximate or first.approximate or last.approximate)


@dataclass(frozen=True, slots=True)
class Anchor:
    """The publication date relative expressions are resolved against."""

    published: Interval | None

    def grain(self, precision: Precision) -> bool:
        """True when the publication is at least as precise as ``precision``."""
        pub = self.published
        if pub is None or not pub.resolved:
            return False
        return PRECISION_RANK[pub.precision] <= PRECISION_RANK[precision]

    @property
    def start(self) -> dt.date:
        assert self.published is not None and self.published.start is not None
        return self.published.start

    @property
    def end(self) -> dt.date:
        assert self.published is not None and self.published.end is not None
        return self.published.end

    def year_of(self, month: int, day: int | None = None) -> int | None:
        """The year of a yearless month (and day): the publication's year when
        that falls at most ``FUTURE_GRACE_DAYS`` after publication, else the
        year before.  None without a publication year."""
        if not self.grain(Precision.YEAR):
            return None
        year = self.start.year
        if not self.grain(Precision.MONTH):
            return year
        first = dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
        if first > self.end + dt.timedelta(days=FUTURE_GRACE_DAYS):
            return year - 1
        return year

    def weekday(self, weekday: int, offset: str = "") -> dt.date | None:
        """The weekday on or before publication ("last": strictly before,
        "next": strictly after); None unless publication is day-precise."""
        if not self.grain(Precision.DAY):
            return None
        pub = self.start
        if offset == "next":
            return pub + dt.timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1)
        back = (pub.weekday() - weekday) % 7
        if offset == "last" and back == 0:
            back = 7
        return pub - dt.timedelta(days=back)

    def period(self, unit: str, offset: int) -> Interval | None:
        """This (0), the previous (-1) or the next (+1) day/week/month/year."""
        precision = UNIT_PRECISION[unit]
        if not self.grain(precision):
            return None
        if unit == "day":
            return day_iv(self.start + dt.timedelta(days=offset))
        if unit == "week":
            return week_iv(self.start + dt.timedelta(weeks=offset))
        if unit == "month":
            first = add_months(self.start.replace(day=1), offset)
            return month_iv(first.year, first.month)
        return year_iv(self.start.year + offset)

    def ago(self, unit: str, low: float, high: float, approximate: bool) -> Interval | None:
        """The interval ``low``..``high`` units before publication."""
        precision = UNIT_PRECISION[unit]
        if not self.grain(precision):
            return None
        start, end = shift(self.start, unit, high), shift(self.end, unit, low)
        return Interval(start, max(start, end), precision, approximate)

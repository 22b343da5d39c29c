"""Partial ISO dates typed by users (``2015``, ``2015-05``, ``2015-05-01``) as interval bounds.

Light on purpose: query commands import this, never the extraction stack.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from timeline.errors import InputError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_bound(value: str, *, start: bool, option: str = "date") -> dt.date:
    """The first (``start``) or last day of a partial ISO date; a clear error when invalid."""
    match = _PARTIAL.match(value.strip())
    if not match:
        raise InputError(f"{option} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if month is None:
            return dt.date(year, 1, 1) if start else dt.date(year, 12, 31)
        m = int(month)
        if day is None:
            last = calendar.monthrange(year, m)[1]
            return dt.date(year, m, 1) if start else dt.date(year, m, last)
        return dt.date(year, m, int(day))
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise InputError(
            f"{option} {value!r} is not a valid date ({exc}; use YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from exc

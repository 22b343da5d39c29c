"""The one adapter over ``dateparser`` (the only module that imports it).

The regex rules handle every common form themselves; dateparser only reads
tight leftover spans that look like a complete numeric or abbreviated date
("17/05/2021", "22-Feb-2021"), where day/month order depends on the
language.  The parser is created lazily, once per language, with its
languages, relative base and required parts pinned, so importing the dates
stage stays cheap and a result is kept only when day, month and year were
all actually written.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

# Pinned so a parse never depends on the clock; REQUIRE_PARTS makes the
# base irrelevant for accepted results anyway.
_BASE = dt.datetime(2000, 1, 1)
_ORDER = {"en": "MDY", "es": "DMY"}
_TWO_DIGIT_YEAR = re.compile(r"\D(\d{2})\W*$")


@lru_cache(maxsize=8)
def _parser(language: str) -> Any:
    from dateparser.date import DateDataParser  # lazy: ~250 ms import

    return DateDataParser(
        languages=[language],
        settings={
            "RELATIVE_BASE": _BASE,
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "DATE_ORDER": _ORDER.get(language, "DMY"),
            "PARSERS": ["absolute-time"],
        },
    )


def parse_full_date(span: str, language: str = "en") -> dt.date | None:
    """The calendar day ``span`` states in full (day, month and year), else None.

    Two-digit years are read as 1950-2049 rather than dateparser's
    base-relative guess.
    """
    data = _parser(language if language in _ORDER else "en").get_date_data(span)
    if data is None or data.date_obj is None or data.period != "day":
        return None
    day: dt.date = data.date_obj.date()
    two = _TWO_DIGIT_YEAR.search(span)
    if two:
        yy = int(two.group(1))
        try:
            day = day.replace(year=(2000 if yy < 50 else 1900) + yy)
        except ValueError:  # 29 February in a non-leap year
            return None
    return day

"""The document and the mentions the pipeline stages add to it.

Every mention is a pair of character offsets into ``Document.text`` (the text
exactly as stored in ``sources.text``) plus what was read there; nothing copies
strings out of the text, so evidence can always be shown in place.

The stages are small pure functions (see ``timeline.extract.pipeline``): each
reads the document and what earlier stages added, and returns its own list of
mentions. None of them touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Precision(StrEnum):
    """How precisely a date is known (the export contract's vocabulary)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    RANGE = "range"
    UNKNOWN = "unknown"


# Finest first: used to pick the most precise of several readings.
PRECISION_RANK = {p: i for i, p in enumerate(Precision)}


@dataclass(frozen=True, slots=True)
class Interval:
    """A date as the interval it lies in (inclusive), never a fake exact day.

    ``start``/``end`` are None when the expression could not be resolved
    (a relative date with no publication date to anchor it).
    """

    start: dt.date | None
    end: dt.date | None
    precision: Precision
    approximate: bool = False

    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    def overlaps(self, other: Interval) -> bool:
        if not (self.resolved and other.resolved):
            return True  # an unknown date is compatible with anything
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end


UNKNOWN_DATE = Interval(None, None, Precision.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    paragraph: int = 0  # index of the paragraph the sentence belongs to


@dataclass(frozen=True, slots=True)
class DateMention(Span):
    """A temporal expression and the interval it denotes.

    ``relative`` is true when resolving it needed the publication date
    ("last year", "on Thursday", "in January").  ``role`` tells the events
    stage how to use it: ``event`` (a date an event happened on), ``duration``
    ("for four hours": never an event date), ``since`` ("since 2018": the
    start of a period running to publication).
    """

    interval: Interval
    relative: bool = False
    role: str = "event"


@dataclass(frozen=True, slots=True)
class ActorMention(Span):
    """A mention of an actor from the reference data, or a generic one.

    ``key`` is the reference actor's key (``cjng``, ``sedena``, ...), or for a
    generic actor a slug like ``gunmen``; ``discovered`` marks a named group
    found in the text but missing from the reference data (its ``key`` is
    then derived from the name as written).
    """

    key: str
    generic: bool = False
    discovered: bool = False
    anaphoric: bool = False  # "the cartel": resolved to an earlier mention


@dataclass(frozen=True, slots=True)
class PlaceMention(Span):
    """A mention of a place from the gazetteer (``key`` is the place key)."""

    key: str


@dataclass(frozen=True, slots=True)
class CasualtyMention(Span):
    """A casualty figure read from the words at [start, end).

    ``best``/``low``/``high`` follow UCDP, always low <= best <= high: "at
    least 7" is best 7, low 7; "more than 30" is best 30, low 30 (the
    qualifier says the bound is strict); "dozens" is best None, low 24;
    "nearly 30" is best 30, high 30.  ``total`` marks a figure that sums others in the same sentence
    ("12 people, including 5 police"), whose parts must not be added to it.
    ``aggregate`` marks a statistic over a period ("262 officers killed since
    2018") rather than an incident.
    """

    kind: str  # killed | injured | abducted | disappeared
    best: int | None
    low: int | None = None
    high: int | None = None
    qualifier: str = "exact"  # exact | at_least | more_than | about | at_most
    victims: str = (
        "unknown"  # police | military | civilians | armed_group | officials | journalists | unknown
    )
    aggregate: bool = False
    part_of: int | None = None  # index (in the sentence's list) of the total this figure is a part of


@dataclass(slots=True)
class Metadata:
    """What is known about a document before reading its text."""

    name: str  # the file's name (the contract's ``document``)
    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    language: str | None = None  # "en" | "es"
    published: Interval | None = None  # the publication date at its own precision
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """One document flowing through the pipeline."""

    text: str
    meta: Metadata
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

"""The relational schema, as typed SQLAlchemy 2.x models.

Models hold no query logic. Every enumeration is a named CHECK constraint, every
constraint and index is named by the metadata's naming convention, and a
partial date is stored as an interval plus a precision (never a fake day).

The chronology index: ``event_actors`` carries a copy of its event's
``date_start`` and ``date_end`` so that "one actor's events in date order" is a
range scan of ``ix_event_actors_actor_date`` (see ../shared/NOTES.md: 0.1 ms
instead of 160 ms over a million events), with no lookup in ``events`` to order
the events that share a start date. ``timeline.store`` keeps the copies in sync.

The width index: ``events.date_width`` classes an event's span (``date_width``
below), so that "the events overlapping [a, b]" is one bounded range per class
of ``ix_events_width_date`` (an event of class w starts no earlier than
``a - WIDTH_DAYS[w]``), however many events the database holds.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# An event's date_width class: its span (date_end - date_start, in days) is at most
# WIDTH_DAYS[class]; the last class holds the longer spans ("since 2006").
WIDTH_DAYS = (7, 31, 366)
WIDE = len(WIDTH_DAYS)
# What cross-source matching tests on each candidate, held in its indexes (matching.py).
_SEARCHED = ("match_key", "aggregate", "killed", "injured", "abducted", "disappeared")


def date_width(start: dt.date | None, end: dt.date | None) -> int | None:
    """The width class of a date interval (None when undated)."""
    if start is None or end is None:
        return None
    span = (end - start).days
    return next((w for w, days in enumerate(WIDTH_DAYS) if span <= days), WIDE)


PRECISIONS = ("day", "week", "month", "season", "year", "decade", "range", "unknown")
EVENT_TYPES = (
    "battles",
    "violence_against_civilians",
    "explosions_remote_violence",
    "riots",
    "protests",
    "strategic_developments",
)
ACTOR_TYPES = (
    "cartel",
    "criminal_group",
    "militia",
    "military",
    "police",
    "government",
    "person",
    "civilians",
    "other",
)
ROLES = ("perpetrator", "target", "other")
LOCATION_KINDS = ("country", "admin1", "admin2", "locality", "site")
CASUALTY_KINDS = ("killed", "injured", "abducted", "disappeared")
QUALIFIERS = ("exact", "at_least", "more_than", "about", "at_most")
VICTIM_GROUPS = ("police", "military", "civilians", "armed_group", "officials", "journalists", "unknown")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """One ingested document: its metadata, its text as stored, its content hash."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(_in("published_precision", PRECISIONS), name="published_precision"),
        CheckConstraint("published_start <= published_end", name="published_order"),
        # Cross-source matching looks up sources published near a document's date.
        Index("ix_sources_published", "published_start", "published_end"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(512), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(512))
    authors: Mapped[str | None] = mapped_column(Text)  # JSON list, as text: portable and readable in SQL
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    published_start: Mapped[dt.date | None] = mapped_column(Date)
    published_end: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    extractor_version: Mapped[str] = mapped_column(String(32))


class Location(Base):
    """A place: country, state (admin1), municipality (admin2), locality or site."""

    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint(_in("kind", LOCATION_KINDS), name="kind"),
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude_range"),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    iso_code: Mapped[str | None] = mapped_column(String(16))  # ISO 3166-1 alpha-2 / 3166-2
    inegi_code: Mapped[str | None] = mapped_column(String(16))
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)


class LocationAlias(Base):
    __tablename__ = "location_aliases"
    __table_args__ = (UniqueConstraint("location_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(256))
    language: Mapped[str | None] = mapped_column(String(8))
    normalized: Mapped[str] = mapped_column(String(256), index=True)


class Actor(Base):
    """A cartel, faction, leader, state force, government, militia or generic actor."""

    __tablename__ = "actors"
    __table_args__ = (CheckConstraint(_in("type", ACTOR_TYPES), name="type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    type: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    generic: Mapped[bool] = mapped_column(Boolean, default=False)
    discovered: Mapped[bool] = mapped_column(Boolean, default=False)


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(256))
    language: Mapped[str | None] = mapped_column(String(8))
    normalized: Mapped[str] = mapped_column(String(256), index=True)


class Event(Base):
    """One real-world event (or a statistic over a period, ``aggregate``)."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("date_precision", PRECISIONS), name="date_precision"),
        CheckConstraint("date_start <= date_end", name="date_order"),
        CheckConstraint(f"type IS NULL OR {_in('type', EVENT_TYPES)}", name="type"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_range"),
        CheckConstraint(
            "killed >= 0 AND injured >= 0 AND abducted >= 0 AND disappeared >= 0", name="counts_positive"
        ),
        Index("ix_events_date", "date_start", "date_end"),
        Index("ix_events_width_date", "date_width", "date_start", "date_end", "location_id"),
        # Cross-source matching reads one region's events, each range in order up to a limit,
        # ties by id, from the index alone (the place, kind and figures tested in it): those
        # overlapping a date, one range per width class; those first reported near a
        # publication date (undated ones too).
        Index(
            "ix_events_region_date",
            *("region_id", "date_width", "date_start", "id", "date_end", "location_id", *_SEARCHED),
        ),
        Index(
            "ix_events_region_reported",
            *("region_id", "reported_on", "id", "date_width", "location_id", *_SEARCHED),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16), default="unknown")
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    date_width: Mapped[int | None] = mapped_column(SmallInteger)  # date_width(date_start, date_end)
    date_text: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(40))
    subtype: Mapped[str | None] = mapped_column(String(64))
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    # The region the place lies in (a locations id): its first-level division (a state), or
    # the country itself for a country (``places.PlaceKeys.region``). Derived from
    # location_id, which places are never deleted from, and kept in sync by ``timeline.store``.
    region_id: Mapped[int | None] = mapped_column(Integer)
    # When the news first reported it: the earliest publication date among its sources
    # (NULL when none has one); ``timeline.store`` keeps it in sync.
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    # The event's best figure per kind across its sources (each source's own
    # claims stay in casualty_figures); NULL when no source gives one.
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    abducted: Mapped[int | None] = mapped_column(Integer)
    disappeared: Mapped[int | None] = mapped_column(Integer)
    # A fingerprint of the event's content used to find cross-source matches fast.
    match_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # The content words of all its quotes (event_sources.quote_words, joined), what
    # cross-source matching compares: one row to read, however many sources report it
    # (NULL: computed from the quotes when read).
    quote_words: Mapped[str | None] = mapped_column(Text)


class EventActor(Base):
    """Who took part in an event, with a role; the dates copy the event's for the timeline index."""

    __tablename__ = "event_actors"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        Index("ix_event_actors_actor_date", "actor_id", "date_start", "date_end", "event_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)


class EventSource(Base):
    """A document reporting an event, with the quote (character offsets into ``sources.text``)."""

    __tablename__ = "event_sources"
    __table_args__ = (
        UniqueConstraint("event_id", "source_id", "quote_start"),
        CheckConstraint("quote_start >= 0 AND quote_start < quote_end", name="quote_span"),
        Index("ix_event_sources_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    # The quote's content words (merge.content_words), space-separated: what cross-source
    # matching compares, kept so it is not recomputed from the text (NULL: computed on read).
    quote_words: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[dt.date | None] = mapped_column(Date)  # this source's own reading of the date
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(16))
    date_text: Mapped[str | None] = mapped_column(Text)
    date_span_start: Mapped[int | None] = mapped_column(Integer)
    date_span_end: Mapped[int | None] = mapped_column(Integer)


class CasualtyFigure(Base):
    """One source's claim of how many were killed, injured, abducted or disappeared."""

    __tablename__ = "casualty_figures"
    __table_args__ = (
        CheckConstraint(_in("kind", CASUALTY_KINDS), name="kind"),
        CheckConstraint(_in("qualifier", QUALIFIERS), name="qualifier"),
        CheckConstraint(_in("victims", VICTIM_GROUPS), name="victims"),
        CheckConstraint("low IS NULL OR best IS NULL OR low <= best", name="low_le_best"),
        CheckConstraint("high IS NULL OR best IS NULL OR best <= high", name="best_le_high"),
        CheckConstraint("low IS NULL OR high IS NULL OR low <= high", name="low_le_high"),
        CheckConstraint("span_start >= 0 AND span_start < span_end", name="span"),
        Index("ix_casualty_figures_event", "event_id", "kind"),
        Index("ix_casualty_figures_source", "source_id"),
        # A figure deleted (its source replaced, its event deleted) deletes its parts: found
        # by this index, not by a scan of every figure (migration 0005). In the database it
        # holds only the parts (0006: WHERE part_of_id IS NOT NULL), so that no total's NULL
        # test reads every figure through it. Not written here: the dialect options would
        # import both dialects with the models, 90 ms of every query command.
        Index("ix_casualty_figures_part_of", "part_of_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    best: Mapped[int | None] = mapped_column(Integer)
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(16), default="exact")
    victims: Mapped[str] = mapped_column(String(16), default="unknown")
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("casualty_figures.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)


class EventMerge(Base):
    """A record that a source's reading was merged into an existing event: rule, score, what matched.

    Undoing a merge moves that source's quotes and figures back out into a new event.
    """

    __tablename__ = "event_merges"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
        Index("ix_event_merges_event", "event_id"),
        Index("ix_event_merges_source", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    details: Mapped[str | None] = mapped_column(Text)  # JSON: which features matched
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

"""The relational schema, as SQLAlchemy Core tables.

Every enumeration is a named CHECK constraint, every constraint and index is
named by the metadata's naming convention, and a partial date is stored as an
interval plus a precision (never a fake day).

Core, not ORM: reading (``query``, ``reports``, the export) needs only these
tables, so a read command never imports the ORM (about 0.1 s of a chronology
command's start-up). ``timeline.models`` maps its classes onto the same tables for
the code that works with objects.

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
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

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


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _required(name: str, type_: TypeEngine[Any] | type[TypeEngine[Any]], **kw: Any) -> Column[Any]:
    """A NOT NULL column."""
    return Column(name, type_, nullable=False, **kw)


def _link(name: str, target: str, ondelete: str, *, nullable: bool = False, **kw: Any) -> Column[int]:
    """A foreign key to ``target``'s id: NOT NULL unless ``nullable``."""
    return Column(name, Integer, ForeignKey(f"{target}.id", ondelete=ondelete), nullable=nullable, **kw)


def _aliases(name: str, owner: str, owners: str) -> Table:
    """The other names of a place or an actor, as written and ``normalized`` (lookups)."""
    return Table(
        name,
        metadata,
        _id(),
        _link(owner, owners, "CASCADE"),
        _required("alias", String(256)),
        Column("language", String(8)),
        _required("normalized", String(256), index=True),
        UniqueConstraint(owner, "normalized"),
    )


# One ingested document: its metadata, its text as stored, its content hash.
sources = Table(
    "sources",
    metadata,
    _id(),
    _required("file_name", String(512), index=True),
    Column("title", Text),
    Column("publisher", String(512)),
    Column("authors", Text),  # JSON list, as text: portable and readable in SQL
    Column("url", Text),
    Column("language", String(8)),
    Column("published_start", Date),
    Column("published_end", Date),
    _required("published_precision", String(16), default="unknown"),
    _required("content_sha256", String(64), unique=True),
    _required("text", Text),
    _required("ingested_at", DateTime(timezone=True), server_default=func.now()),
    _required("extractor_version", String(32)),
    CheckConstraint(_in("published_precision", PRECISIONS), name="published_precision"),
    CheckConstraint("published_start <= published_end", name="published_order"),
    # Cross-source matching looks up sources published near a document's date.
    Index("ix_sources_published", "published_start", "published_end"),
)

# A place: country, state (admin1), municipality (admin2), locality or site.
locations = Table(
    "locations",
    metadata,
    _id(),
    _required("key", String(128), unique=True),
    _required("name", String(256)),
    _required("kind", String(16)),
    _link("parent_id", "locations", "SET NULL", nullable=True, index=True),
    Column("country_code", String(2)),
    Column("iso_code", String(16)),  # ISO 3166-1 alpha-2 / 3166-2
    Column("inegi_code", String(16)),
    Column("geonames_id", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("population", Integer),
    CheckConstraint(_in("kind", LOCATION_KINDS), name="kind"),
    CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude_range"),
    CheckConstraint("longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude_range"),
)

location_aliases = _aliases("location_aliases", "location_id", "locations")

# A cartel, faction, leader, state force, government, militia or generic actor.
actors = Table(
    "actors",
    metadata,
    _id(),
    _required("key", String(128), unique=True),
    _required("name", String(256)),
    _required("type", String(32)),
    _link("parent_id", "actors", "SET NULL", nullable=True, index=True),
    Column("country_code", String(2)),
    _required("generic", Boolean, default=False),
    _required("discovered", Boolean, default=False),
    CheckConstraint(_in("type", ACTOR_TYPES), name="type"),
)

actor_aliases = _aliases("actor_aliases", "actor_id", "actors")

# One real-world event (or a statistic over a period, ``aggregate``).
events = Table(
    "events",
    metadata,
    _id(),
    Column("date_start", Date),
    Column("date_end", Date),
    _required("date_precision", String(16), default="unknown"),
    _required("date_approximate", Boolean, default=False),
    Column("date_width", SmallInteger),  # date_width(date_start, date_end)
    Column("date_text", Text),
    Column("type", String(40)),
    Column("subtype", String(64)),
    _required("aggregate", Boolean, default=False),
    _required("summary", Text, default=""),
    _link("location_id", "locations", "SET NULL", nullable=True, index=True),
    # The region the place lies in (a locations id): its first-level division (a state), or
    # the country itself for a country (``places.PlaceKeys.region``). Derived from
    # location_id, which places are never deleted from, and kept in sync by ``timeline.store``.
    Column("region_id", Integer),
    # When the news first reported it: the earliest publication date among its sources
    # (NULL when none has one); ``timeline.store`` keeps it in sync.
    Column("reported_on", Date),
    _required("confidence", Float, default=0.5),
    # The event's best figure per kind across its sources (each source's own
    # claims stay in casualty_figures); NULL when no source gives one.
    Column("killed", Integer),
    Column("injured", Integer),
    Column("abducted", Integer),
    Column("disappeared", Integer),
    # A fingerprint of the event's content used to find cross-source matches fast.
    Column("match_key", String(64), index=True),
    # The content words of all its quotes (event_sources.quote_words, joined), what
    # cross-source matching compares: one row to read, however many sources report it
    # (NULL: computed from the quotes when read).
    Column("quote_words", Text),
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

# Who took part in an event, with a role; the dates copy the event's for the timeline index.
event_actors = Table(
    "event_actors",
    metadata,
    _link("event_id", "events", "CASCADE", primary_key=True),
    _link("actor_id", "actors", "CASCADE", primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("date_start", Date),
    Column("date_end", Date),
    CheckConstraint(_in("role", ROLES), name="role"),
    Index("ix_event_actors_actor_date", "actor_id", "date_start", "date_end", "event_id"),
)

# A document reporting an event, with the quote (character offsets into ``sources.text``).
event_sources = Table(
    "event_sources",
    metadata,
    _id(),
    _link("event_id", "events", "CASCADE"),
    _link("source_id", "sources", "CASCADE"),
    _required("quote_start", Integer),
    _required("quote_end", Integer),
    # The quote's content words (merge.content_words), space-separated: what cross-source
    # matching compares, kept so it is not recomputed from the text (NULL: computed on read).
    Column("quote_words", Text),
    Column("date_start", Date),  # this source's own reading of the date
    Column("date_end", Date),
    Column("date_precision", String(16)),
    Column("date_text", Text),
    Column("date_span_start", Integer),
    Column("date_span_end", Integer),
    UniqueConstraint("event_id", "source_id", "quote_start"),
    CheckConstraint("quote_start >= 0 AND quote_start < quote_end", name="quote_span"),
    Index("ix_event_sources_source", "source_id"),
)

# One source's claim of how many were killed, injured, abducted or disappeared.
casualty_figures = Table(
    "casualty_figures",
    metadata,
    _id(),
    _link("event_id", "events", "CASCADE"),
    _link("source_id", "sources", "CASCADE"),
    _required("kind", String(16)),
    Column("best", Integer),
    Column("low", Integer),
    Column("high", Integer),
    _required("qualifier", String(16), default="exact"),
    _required("victims", String(16), default="unknown"),
    _link("part_of_id", "casualty_figures", "CASCADE", nullable=True),
    _required("span_start", Integer),
    _required("span_end", Integer),
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
    # import both dialects with the tables, 90 ms of every query command.
    Index("ix_casualty_figures_part_of", "part_of_id"),
)

# A record that a source's reading was merged into an existing event: rule, score, what
# matched. Undoing a merge moves that source's quotes and figures back out into a new event.
event_merges = Table(
    "event_merges",
    metadata,
    _id(),
    _link("event_id", "events", "CASCADE"),
    _link("source_id", "sources", "CASCADE"),
    _required("rule", String(64)),
    _required("score", Float),
    Column("details", Text),  # JSON: which features matched
    _required("merged_at", DateTime(timezone=True), server_default=func.now()),
    CheckConstraint("score >= 0 AND score <= 1", name="score_range"),
    Index("ix_event_merges_event", "event_id"),
    Index("ix_event_merges_source", "source_id"),
)

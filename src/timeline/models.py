"""The schema's tables (``timeline.tables``) as typed SQLAlchemy ORM classes.

For code that works with objects: the reference data's loader, the merge
commands, the tests' fixtures. Models hold no query logic, and the tables,
constraints and indexes are defined once, in ``timeline.tables``; reading (the
chronology, the reports, the export) uses those tables alone and never imports
the ORM.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase, Mapped

from timeline import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class Source(Base):
    """One ingested document: its metadata, its text as stored, its content hash."""

    __table__ = tables.sources

    id: Mapped[int]
    file_name: Mapped[str]
    title: Mapped[str | None]
    publisher: Mapped[str | None]
    authors: Mapped[str | None]
    url: Mapped[str | None]
    language: Mapped[str | None]
    published_start: Mapped[dt.date | None]
    published_end: Mapped[dt.date | None]
    published_precision: Mapped[str]
    content_sha256: Mapped[str]
    text: Mapped[str]
    ingested_at: Mapped[dt.datetime]
    extractor_version: Mapped[str]


class Location(Base):
    """A place: country, state (admin1), municipality (admin2), locality or site."""

    __table__ = tables.locations

    id: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    parent_id: Mapped[int | None]
    country_code: Mapped[str | None]
    iso_code: Mapped[str | None]
    inegi_code: Mapped[str | None]
    geonames_id: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    population: Mapped[int | None]


class LocationAlias(Base):
    __table__ = tables.location_aliases

    id: Mapped[int]
    location_id: Mapped[int]
    alias: Mapped[str]
    language: Mapped[str | None]
    normalized: Mapped[str]


class Actor(Base):
    """A cartel, faction, leader, state force, government, militia or generic actor."""

    __table__ = tables.actors

    id: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    type: Mapped[str]
    parent_id: Mapped[int | None]
    country_code: Mapped[str | None]
    generic: Mapped[bool]
    discovered: Mapped[bool]


class ActorAlias(Base):
    __table__ = tables.actor_aliases

    id: Mapped[int]
    actor_id: Mapped[int]
    alias: Mapped[str]
    language: Mapped[str | None]
    normalized: Mapped[str]


class Event(Base):
    """One real-world event (or a statistic over a period, ``aggregate``)."""

    __table__ = tables.events

    id: Mapped[int]
    date_start: Mapped[dt.date | None]
    date_end: Mapped[dt.date | None]
    date_precision: Mapped[str]
    date_approximate: Mapped[bool]
    date_width: Mapped[int | None]
    date_text: Mapped[str | None]
    type: Mapped[str | None]
    subtype: Mapped[str | None]
    aggregate: Mapped[bool]
    summary: Mapped[str]
    location_id: Mapped[int | None]
    region_id: Mapped[int | None]
    reported_on: Mapped[dt.date | None]
    confidence: Mapped[float]
    killed: Mapped[int | None]
    injured: Mapped[int | None]
    abducted: Mapped[int | None]
    disappeared: Mapped[int | None]
    match_key: Mapped[str | None]
    quote_words: Mapped[str | None]


class EventActor(Base):
    """Who took part in an event, with a role; the dates copy the event's for the timeline index."""

    __table__ = tables.event_actors

    event_id: Mapped[int]
    actor_id: Mapped[int]
    role: Mapped[str]
    date_start: Mapped[dt.date | None]
    date_end: Mapped[dt.date | None]


class EventSource(Base):
    """A document reporting an event, with the quote (character offsets into ``sources.text``)."""

    __table__ = tables.event_sources

    id: Mapped[int]
    event_id: Mapped[int]
    source_id: Mapped[int]
    quote_start: Mapped[int]
    quote_end: Mapped[int]
    quote_words: Mapped[str | None]
    date_start: Mapped[dt.date | None]
    date_end: Mapped[dt.date | None]
    date_precision: Mapped[str | None]
    date_text: Mapped[str | None]
    date_span_start: Mapped[int | None]
    date_span_end: Mapped[int | None]


class CasualtyFigure(Base):
    """One source's claim of how many were killed, injured, abducted or disappeared."""

    __table__ = tables.casualty_figures

    id: Mapped[int]
    event_id: Mapped[int]
    source_id: Mapped[int]
    kind: Mapped[str]
    best: Mapped[int | None]
    low: Mapped[int | None]
    high: Mapped[int | None]
    qualifier: Mapped[str]
    victims: Mapped[str]
    part_of_id: Mapped[int | None]
    span_start: Mapped[int]
    span_end: Mapped[int]


class EventMerge(Base):
    """A record that a source's reading was merged into an existing event: rule, score, what matched.

    Undoing a merge moves that source's quotes and figures back out into a new event.
    """

    __table__ = tables.event_merges

    id: Mapped[int]
    event_id: Mapped[int]
    source_id: Mapped[int]
    rule: Mapped[str]
    score: Mapped[float]
    details: Mapped[str | None]
    merged_at: Mapped[dt.datetime]

"""Reading events back: the chronology query and the contract's event records.

This module never imports the extraction stack (dateparser, the gazetteer
matcher): a query command must start fast. Filters are bound parameters, never
SQL text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from timeline.errors import InputError
from timeline.models import (
    Actor,
    ActorAlias,
    CasualtyFigure,
    Event,
    EventActor,
    EventMerge,
    EventSource,
    Location,
    LocationAlias,
    Source,
)
from timeline.reference.load import normalize


@dataclass(slots=True)
class Filters:
    actor: str | None = None
    place: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    type: str | None = None
    min_killed: int | None = None
    source: str | None = None
    aggregates: bool = True
    limit: int | None = None


@dataclass(slots=True)
class EventRecord:
    """One event as the export contract shapes it (plus ids for internal use)."""

    id: int
    data: dict[str, Any] = field(default_factory=dict)


def _descendants(session: Session, model: Any, roots: set[int]) -> set[int]:
    """The ids of ``roots`` and everything under them (parent_id chains)."""
    found = set(roots)
    frontier = set(roots)
    while frontier:
        children = set(session.scalars(select(model.id).where(model.parent_id.in_(frontier))))
        frontier = children - found
        found |= frontier
    return found


def resolve_actor(session: Session, name: str) -> set[int]:
    """Actor ids for a name or alias (case- and accent-insensitive), with leaders and factions."""
    norm = normalize(name)
    ids = set(session.scalars(select(ActorAlias.actor_id).where(ActorAlias.normalized == norm)))
    ids |= set(session.scalars(select(Actor.id).where(Actor.key == name)))
    if not ids:
        raise InputError(f"No actor named {name!r} (list them with 'timeline actors')")
    return _descendants(session, Actor, ids)


def resolve_place(session: Session, name: str) -> set[int]:
    """Location ids for a place name or alias, with every place inside it."""
    norm = normalize(name)
    ids = set(session.scalars(select(LocationAlias.location_id).where(LocationAlias.normalized == norm)))
    ids |= set(session.scalars(select(Location.id).where(Location.key == name)))
    if not ids:
        raise InputError(f"No place named {name!r} (list them with 'timeline places')")
    # A name that is both a state and its capital ("Guanajuato") means the state and all in it.
    return _descendants(session, Location, ids)


def chronology_ids(session: Session, filters: Filters) -> list[int]:
    """Event ids matching the filters, in date order (undated last)."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InputError(f"--from {filters.date_from} is after --to {filters.date_to} (swap them)")
    stmt: Select[Any]
    if filters.actor:
        actor_ids = resolve_actor(session, filters.actor)
        # Range scan of ix_event_actors_actor_date: the timeline index.
        link = select(EventActor.event_id, func.min(EventActor.date_start).label("d")).where(
            EventActor.actor_id.in_(actor_ids)
        )
        if filters.date_to:
            link = link.where(EventActor.date_start <= filters.date_to)
        linked = link.group_by(EventActor.event_id).subquery()
        stmt = select(Event.id).join(linked, linked.c.event_id == Event.id)
    else:
        stmt = select(Event.id)
    if filters.date_from:
        stmt = stmt.where(Event.date_end >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Event.date_start <= filters.date_to)
    if filters.place:
        stmt = stmt.where(Event.location_id.in_(resolve_place(session, filters.place)))
    if filters.type:
        stmt = stmt.where(or_(Event.type == filters.type, Event.subtype == filters.type))
    if filters.min_killed is not None:
        stmt = stmt.where(Event.killed >= filters.min_killed)
    if not filters.aggregates:
        stmt = stmt.where(Event.aggregate.is_(False))
    if filters.source:
        pattern = filters.source
        stmt = stmt.where(
            exists().where(
                EventSource.event_id == Event.id,
                EventSource.source_id == Source.id,
                or_(Source.file_name == pattern, Source.publisher == pattern, Source.url == pattern),
            )
        )
    stmt = stmt.order_by(Event.date_start.is_(None), Event.date_start, Event.date_end, Event.id)
    if filters.limit:
        stmt = stmt.limit(filters.limit)
    return list(session.scalars(stmt))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _published(source: Source) -> str | None:
    if source.published_start is None:
        return None
    precision = source.published_precision
    if precision == "year":
        return f"{source.published_start.year:04d}"
    if precision == "month":
        return source.published_start.strftime("%Y-%m")
    return source.published_start.isoformat()


def event_records(session: Session, ids: list[int]) -> list[EventRecord]:
    """The contract's EVENT objects for ``ids``, in that order."""
    if not ids:
        return []
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)))}
    places = _places(session, {e.location_id for e in events.values() if e.location_id})
    actors: dict[int, list[dict[str, Any]]] = {}
    alias_rows = session.execute(
        select(EventActor.event_id, Actor.id, Actor.name, Actor.type, EventActor.role)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(ids))
        .order_by(EventActor.event_id, EventActor.role, Actor.name)
    ).all()
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in session.execute(
        select(ActorAlias.actor_id, ActorAlias.alias)
        .where(ActorAlias.actor_id.in_({r.id for r in alias_rows}))
        .order_by(ActorAlias.id)
    ):
        aliases.setdefault(actor_id, []).append(alias)
    for r in alias_rows:
        actors.setdefault(r.event_id, []).append(
            {
                "name": r.name,
                "aliases": [a for a in aliases.get(r.id, []) if a != r.name],
                "type": r.type,
                "role": r.role,
            }
        )
    figures: dict[int, list[dict[str, Any]]] = {}
    for f in session.scalars(
        select(CasualtyFigure)
        .where(CasualtyFigure.event_id.in_(ids), CasualtyFigure.part_of_id.is_(None))
        .order_by(CasualtyFigure.event_id, CasualtyFigure.source_id, CasualtyFigure.id)
    ):
        figures.setdefault(f.event_id, []).append(f)  # type: ignore[arg-type]
    sources: dict[int, list[dict[str, Any]]] = {}
    for es, src in session.execute(
        select(EventSource, Source)
        .join(Source, Source.id == EventSource.source_id)
        .where(EventSource.event_id.in_(ids))
        .order_by(EventSource.event_id, Source.id, EventSource.quote_start)
    ):
        sources.setdefault(es.event_id, []).append(
            {
                "document": src.file_name,
                "title": src.title,
                "publisher": src.publisher,
                "published": _published(src),
                "url": src.url,
                "quote": src.text[es.quote_start : es.quote_end],
                "start": es.quote_start,
                "end": es.quote_end,
            }
        )
    out = []
    for event_id in ids:
        e = events[event_id]
        out.append(
            EventRecord(
                e.id,
                {
                    "id": str(e.id),
                    "date": {
                        "start": _iso(e.date_start),
                        "end": _iso(e.date_end),
                        "precision": e.date_precision,
                        "approximate": bool(e.date_approximate),
                        "text": e.date_text,
                    },
                    "type": e.type,
                    "subtype": e.subtype,
                    "aggregate": bool(e.aggregate),
                    "summary": e.summary,
                    "location": places.get(e.location_id) if e.location_id else None,
                    "actors": actors.get(e.id, []),
                    "casualties": _event_casualties(e, figures.get(e.id, [])),
                    "sources": sources.get(e.id, []),
                    "confidence": e.confidence,
                },
            )
        )
    return out


def _event_casualties(event: Event, figures: list[Any]) -> list[dict[str, Any]]:
    """The event's figures: one source's claims per kind, the source whose total is the event's best."""
    out = []
    for kind in ("killed", "injured", "abducted", "disappeared"):
        best = getattr(event, kind)
        if best is None:
            continue
        by_source: dict[int, list[Any]] = {}
        for f in figures:
            if f.kind == kind:
                by_source.setdefault(f.source_id, []).append(f)
        chosen = next(
            (
                fs
                for fs in by_source.values()
                if sum((f.best if f.best is not None else f.low) or 0 for f in fs) == best
            ),
            None,
        )
        if chosen is None:
            out.append(
                {
                    "kind": kind,
                    "count": best,
                    "low": None,
                    "high": None,
                    "qualifier": "exact",
                    "victims": "unknown",
                }
            )
            continue
        for f in chosen:
            out.append(
                {
                    "kind": kind,
                    "count": f.best,
                    "low": f.low,
                    "high": f.high,
                    "qualifier": f.qualifier,
                    "victims": f.victims,
                }
            )
    return out


def _places(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    parent = aliased(Location)
    grand = aliased(Location)
    rows = session.execute(
        select(Location, parent, grand)
        .outerjoin(parent, parent.id == Location.parent_id)
        .outerjoin(grand, grand.id == parent.parent_id)
        .where(Location.id.in_(ids))
    )
    countries = dict(
        session.execute(
            select(Location.country_code, Location.name).where(Location.kind == "country")
        ).all()  # dict(Result) would take Result.keys() for a mapping's keys
    )
    out = {}
    for loc, par, gpar in rows:
        chain = [x for x in (loc, par, gpar) if x is not None]
        admin1 = next((x.name for x in chain if x.kind == "admin1"), None)
        out[loc.id] = {
            "name": loc.name,
            "kind": loc.kind,
            "admin1": admin1,
            "country": countries.get(loc.country_code) if loc.country_code else None,
            "country_code": loc.country_code,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        }
    return out


def export_document(session: Session, filters: Filters | None = None) -> dict[str, Any]:
    """The contract's export object: ``{"format": "timeline-events", "version": 1, "events": [...]}``."""
    ids = chronology_ids(session, filters or Filters())
    return {
        "format": "timeline-events",
        "version": 1,
        "events": [r.data for r in event_records(session, ids)],
    }


def merges_of(session: Session, event_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(EventMerge, Source.file_name)
        .join(Source, Source.id == EventMerge.source_id)
        .where(EventMerge.event_id == event_id)
        .order_by(EventMerge.id)
    )
    return [
        {"source": name, "rule": m.rule, "score": m.score, "details": json.loads(m.details or "{}")}
        for m, name in rows
    ]


__all__ = ["Filters", "EventRecord", "chronology_ids", "event_records", "export_document"]

"""Reading events back: the chronology query and the contract's event records.

This module never imports the extraction stack (dateparser, the gazetteer
matcher): a query command must start fast. Filters are bound parameters, never
SQL text. Reads go through Core tables and the session's connection: the ORM's
per-statement cost (entities, identity map) was most of a chronology's time.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists, func, literal, or_, select, union, union_all
from sqlalchemy.orm import Session

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

E = Event.__table__.c
EA = EventActor.__table__.c
ES = EventSource.__table__.c
SRC = Source.__table__.c
CF = CasualtyFigure.__table__.c
ACT = Actor.__table__.c
KINDS = ("killed", "injured", "abducted", "disappeared")


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


def _rows(session: Session, stmt: Any) -> list[Any]:
    return list(session.connection().execute(stmt))


def _tree(session: Session, model: Any, alias_model: Any, fk: Any, name: str) -> set[int]:
    """Ids named ``name`` (alias or key) and everything under them, in one recursive query."""
    table = model.__table__
    roots = union(
        select(alias_model.__table__.c[fk]).where(alias_model.__table__.c.normalized == normalize(name)),
        select(table.c.id).where(table.c.key == name),
    ).cte("tree", recursive=True)
    tree = roots.union(select(table.c.id).join(roots, table.c.parent_id == roots.c[fk]))
    return {r[0] for r in _rows(session, select(tree.c[fk]))}


def resolve_actor(session: Session, name: str) -> set[int]:
    """Actor ids for a name or alias (case- and accent-insensitive), with leaders and factions."""
    ids = _tree(session, Actor, ActorAlias, "actor_id", name)
    if not ids:
        raise InputError(f"No actor named {name!r} (list them with 'timeline actors')")
    return ids


def resolve_place(session: Session, name: str) -> set[int]:
    """Location ids for a place name or alias, with every place inside it."""
    # A name that is both a state and its capital ("Guanajuato") means the state and all in it.
    ids = _tree(session, Location, LocationAlias, "location_id", name)
    if not ids:
        raise InputError(f"No place named {name!r} (list them with 'timeline places')")
    return ids


def chronology_ids(session: Session, filters: Filters) -> list[int]:
    """Event ids matching the filters, in date order (date_start, date_end, id; undated last).

    With a limit each part reads an index in date order and stops early: the
    timeline index ``ix_event_actors_actor_date`` (one range per actor, merged
    here) for an actor, ``ix_events_date`` otherwise. Sorting on an expression
    ("undated last") or grouping the actor's links first would make the
    database read and sort every matching row (160 ms for the most common of
    a million events instead of under a millisecond).
    """
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InputError(
            f"--from {filters.date_from} is after --to {filters.date_to} (swap them)"
        )
    conditions = _event_conditions(session, filters)
    if filters.actor:
        actor_ids = sorted(resolve_actor(session, filters.actor))
        return _actor_chronology(session, actor_ids, conditions, filters)
    window = []
    if filters.date_from:
        window.append(E.date_end >= filters.date_from)
    if filters.date_to:
        window.append(E.date_start <= filters.date_to)
    dated = (
        select(E.id).where(E.date_start.is_not(None), *window, *conditions)
        .order_by(E.date_start, E.date_end, E.id).limit(filters.limit)
    )
    ids = [r[0] for r in _rows(session, dated)]
    return ids + _undated(session, select(E.id), conditions, filters, len(ids))


def _event_conditions(session: Session, filters: Filters) -> list[Any]:
    """The filters on the event row itself (all but the actor and the date window)."""
    out: list[Any] = []
    if filters.place:
        out.append(E.location_id.in_(sorted(resolve_place(session, filters.place))))
    if filters.type:
        out.append(or_(E.type == filters.type, E.subtype == filters.type))
    if filters.min_killed is not None:
        out.append(E.killed >= filters.min_killed)
    if not filters.aggregates:
        out.append(E.aggregate.is_(False))
    if filters.source:
        pattern = filters.source
        out.append(
            exists().where(
                ES.event_id == E.id,
                ES.source_id == SRC.id,
                or_(SRC.file_name == pattern, SRC.publisher == pattern, SRC.url == pattern),
            )
        )
    return out


def _undated(
    session: Session, base: Select[Any], conditions: list[Any], filters: Filters, have: int
) -> list[int]:
    """Undated events (they come last), when no window excludes them and the limit is not reached."""
    if filters.date_from or filters.date_to or (filters.limit and have >= filters.limit):
        return []
    left = filters.limit - have if filters.limit else None
    stmt = base.where(E.date_start.is_(None), *conditions).order_by(E.id).limit(left)
    return list(dict.fromkeys(r[0] for r in _rows(session, stmt)))


# (date_start, date_end, event_id, actor_id): sorts in chronology order
Link = tuple[dt.date, dt.date, int, int]


def _actor_chronology(
    session: Session, actor_ids: list[int], conditions: list[Any], filters: Filters
) -> list[int]:
    """An actor's (and its leaders' and factions') events, merged from one index range per actor."""
    limit = filters.limit
    early: list[Link] = []
    bounds: list[Any] = []
    if filters.date_from:  # events that began before the window and run into it come first
        early = _links(session, actor_ids, conditions, None, filters,
                       EA.date_start < filters.date_from, E.date_end >= filters.date_from)
        bounds.append(EA.date_start >= filters.date_from)
    fetch = limit
    while True:
        found = _links(session, actor_ids, conditions, fetch, filters, *bounds)
        ordered = _unique_events(early + found)
        if fetch is None or limit is None or _complete(found, ordered, fetch, limit):
            break
        fetch *= 2
    if limit and len(ordered) >= limit:
        # Events sharing the last start date may sort before it by their end date.
        last = ordered[limit - 1][0]
        ties = _links(session, actor_ids, conditions, None, filters, EA.date_start == last)
        ordered = _unique_events(early + found + ties)[:limit]
    ids = [r[2] for r in ordered]
    base = select(EA.event_id).join(Event.__table__, E.id == EA.event_id).where(
        EA.actor_id.in_(actor_ids))
    return ids + _undated(session, base, conditions, filters, len(ids))


def _unique_events(links: list[Link]) -> list[Link]:
    """One link per event, in chronology order."""
    first: dict[int, Link] = {}
    for link in sorted(links):
        first.setdefault(link[2], link)
    return list(first.values())


def _complete(found: list[Link], ordered: list[Link], fetch: int, limit: int) -> bool:
    """True when no actor's cut-off range can hide an event among the first ``limit``."""
    per_actor: dict[int, list[Link]] = {}
    for link in found:
        per_actor.setdefault(link[3], []).append(link)
    cut = [max(links)[0] for links in per_actor.values() if len(links) >= fetch]
    if not cut:
        return True
    return len(ordered) >= limit and min(cut) >= ordered[limit - 1][0]


def _links(session: Session, actor_ids: list[int], conditions: list[Any], fetch: int | None,
           filters: Filters, *extra: Any) -> list[Link]:
    """Dated links of the actors, up to ``fetch`` per actor in date order (one index range each)."""
    parts = []
    for actor_id in actor_ids:
        part = (
            select(EA.date_start, E.date_end, EA.event_id, EA.actor_id)
            .join(Event.__table__, E.id == EA.event_id)
            .where(EA.actor_id == actor_id, EA.date_start.is_not(None), *extra, *conditions)
        )
        if filters.date_to:
            part = part.where(EA.date_start <= filters.date_to)
        if fetch is not None:
            part = part.order_by(EA.date_start, EA.event_id).limit(fetch)
        parts.append(part)
    if len(parts) == 1:
        stmt: Any = parts[0]
    elif fetch is not None:  # SQLite allows ORDER BY / LIMIT only in a sub-select of a compound
        stmt = union_all(*(select(p.subquery()) for p in parts))
    else:
        stmt = union_all(*parts)
    return [tuple(r) for r in _rows(session, stmt)]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _published(start: dt.date | None, precision: str) -> str | None:
    if start is None:
        return None
    if precision == "year":
        return f"{start.year:04d}"
    if precision == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def event_records(session: Session, ids: list[int]) -> list[EventRecord]:
    """The contract's EVENT objects for ``ids``, in that order."""
    if not ids:
        return []
    events = {r.id: r for r in _rows(session, select(Event.__table__).where(E.id.in_(ids)))}
    places = _places(session, {e.location_id for e in events.values() if e.location_id})
    actors = _actors(session, ids)
    figures: dict[int, list[Any]] = {}
    for f in _rows(
        session,
        select(CF.event_id, CF.source_id, CF.kind, CF.best, CF.low, CF.high, CF.qualifier, CF.victims)
        .where(CF.event_id.in_(ids), CF.part_of_id.is_(None))
        .order_by(CF.event_id, CF.source_id, CF.id),
    ):
        figures.setdefault(f.event_id, []).append(f)
    sources: dict[int, list[dict[str, Any]]] = {}
    quote = func.substr(SRC.text, ES.quote_start + 1, ES.quote_end - ES.quote_start)
    for r in _rows(
        session,
        select(ES.event_id, ES.quote_start, ES.quote_end, quote.label("quote"), SRC.file_name, SRC.title,
               SRC.publisher, SRC.published_start, SRC.published_precision, SRC.url)
        .join(Source.__table__, SRC.id == ES.source_id)
        .where(ES.event_id.in_(ids))
        .order_by(ES.event_id, SRC.id, ES.quote_start),
    ):
        sources.setdefault(r.event_id, []).append(
            {
                "document": r.file_name,
                "title": r.title,
                "publisher": r.publisher,
                "published": _published(r.published_start, r.published_precision),
                "url": r.url,
                "quote": r.quote,
                "start": r.quote_start,
                "end": r.quote_end,
            }
        )
    return [_record(events[i], places, actors, figures, sources) for i in ids]


def _record(e: Any, places: dict[int, dict[str, Any]], actors: dict[int, list[dict[str, Any]]],
            figures: dict[int, list[Any]], sources: dict[int, list[dict[str, Any]]]) -> EventRecord:  # fmt: skip
    return EventRecord(
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


def _actors(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each event's actors with their other names, by role then name."""
    rows = _rows(
        session,
        select(EA.event_id, ACT.id, ACT.name, ACT.type, EA.role)
        .join(Actor.__table__, ACT.id == EA.actor_id)
        .where(EA.event_id.in_(ids))
        .order_by(EA.event_id, EA.role, ACT.name),
    )
    aliases: dict[int, list[str]] = {}
    alias = ActorAlias.__table__.c
    for actor_id, name in _rows(
        session, select(alias.actor_id, alias.alias).where(alias.actor_id.in_({r.id for r in rows})).order_by(alias.id)
    ):
        aliases.setdefault(actor_id, []).append(name)
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.event_id, []).append(
            {"name": r.name, "aliases": [a for a in aliases.get(r.id, []) if a != r.name], "type": r.type,
             "role": r.role}  # fmt: skip
        )
    return out


def _event_casualties(event: Any, figures: list[Any]) -> list[dict[str, Any]]:
    """The event's figures: one source's claims per kind, the source whose total is the event's best."""
    out = []
    for kind in KINDS:
        best = getattr(event, kind)
        if best is None:
            continue
        by_source: dict[int, list[Any]] = {}
        for f in figures:
            if f.kind == kind:
                by_source.setdefault(f.source_id, []).append(f)
        chosen = next(
            (fs for fs in by_source.values() if sum((f.best if f.best is not None else f.low) or 0 for f in fs) == best),
            None,
        )
        if chosen is None:
            out.append({"kind": kind, "count": best, "low": None, "high": None, "qualifier": "exact",
                        "victims": "unknown"})  # fmt: skip
            continue
        for f in chosen:
            out.append({"kind": kind, "count": f.best, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                        "victims": f.victims})  # fmt: skip
    return out


_LOC = Location.__table__
_PARENT = _LOC.alias("parent")
_GRAND = _LOC.alias("grand")
_COUNTRY = _LOC.alias("country")


def _places(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each place with its state (admin1) and country names, in one query."""
    if not ids:
        return {}
    loc = _LOC.c
    rows = _rows(
        session,
        select(loc.id, loc.name, loc.kind, loc.country_code, loc.latitude, loc.longitude,
               _PARENT.c.name.label("p_name"), _PARENT.c.kind.label("p_kind"),
               _GRAND.c.name.label("g_name"), _GRAND.c.kind.label("g_kind"),
               _COUNTRY.c.name.label("country"))
        .outerjoin(_PARENT, _PARENT.c.id == loc.parent_id)
        .outerjoin(_GRAND, _GRAND.c.id == _PARENT.c.parent_id)
        .outerjoin(_COUNTRY, (_COUNTRY.c.country_code == loc.country_code) & (_COUNTRY.c.kind == literal("country")))
        .where(loc.id.in_(ids)),
    )  # fmt: skip
    out = {}
    for r in rows:
        chain = [(r.name, r.kind), (r.p_name, r.p_kind), (r.g_name, r.g_kind)]
        admin1 = next((name for name, kind in chain if kind == "admin1"), None)
        out[r.id] = {
            "name": r.name,
            "kind": r.kind,
            "admin1": admin1,
            "country": r.country if r.country_code else None,
            "country_code": r.country_code,
            "latitude": r.latitude,
            "longitude": r.longitude,
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
    ).tuples()
    return [
        {"source": name, "rule": m.rule, "score": m.score, "details": json.loads(m.details or "{}")}
        for m, name in rows
    ]


__all__ = ["Filters", "EventRecord", "chronology_ids", "event_records", "export_document"]

"""Reading events back: the chronology query and the contract's event records.

This module never imports the extraction stack (dateparser, the gazetteer
matcher): a query command must start fast. Filters are bound parameters, never
SQL text. Reads go through Core tables (``timeline.tables``) on a connection: the
ORM's per-statement cost (entities, identity map) was most of a chronology's
time, and importing it a fifth of the command's.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    exists,
    func,
    or_,
    select,
    union,
    union_all,
)

from timeline import tables
from timeline.errors import InputError
from timeline.reference.load import normalize
from timeline.tables import CASUALTY_KINDS as KINDS
from timeline.tables import WIDE, WIDTH_DAYS

E = tables.events.c
EA = tables.event_actors.c
ES = tables.event_sources.c
SRC = tables.sources.c
CF = tables.casualty_figures.c
ACT = tables.actors.c
EM = tables.event_merges.c


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


def _rows(conn: Connection, stmt: Any) -> list[Any]:
    return list(conn.execute(stmt))


def _tree(conn: Connection, table: Table, aliases: Table, fk: str, name: str) -> set[int]:
    """Ids named ``name`` (alias or key) and everything under them, one indexed query per level.

    (A recursive CTE was one query, but PostgreSQL estimated it at millions of
    rows and spent 170 ms compiling it (JIT) to return a few hundred.)
    """
    named, children = _tree_statements(table, aliases, fk)
    found = {r[0] for r in conn.execute(named, {"name": name, "norm": normalize(name)})}
    frontier = found
    while frontier:
        frontier = {r[0] for r in conn.execute(children, {"ids": sorted(frontier)})} - found
        found |= frontier
    return found


@functools.cache
def _tree_statements(table: Table, aliases: Table, fk: str) -> tuple[Any, Any]:
    alias = aliases.c
    named = union(
        select(alias[fk]).where(alias.normalized == bindparam("norm", type_=String)),
        select(table.c.id).where(table.c.key == bindparam("name", type_=String)),
    )
    children = select(table.c.id).where(table.c.parent_id.in_(bindparam("ids", expanding=True)))
    return named, children


def resolve_actor(conn: Connection, name: str) -> set[int]:
    """Actor ids for a name or alias (case- and accent-insensitive), with leaders and factions."""
    ids = _tree(conn, tables.actors, tables.actor_aliases, "actor_id", name)
    if not ids:
        raise InputError(f"No actor named {name!r} (list them with 'timeline actors')")
    return ids


def resolve_place(conn: Connection, name: str) -> set[int]:
    """Location ids for a place name or alias, with every place inside it."""
    # A name that is both a state and its capital ("Guanajuato") means the state and all in it.
    ids = _tree(conn, tables.locations, tables.location_aliases, "location_id", name)
    if not ids:
        raise InputError(f"No place named {name!r} (list them with 'timeline places')")
    return ids


def chronology_ids(conn: Connection, filters: Filters) -> list[int]:
    """Event ids matching the filters, in date order (date_start, date_end, id; undated last).

    With a limit each part reads an index in date order and stops early: the
    timeline index ``ix_event_actors_actor_date`` (one range per actor, merged
    here) for an actor, ``ix_events_date`` otherwise. Sorting on an expression
    ("undated last") or grouping the actor's links first made the database
    read and sort every matching row: hundreds of milliseconds for the most
    common actor of a million events instead of a few. A window's events that
    began before it come first, from one bounded range per width class
    (``_began_before``).
    """
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InputError(f"--from {filters.date_from} is after --to {filters.date_to} (swap them)")
    conditions = _event_conditions(conn, filters)
    if filters.actor:
        actor_ids = sorted(resolve_actor(conn, filters.actor))
        return _actor_chronology(conn, actor_ids, conditions, filters)
    limit = filters.limit
    early = _began_before(conn, [], conditions, filters) if filters.date_from else []
    ids = [r[2] for r in early]
    if limit is not None and len(ids) >= limit:
        return ids
    window: list[Any] = [E.date_start.is_not(None)]
    if filters.date_from:
        window.append(E.date_start >= filters.date_from)
    if filters.date_to:
        window.append(E.date_start <= filters.date_to)
    dated = (
        select(E.id)
        .where(*window, *conditions)
        .order_by(E.date_start, E.date_end, E.id)
        .limit(limit - len(ids) if limit is not None else None)
    )
    ids += [r[0] for r in _rows(conn, dated)]
    return ids + _undated(conn, E.id, select(E.id), conditions, filters, len(ids))


def _event_conditions(conn: Connection, filters: Filters) -> list[Any]:
    """The filters on the event row itself (all but the actor and the date window)."""
    out: list[Any] = []
    if filters.place:
        out.append(E.location_id.in_(sorted(resolve_place(conn, filters.place))))
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
    conn: Connection, id_: Any, base: Select[Any], conditions: list[Any], filters: Filters, have: int
) -> list[int]:
    """Undated events (they come last, by id), when no window excludes them and the limit is not reached."""
    if filters.date_from or filters.date_to or (filters.limit and have >= filters.limit):
        return []
    left = filters.limit - have if filters.limit else None
    stmt = base.where(E.date_start.is_(None), *conditions).distinct().order_by(id_).limit(left)
    return [r[0] for r in _rows(conn, stmt)]


# (date_start, date_end, event_id, actor_id): sorts in chronology order
Link = tuple[dt.date, dt.date, int, int]


def _actor_chronology(
    conn: Connection, actor_ids: list[int], conditions: list[Any], filters: Filters
) -> list[int]:
    """An actor's (and its leaders' and factions') events, merged from one index range per actor.

    Each range is read in chronology order up to the limit, from the timeline
    index alone (it holds both dates and the event id). When a range was cut
    before the last event kept (the same event reached through several actors
    or roles), the ranges are read further. The events that began before a
    window all sort before those that begin in it.
    """
    limit = filters.limit
    early = _began_before(conn, actor_ids, conditions, filters) if filters.date_from else []
    if limit is not None and len(early) >= limit:
        return [r[2] for r in early[:limit]]
    want = None if limit is None else limit - len(early)
    fetch = want
    while True:
        found = _links(conn, actor_ids, conditions, fetch, filters)
        ordered = _unique_events(found)
        cut = _cut_keys(found, fetch)
        if want is None or not cut or (len(ordered) >= want and min(cut) >= ordered[want - 1][:3]):
            break
        fetch *= 2  # type: ignore[operator]
    ids = [r[2] for r in early] + [r[2] for r in ordered[:want]]
    base = select(EA.event_id).join(tables.events, E.id == EA.event_id).where(EA.actor_id.in_(actor_ids))
    return ids + _undated(conn, EA.event_id, base, conditions, filters, len(ids))


def _began_before(
    conn: Connection, actor_ids: list[int], conditions: list[Any], filters: Filters
) -> list[Link]:
    """The events (of the actors, if any) that began before the window and run into it, in order.

    One bounded range of ``ix_events_width_date`` per width class: an event
    of class w that reaches the window's first day began at most
    ``WIDTH_DAYS[w]`` days before it; the widest class (spans over a year) is
    one range over its few events. A single condition ``date_end >= from``
    over the date index was a pass over every earlier event (54 ms on SQLite
    for a window in 2015 over a million events).

    On PostgreSQL each range is read in date order up to the limit: without
    it the planner fetched every row of the ranges from the table (the index
    does not hold the id), 16-46 ms instead of 2-7. SQLite merges the ranges'
    index orders itself and stops at the outer limit; a limit inside each
    range made it check the actors on every row of it (14 ms instead of 1.7).
    """
    lo = filters.date_from
    assert lo is not None
    where = [E.date_start < lo, E.date_end >= lo, *conditions]
    if actor_ids:
        where.append(exists().where(EA.event_id == E.id, EA.actor_id.in_(actor_ids)))
    row = select(E.date_start, E.date_end, E.id)
    parts = [
        row.where(E.date_width == w, E.date_start >= _days_before(lo, days), *where)
        for w, days in enumerate(WIDTH_DAYS)
    ]
    parts.append(row.where(E.date_width == WIDE, *where))
    if filters.limit is not None and conn.dialect.name == "postgresql":
        order = (E.date_start, E.date_end, E.id)
        parts = [select(p.order_by(*order).limit(filters.limit).subquery()) for p in parts]
    found = union_all(*parts).subquery()
    stmt = select(found).order_by(*found.c).limit(filters.limit)
    return [(r[0], r[1], r[2], 0) for r in _rows(conn, stmt)]


def _days_before(day: dt.date, days: int) -> dt.date:
    try:
        return day - dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min


def _unique_events(links: list[Link]) -> list[Link]:
    """One link per event, in chronology order."""
    first: dict[int, Link] = {}
    for link in sorted(links):
        first.setdefault(link[2], link)
    return list(first.values())


def _cut_keys(found: list[Link], fetch: int | None) -> list[tuple[Any, ...]]:
    """The last (date_start, date_end, event_id) read of each actor whose range the fetch limit cut."""
    if fetch is None:
        return []
    per_actor: dict[int, list[Link]] = {}
    for link in found:
        per_actor.setdefault(link[3], []).append(link)
    return [max(links)[:3] for links in per_actor.values() if len(links) >= fetch]


def _links(
    conn: Connection, actor_ids: list[int], conditions: list[Any], fetch: int | None, filters: Filters
) -> list[Link]:
    """Dated links of the actors, up to ``fetch`` per actor in chronology order (one index range each)."""
    shape = (len(actor_ids), filters.date_from is not None, filters.date_to is not None, fetch is not None)
    stmt = _links_statement(*shape) if not conditions else _build_links(*shape, conditions)
    params: dict[str, Any] = {f"a{i}": a for i, a in enumerate(actor_ids)}
    params.update(lo=filters.date_from, hi=filters.date_to, fetch=fetch)
    return [tuple(r) for r in conn.execute(stmt, params)]


@functools.lru_cache(maxsize=256)
def _links_statement(n: int, lo: bool, hi: bool, limited: bool) -> Any:
    """The statement of ``_build_links`` without event filters, built once per shape."""
    return _build_links(n, lo, hi, limited, [])


def _build_links(n: int, lo: bool, hi: bool, limited: bool, conditions: list[Any]) -> Any:
    """Per actor, its links in (date_start, date_end, event_id) order: the timeline index, covering.

    The dates are the link's copies of its event's (``store`` keeps them in
    sync); ``events`` is joined only for the event filters.
    """
    where: list[Any] = [EA.date_start.is_not(None)]
    if lo:
        where.append(EA.date_start >= bindparam("lo", type_=Date))
    if hi:
        where.append(EA.date_start <= bindparam("hi", type_=Date))
    parts = []
    for i in range(n):
        part = select(EA.date_start, EA.date_end, EA.event_id, EA.actor_id).where(
            EA.actor_id == bindparam(f"a{i}", type_=Integer), *where
        )
        if conditions:
            part = part.join(tables.events, E.id == EA.event_id).where(*conditions)
        if limited:
            fetch = bindparam("fetch", type_=Integer)
            part = part.order_by(EA.date_start, EA.date_end, EA.event_id).limit(fetch)
        parts.append(part)
    if n == 1:
        return parts[0]
    if limited:  # SQLite allows ORDER BY / LIMIT only in a sub-select of a compound
        return union_all(*(select(p.subquery()) for p in parts))
    return union_all(*parts)


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


def event_records(conn: Connection, ids: list[int]) -> list[EventRecord]:
    """The contract's EVENT objects for ``ids``, in that order."""
    if not ids:
        return []
    events = {r.id: r for r in _rows(conn, select(tables.events).where(E.id.in_(ids)))}
    places = _places(conn, {e.location_id for e in events.values() if e.location_id})
    actors = _actors(conn, ids)
    figures: dict[int, list[Any]] = {}
    for f in _rows(
        conn,
        select(CF.event_id, CF.source_id, CF.kind, CF.best, CF.low, CF.high, CF.qualifier, CF.victims)
        .where(CF.event_id.in_(ids), CF.part_of_id.is_(None))
        .order_by(CF.event_id, CF.source_id, CF.id),
    ):
        figures.setdefault(f.event_id, []).append(f)
    sources: dict[int, list[dict[str, Any]]] = {}
    quote = func.substr(SRC.text, ES.quote_start + 1, ES.quote_end - ES.quote_start)
    for r in _rows(
        conn,
        select(
            ES.event_id,
            ES.quote_start,
            ES.quote_end,
            quote.label("quote"),
            SRC.file_name,
            SRC.title,
            SRC.publisher,
            SRC.published_start,
            SRC.published_precision,
            SRC.url,
        )
        .join(tables.sources, SRC.id == ES.source_id)
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


Grouped = dict[int, list[Any]]  # event id -> its actors, figures or sources


def _record(e: Any, places: dict[int, dict[str, Any]], actors: Grouped, figures: Grouped,
            sources: Grouped) -> EventRecord:  # fmt: skip
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
        },
    )


def _actors(conn: Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each event's actors with their other names, by role then name."""
    rows = _rows(
        conn,
        select(EA.event_id, ACT.id, ACT.name, ACT.type, EA.role)
        .join(tables.actors, ACT.id == EA.actor_id)
        .where(EA.event_id.in_(ids))
        .order_by(EA.event_id, EA.role, ACT.name),
    )
    aliases: dict[int, list[str]] = {}
    alias = tables.actor_aliases.c
    named = select(alias.actor_id, alias.alias).where(alias.actor_id.in_({r.id for r in rows}))
    for actor_id, name in _rows(conn, named.order_by(alias.id)):
        aliases.setdefault(actor_id, []).append(name)
    out: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r.event_id, []).append(
            {
                "name": r.name,
                "aliases": [a for a in aliases.get(r.id, []) if a != r.name],
                "type": r.type,
                "role": r.role,
            }
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
        chosen = next((fs for fs in by_source.values() if _total(fs) == best), None)
        if chosen is None:
            out.append({"kind": kind, "count": best, "low": None, "high": None, "qualifier": "exact",
                        "victims": "unknown"})  # fmt: skip
            continue
        for f in chosen:
            out.append({"kind": kind, "count": f.best, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                        "victims": f.victims})  # fmt: skip
    return out


def _total(figures: list[Any]) -> int:
    return sum((f.best if f.best is not None else f.low) or 0 for f in figures)


_LOC = tables.locations
_PARENT = _LOC.alias("parent")
_GRAND = _LOC.alias("grand")
_COUNTRY = _LOC.alias("country")


def _places(conn: Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each place with its state (admin1) and country names, in one query.

    Countries are keyed ``country:<ISO code>`` (``reference.build_places``).
    """
    if not ids:
        return {}
    loc = _LOC.c
    rows = _rows(
        conn,
        select(loc.id, loc.name, loc.kind, loc.country_code, loc.latitude, loc.longitude,
               _PARENT.c.name.label("p_name"), _PARENT.c.kind.label("p_kind"),
               _GRAND.c.name.label("g_name"), _GRAND.c.kind.label("g_kind"),
               _COUNTRY.c.name.label("country"))
        .outerjoin(_PARENT, _PARENT.c.id == loc.parent_id)
        .outerjoin(_GRAND, _GRAND.c.id == _PARENT.c.parent_id)
        .outerjoin(_COUNTRY, _COUNTRY.c.key == "country:" + loc.country_code)  # the unique key index
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


def export_document(conn: Connection, filters: Filters | None = None) -> dict[str, Any]:
    """The contract's export object: ``{"format": "timeline-events", "version": 1, "events": [...]}``."""
    ids = chronology_ids(conn, filters or Filters())
    return {
        "format": "timeline-events",
        "version": 1,
        "events": [r.data for r in event_records(conn, ids)],
    }


def merges_of(conn: Connection, event_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(SRC.file_name, EM.rule, EM.score, EM.details)
        .join(tables.sources, SRC.id == EM.source_id)
        .where(EM.event_id == event_id)
        .order_by(EM.id)
    )
    return [
        {"source": r.file_name, "rule": r.rule, "score": r.score, "details": json.loads(r.details or "{}")}
        for r in rows
    ]


__all__ = ["Filters", "EventRecord", "chronology_ids", "event_records", "export_document"]

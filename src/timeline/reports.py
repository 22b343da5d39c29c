"""Reports over the stored events: listings of actors, places and sources, and statistics.

Every function takes a Connection and returns plain rows (dicts of str/int/float/None),
so the CLI only renders and other programs can call them (``using(engine, fn, ...)``
runs one in a read-only transaction). They read the Core tables (``timeline.tables``),
never the ORM. Incidents and statistics (``aggregate`` events, a
claim over a period) are counted apart: ``events`` and ``killed`` are incidents only.
Casualty tables and chart series are in ``reports_casualties``, one event's evidence
in ``reports_show``.

Filters are bound parameters; text searches escape LIKE wildcards (``%``, ``_``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, or_, select

from timeline import tables
from timeline.query import ACT, CF, EA, EM, ES, SRC, E, Filters, chronology_ids
from timeline.reference.load import normalize
from timeline.tables import CASUALTY_KINDS as KINDS

AA = tables.actor_aliases.c
LOC = tables.locations.c
LA = tables.location_aliases.c

CHUNK = 500

T = TypeVar("T")
EventRow = Any  # a Row of EVENT_COLUMNS


# --- connections --------------------------------------------------------------------


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only connection: on SQLite a plain BEGIN, so reports never wait for the write lock."""
    with engine.connect() as conn:
        conn.info["write"] = False
        try:
            yield conn
        finally:
            conn.info.pop("write", None)


def using(engine: Engine, report: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one report function on a read-only connection (the CLI's single library call)."""
    with reading(engine) as conn:
        return report(conn, *args, **kwargs)


# --- the events in scope -------------------------------------------------------------

EVENT_COLUMNS = (
    E.id, E.date_start, E.date_end, E.date_precision, E.aggregate,
    E.location_id, E.killed, E.injured, E.abducted, E.disappeared,
)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def scoped_events(conn: Connection, filters: Filters | None = None) -> list[EventRow]:
    """The events the filters select (all when none), as light rows in date order."""
    filters = filters or Filters()
    order = (E.date_start.is_(None), E.date_start, E.date_end, E.id)
    if filters == Filters():
        return list(conn.execute(select(*EVENT_COLUMNS).order_by(*order)).all())
    ids = chronology_ids(conn, filters)
    rows: dict[int, EventRow] = {}
    for chunk in chunks(ids):
        rows.update((r.id, r) for r in conn.execute(select(*EVENT_COLUMNS).where(E.id.in_(chunk))))
    return [rows[i] for i in ids]


def event_actor_links(conn: Connection, event_ids: Sequence[int]) -> list[EventRow]:
    """(event_id, actor_id, role) for the events."""
    out: list[EventRow] = []
    for chunk in chunks(event_ids):
        out += conn.execute(
            select(EA.event_id, EA.actor_id, EA.role)
            .where(EA.event_id.in_(chunk))
        ).all()
    return out


def admin1_of(conn: Connection, location_ids: set[int]) -> dict[int, str | None]:
    """Each location's state (admin1) name, walking up parents; None above or without one."""
    known: dict[int, tuple[str, str, int | None]] = {}
    frontier = set(location_ids)
    while frontier:
        rows = conn.execute(
            select(LOC.id, LOC.name, LOC.kind, LOC.parent_id)
            .where(LOC.id.in_(frontier))
        ).all()
        known.update((r.id, (r.name, r.kind, r.parent_id)) for r in rows)
        frontier = {r.parent_id for r in rows if r.parent_id is not None and r.parent_id not in known}
    out: dict[int, str | None] = {}
    for start in location_ids:
        node: int | None = start
        found = None
        for _ in range(8):  # locality -> admin2 -> admin1 -> country at most
            if node is None or node not in known:
                break
            name, kind, parent = known[node]
            if kind == "admin1":
                found = name
                break
            if kind == "country":
                break
            node = parent
        out[start] = found
    return out


def actor_names(conn: Connection, ids: set[int]) -> dict[int, str]:
    """Actor names by id."""
    names: dict[int, str] = {}
    for chunk in chunks(sorted(ids)):
        names.update(conn.execute(select(ACT.id, ACT.name).where(ACT.id.in_(chunk))).all())
    return names



# --- listings -----------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _roll(events: dict[int, EventRow], event_ids: set[int]) -> dict[str, Any]:
    """Counts over a set of events: incidents, statistics, incident deaths, date span."""
    mine = [events[i] for i in event_ids]
    incidents = [e for e in mine if not e.aggregate]
    starts = [e.date_start for e in mine if e.date_start]
    ends = [e.date_end for e in mine if e.date_end]
    return {
        "events": len(incidents),
        "aggregates": len(mine) - len(incidents),
        "killed": sum(e.killed or 0 for e in incidents),
        "first": _iso(min(starts)) if starts else None,
        "last": _iso(max(ends)) if ends else None,
    }


def _contains(column: Any, text: str) -> Any:
    return column.contains(text, autoescape=True)


def actors(
    conn: Connection, filters: Filters | None = None, search: str | None = None, include_unused: bool = False
) -> list[dict[str, Any]]:
    """Actors with their event counts (incidents; statistics apart), roles, deaths and date span.

    ``search`` matches a name or alias (case- and accent-insensitive substring);
    ``include_unused`` adds actors no event mentions (the reference has hundreds).
    """
    events = {e.id: e for e in scoped_events(conn, filters)}
    per_actor: dict[int, set[int]] = {}
    roles: dict[int, Counter[str]] = {}
    for link in event_actor_links(conn, list(events)):
        per_actor.setdefault(link.actor_id, set()).add(link.event_id)
        roles.setdefault(link.actor_id, Counter())[link.role] += 1
    stmt = select(ACT.id, ACT.key, ACT.name, ACT.type, ACT.discovered, ACT.parent_id)
    if search:
        norm = normalize(search)
        stmt = stmt.where(
            or_(
                _contains(func.lower(ACT.name), search.lower()),
                ACT.id.in_(select(AA.actor_id).where(_contains(AA.normalized, norm))),
            )
        )
    rows = conn.execute(stmt).all()
    parents = {r.id: r.name for r in rows}
    missing = {r.parent_id for r in rows if r.parent_id and r.parent_id not in parents}
    parents.update(actor_names(conn, missing))
    out = []
    for r in rows:
        if r.id not in per_actor and not include_unused:
            continue
        out.append({
            "name": r.name, "type": r.type, "origin": "discovered" if r.discovered else "reference",
            "part_of": parents.get(r.parent_id) if r.parent_id else None,
            **_roll(events, per_actor.get(r.id, set())),
            "perpetrator": roles.get(r.id, Counter())["perpetrator"],
            "target": roles.get(r.id, Counter())["target"],
            "key": r.key,
        })
    return sorted(out, key=lambda x: (-(x["events"] + x["aggregates"]), -x["killed"], x["name"].casefold()))


def places(
    conn: Connection, filters: Filters | None = None, search: str | None = None, include_unused: bool = False
) -> list[dict[str, Any]]:
    """Places events are located at, with counts; ``search`` matches a name or alias."""
    events = {e.id: e for e in scoped_events(conn, filters)}
    per_place: dict[int, set[int]] = {}
    for e in events.values():
        if e.location_id:
            per_place.setdefault(e.location_id, set()).add(e.id)
    stmt = select(LOC.id, LOC.key, LOC.name, LOC.kind, LOC.country_code,
                  LOC.latitude, LOC.longitude)
    if search:
        stmt = stmt.where(
            or_(
                _contains(func.lower(LOC.name), search.lower()),
                LOC.id.in_(
                    select(LA.location_id)
                    .where(_contains(LA.normalized, normalize(search)))
                ),
            )
        )
    elif not include_unused:
        stmt = stmt.where(LOC.id.in_(select(E.location_id).where(E.location_id.is_not(None))))
    rows = [r for r in conn.execute(stmt).all() if include_unused or r.id in per_place]
    states = admin1_of(conn, {r.id for r in rows})
    out = [
        {
            "name": r.name, "kind": r.kind, "admin1": states.get(r.id), "country_code": r.country_code,
            **_roll(events, per_place.get(r.id, set())),
            "latitude": r.latitude, "longitude": r.longitude, "key": r.key,
        }
        for r in rows
    ]
    return sorted(out, key=lambda x: (-(x["events"] + x["aggregates"]), -x["killed"], x["name"].casefold()))


def published_at(start: dt.date | None, precision: str) -> str | None:
    """A publication date at its precision: 2014, 2014-05 or 2014-05-31."""
    if start is None:
        return None
    if precision == "year":
        return f"{start.year:04d}"
    if precision == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def sources(conn: Connection, search: str | None = None) -> list[dict[str, Any]]:
    """Ingested documents with event, figure and merge counts.

    ``search`` matches the file name, title, publisher or URL (case-insensitive substring).
    """
    n_events = (
        select(func.count(func.distinct(ES.event_id))).where(ES.source_id == SRC.id)
        .correlate(tables.sources).scalar_subquery()
    )
    n_figures = (
        select(func.count(CF.id)).where(CF.source_id == SRC.id)
        .correlate(tables.sources).scalar_subquery()
    )
    n_merged = (
        select(func.count(EM.id)).where(EM.source_id == SRC.id)
        .correlate(tables.sources).scalar_subquery()
    )
    stmt = select(
        SRC.id, SRC.file_name, SRC.title, SRC.publisher, SRC.published_start,
        SRC.published_precision, SRC.language, SRC.url,
        n_events.label("events"), n_figures.label("figures"), n_merged.label("merged"),
    )
    if search:
        stmt = stmt.where(or_(*(_contains(func.lower(c), search.lower())
                                for c in (SRC.file_name, SRC.title, SRC.publisher, SRC.url))))
    stmt = stmt.order_by(SRC.published_start.is_(None), SRC.published_start, SRC.id)
    return [
        {
            "id": r.id, "document": r.file_name, "title": r.title, "publisher": r.publisher,
            "published": published_at(r.published_start, r.published_precision), "language": r.language,
            "events": r.events, "figures": r.figures, "merged": r.merged, "url": r.url,
        }
        for r in conn.execute(stmt)
    ]


# --- statistics ----------------------------------------------------------------------


def _count(conn: Connection, stmt: Any) -> int:
    return int(conn.scalar(stmt) or 0)


def stats(conn: Connection) -> dict[str, Any]:
    """Counts of the whole database: documents, events, merges, actors, places, incident casualties, span."""
    n = func.count()
    merged = select(ES.event_id).group_by(ES.event_id).having(
        func.count(func.distinct(ES.source_id)) > 1
    ).subquery()
    incident = E.aggregate.is_(False)
    sums = (func.coalesce(func.sum(E[k]), 0) for k in KINDS)
    totals = conn.execute(select(*sums).where(incident)).one()
    span = conn.execute(select(func.min(E.date_start), func.max(E.date_end))).one()
    out: dict[str, Any] = {
        "sources": _count(conn, select(n).select_from(tables.sources)),
        "events": _count(conn, select(n).select_from(tables.events)),
        "events_dated": _count(conn, select(n).select_from(tables.events).where(E.date_start.is_not(None))),
        "events_undated": _count(conn, select(n).select_from(tables.events).where(E.date_start.is_(None))),
        "incidents": _count(conn, select(n).select_from(tables.events).where(incident)),
        "aggregates": _count(conn, select(n).select_from(tables.events).where(E.aggregate.is_(True))),
        "events_merged": _count(conn, select(n).select_from(merged)),
        "merges": _count(conn, select(n).select_from(tables.event_merges)),
        "actors_reference": _count(conn, select(n).where(ACT.discovered.is_(False))),
        "actors_discovered": _count(conn, select(n).where(ACT.discovered.is_(True))),
        "actors_in_events": _count(conn, select(func.count(func.distinct(EA.actor_id)))),
        "places_used": _count(conn, select(func.count(func.distinct(E.location_id)))),
    }
    out.update({f"{k}_incidents": int(v) for k, v in zip(KINDS, totals, strict=True)})
    out["date_first"], out["date_last"] = _iso(span[0]), _iso(span[1])
    return out


def stats_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The statistics as (metric, value) rows for tables and CSV."""
    return [{"metric": k, "value": v} for k, v in data.items()]


__all__ = ["actors", "places", "reading", "scoped_events", "sources", "stats", "stats_rows", "using"]

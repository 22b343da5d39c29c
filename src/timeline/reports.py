"""Reports over the stored events: listings of actors, places and sources, and statistics.

Every function takes a Session and returns plain rows (dicts of str/int/float/None),
so the CLI only renders and other programs can call them (``using(engine, fn, ...)``
runs one in a read-only session). Incidents and statistics (``aggregate`` events, a
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

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from timeline.models import (
    CASUALTY_KINDS as KINDS,
)
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
from timeline.query import Filters, chronology_ids
from timeline.reference.load import normalize

CHUNK = 500

T = TypeVar("T")
EventRow = Any  # a Row of EVENT_COLUMNS


# --- sessions -----------------------------------------------------------------------


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A read-only session: on SQLite a plain BEGIN, so reports never wait for the write lock."""
    with engine.connect() as conn:
        conn.info["write"] = False
        try:
            with Session(bind=conn) as session:
                yield session
        finally:
            conn.info.pop("write", None)


def using(engine: Engine, report: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one report function in a read-only session (the CLI's single library call)."""
    with reading(engine) as session:
        return report(session, *args, **kwargs)


# --- the events in scope -------------------------------------------------------------

EVENT_COLUMNS = (
    Event.id, Event.date_start, Event.date_end, Event.date_precision, Event.aggregate,
    Event.location_id, Event.killed, Event.injured, Event.abducted, Event.disappeared,
)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def scoped_events(session: Session, filters: Filters | None = None) -> list[EventRow]:
    """The events the filters select (all when none), as light rows in date order."""
    filters = filters or Filters()
    order = (Event.date_start.is_(None), Event.date_start, Event.date_end, Event.id)
    if filters == Filters():
        return list(session.execute(select(*EVENT_COLUMNS).order_by(*order)).all())
    ids = chronology_ids(session, filters)
    rows: dict[int, EventRow] = {}
    for chunk in chunks(ids):
        rows.update((r.id, r) for r in session.execute(select(*EVENT_COLUMNS).where(Event.id.in_(chunk))))
    return [rows[i] for i in ids]


def event_actor_links(session: Session, event_ids: Sequence[int]) -> list[EventRow]:
    """(event_id, actor_id, role) for the events."""
    out: list[EventRow] = []
    for chunk in chunks(event_ids):
        out += session.execute(
            select(EventActor.event_id, EventActor.actor_id, EventActor.role)
            .where(EventActor.event_id.in_(chunk))
        ).all()
    return out


def admin1_of(session: Session, location_ids: set[int]) -> dict[int, str | None]:
    """Each location's state (admin1) name, walking up parents; None above or without one."""
    known: dict[int, tuple[str, str, int | None]] = {}
    frontier = set(location_ids)
    while frontier:
        rows = session.execute(
            select(Location.id, Location.name, Location.kind, Location.parent_id)
            .where(Location.id.in_(frontier))
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


def actor_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Actor names by id."""
    names: dict[int, str] = {}
    for chunk in chunks(sorted(ids)):
        names.update(session.execute(select(Actor.id, Actor.name).where(Actor.id.in_(chunk))).all())
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
    session: Session, filters: Filters | None = None, search: str | None = None, include_unused: bool = False
) -> list[dict[str, Any]]:
    """Actors with their event counts (incidents; statistics apart), roles, deaths and date span.

    ``search`` matches a name or alias (case- and accent-insensitive substring);
    ``include_unused`` adds actors no event mentions (the reference has hundreds).
    """
    events = {e.id: e for e in scoped_events(session, filters)}
    per_actor: dict[int, set[int]] = {}
    roles: dict[int, Counter[str]] = {}
    for link in event_actor_links(session, list(events)):
        per_actor.setdefault(link.actor_id, set()).add(link.event_id)
        roles.setdefault(link.actor_id, Counter())[link.role] += 1
    stmt = select(Actor.id, Actor.key, Actor.name, Actor.type, Actor.discovered, Actor.parent_id)
    if search:
        norm = normalize(search)
        stmt = stmt.where(
            or_(
                _contains(func.lower(Actor.name), search.lower()),
                Actor.id.in_(select(ActorAlias.actor_id).where(_contains(ActorAlias.normalized, norm))),
            )
        )
    rows = session.execute(stmt).all()
    parents = {r.id: r.name for r in rows}
    missing = {r.parent_id for r in rows if r.parent_id and r.parent_id not in parents}
    parents.update(actor_names(session, missing))
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
    session: Session, filters: Filters | None = None, search: str | None = None, include_unused: bool = False
) -> list[dict[str, Any]]:
    """Places events are located at, with counts; ``search`` matches a name or alias."""
    events = {e.id: e for e in scoped_events(session, filters)}
    per_place: dict[int, set[int]] = {}
    for e in events.values():
        if e.location_id:
            per_place.setdefault(e.location_id, set()).add(e.id)
    stmt = select(Location.id, Location.key, Location.name, Location.kind, Location.country_code,
                  Location.latitude, Location.longitude)
    if search:
        stmt = stmt.where(
            or_(
                _contains(func.lower(Location.name), search.lower()),
                Location.id.in_(
                    select(LocationAlias.location_id)
                    .where(_contains(LocationAlias.normalized, normalize(search)))
                ),
            )
        )
    elif not include_unused:
        stmt = stmt.where(Location.id.in_(select(Event.location_id).where(Event.location_id.is_not(None))))
    rows = [r for r in session.execute(stmt).all() if include_unused or r.id in per_place]
    states = admin1_of(session, {r.id for r in rows})
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


def sources(session: Session, search: str | None = None) -> list[dict[str, Any]]:
    """Ingested documents with event, figure and merge counts.

    ``search`` matches the file name, title, publisher or URL (case-insensitive substring).
    """
    n_events = (
        select(func.count(func.distinct(EventSource.event_id))).where(EventSource.source_id == Source.id)
        .correlate(Source).scalar_subquery()
    )
    n_figures = (
        select(func.count(CasualtyFigure.id)).where(CasualtyFigure.source_id == Source.id)
        .correlate(Source).scalar_subquery()
    )
    n_merged = (
        select(func.count(EventMerge.id)).where(EventMerge.source_id == Source.id)
        .correlate(Source).scalar_subquery()
    )
    stmt = select(
        Source.id, Source.file_name, Source.title, Source.publisher, Source.published_start,
        Source.published_precision, Source.language, Source.url,
        n_events.label("events"), n_figures.label("figures"), n_merged.label("merged"),
    )
    if search:
        stmt = stmt.where(or_(*(_contains(func.lower(c), search.lower())
                                for c in (Source.file_name, Source.title, Source.publisher, Source.url))))
    stmt = stmt.order_by(Source.published_start.is_(None), Source.published_start, Source.id)
    return [
        {
            "id": r.id, "document": r.file_name, "title": r.title, "publisher": r.publisher,
            "published": published_at(r.published_start, r.published_precision), "language": r.language,
            "events": r.events, "figures": r.figures, "merged": r.merged, "url": r.url,
        }
        for r in session.execute(stmt)
    ]


# --- statistics ----------------------------------------------------------------------


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(stmt) or 0)


def stats(session: Session) -> dict[str, Any]:
    """Counts of the whole database: documents, events, merges, actors, places, incident casualties, span."""
    n = func.count()
    merged = select(EventSource.event_id).group_by(EventSource.event_id).having(
        func.count(func.distinct(EventSource.source_id)) > 1
    ).subquery()
    incident = Event.aggregate.is_(False)
    sums = (func.coalesce(func.sum(getattr(Event, k)), 0) for k in KINDS)
    totals = session.execute(select(*sums).where(incident)).one()
    span = session.execute(select(func.min(Event.date_start), func.max(Event.date_end))).one()
    out: dict[str, Any] = {
        "sources": _count(session, select(n).select_from(Source)),
        "events": _count(session, select(n).select_from(Event)),
        "events_dated": _count(session, select(n).select_from(Event).where(Event.date_start.is_not(None))),
        "events_undated": _count(session, select(n).select_from(Event).where(Event.date_start.is_(None))),
        "incidents": _count(session, select(n).select_from(Event).where(incident)),
        "aggregates": _count(session, select(n).select_from(Event).where(Event.aggregate.is_(True))),
        "events_merged": _count(session, select(n).select_from(merged)),
        "merges": _count(session, select(n).select_from(EventMerge)),
        "actors_reference": _count(session, select(n).select_from(Actor).where(Actor.discovered.is_(False))),
        "actors_discovered": _count(session, select(n).select_from(Actor).where(Actor.discovered.is_(True))),
        "actors_in_events": _count(session, select(func.count(func.distinct(EventActor.actor_id)))),
        "places_used": _count(session, select(func.count(func.distinct(Event.location_id)))),
    }
    out.update({f"{k}_incidents": int(v) for k, v in zip(KINDS, totals, strict=True)})
    out["date_first"], out["date_last"] = _iso(span[0]), _iso(span[1])
    return out


def stats_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The statistics as (metric, value) rows for tables and CSV."""
    return [{"metric": k, "value": v} for k, v in data.items()]


__all__ = ["actors", "places", "reading", "scoped_events", "sources", "stats", "stats_rows", "using"]

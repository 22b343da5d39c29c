"""Casualty tables and chart series: incidents and statistics apart, precision honoured.

An ``aggregate`` event ("262 officers killed since 2018") is a claim over a period: it
is reported in its own section and never added to incidents. An event counts in a year
(month, state) only when its whole interval (place) lies inside it; the rest go to a
``not placed`` row, never spread over buckets.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from timeline.errors import InputError
from timeline.query import Filters, event_records
from timeline.reports import KINDS, EventRow, actor_names, admin1_of, chunks, event_actor_links, scoped_events

Placed = dict[int, list[tuple[str, dict[str, int | None]]]]  # event id -> [(bucket, figures it adds there)]

BY = ("year", "month", "actor", "place", "victims")
NOT_PLACED = "not placed"
TOTAL = "total"


# --- casualties ---------------------------------------------------------------------


def _zero(bucket: str, placed: bool = True) -> dict[str, Any]:
    return {"bucket": bucket, "placed": placed, "events": 0, **dict.fromkeys(KINDS, 0)}


def _add(row: dict[str, Any], figures: dict[str, int | None]) -> None:
    row["events"] += 1
    for kind in KINDS:
        row[kind] += figures.get(kind) or 0


def _period(event: EventRow, by: str) -> str | None:
    """The year or month holding the event's whole interval, else None."""
    s, e = event.date_start, event.date_end
    if s is None or e is None or event.date_precision == "unknown":
        return None
    if by == "year":
        return f"{s.year:04d}" if s.year == e.year else None
    if (s.year, s.month) == (e.year, e.month) and event.date_precision in ("day", "week", "month", "range"):
        return f"{s.year:04d}-{s.month:02d}"
    return None


def _buckets(conn: Connection, events: list[EventRow], by: str) -> Placed:
    """For each event: the buckets it belongs to, with the figures it adds there."""
    figures = {e.id: {k: getattr(e, k) for k in KINDS} for e in events}
    out: Placed = {e.id: [] for e in events}
    if by in ("year", "month"):
        for e in events:
            period = _period(e, by)
            if period:
                out[e.id].append((period, figures[e.id]))
    elif by == "place":
        states = admin1_of(conn, {e.location_id for e in events if e.location_id})
        for e in events:
            state = states.get(e.location_id) if e.location_id else None
            if state:
                out[e.id].append((state, figures[e.id]))
    elif by == "actor":
        ids = [e.id for e in events]
        links = event_actor_links(conn, ids)
        names = actor_names(conn, {link.actor_id for link in links})
        seen: set[tuple[int, int]] = set()
        for link in links:
            if (link.event_id, link.actor_id) not in seen:
                seen.add((link.event_id, link.actor_id))
                out[link.event_id].append((names[link.actor_id], figures[link.event_id]))
    elif by == "victims":
        for chunk in chunks([e.id for e in events]):
            for record in event_records(conn, list(chunk)):
                groups: dict[str, dict[str, int | None]] = {}
                for c in record.data["casualties"]:
                    value = c["count"] if c["count"] is not None else c["low"]
                    group = groups.setdefault(c["victims"], dict.fromkeys(KINDS, 0))
                    group[c["kind"]] = (group[c["kind"]] or 0) + (value or 0)
                out[record.id] = sorted(groups.items())
    else:
        raise InputError(f"Cannot group casualties by {by!r} (use one of: {', '.join(BY)})")
    return out


def _section(events: list[EventRow], placed: Placed, by: str) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    rest = _zero(NOT_PLACED, placed=False)
    total = _zero(TOTAL, placed=False)
    for e in events:
        _add(total, {k: getattr(e, k) for k in KINDS})
        if not placed[e.id]:
            _add(rest, {k: getattr(e, k) for k in KINDS})
        for bucket, figures in placed[e.id]:
            _add(rows.setdefault(bucket, _zero(bucket)), figures)
    if by in ("year", "month"):
        ordered = sorted(rows.values(), key=lambda r: r["bucket"])
    else:
        ordered = sorted(rows.values(), key=lambda r: (-r["killed"], -r["events"], r["bucket"]))
    return [*ordered, *([rest] if rest["events"] else []), total]


def casualties(conn: Connection, by: str = "year", filters: Filters | None = None) -> dict[str, Any]:
    """Casualty counts per year, month, actor, state or victim group.

    Returns ``{"by", "incidents": rows, "aggregates": rows}``; each row has ``bucket``,
    ``placed``, ``events`` and one column per casualty kind. The last rows of a section are
    ``not placed`` (events wider than a bucket, undated, unlocated, without actors or
    figures) and ``total`` (each event once). By actor, an event with two actors counts
    under both, so rows do not add up to the total.
    """
    if by not in BY:
        raise InputError(f"Cannot group casualties by {by!r} (use one of: {', '.join(BY)})")
    events = scoped_events(conn, filters)
    placed = _buckets(conn, events, by)
    incidents = [e for e in events if not e.aggregate]
    aggregates = [e for e in events if e.aggregate]
    return {"by": by, "incidents": _section(incidents, placed, by),
            "aggregates": _section(aggregates, placed, by)}


def casualty_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat list for CSV: each row tagged with its ``section`` (incidents or aggregates)."""
    return [{"section": name, **row} for name in ("incidents", "aggregates") for row in report[name]]


# --- chart series ------------------------------------------------------------------

UNATTRIBUTED = "unattributed"


def chart_series(conn: Connection, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Dated events for a chart: interval, precision, statistic or not, figures and a lead actor.

    The lead actor is the first perpetrator by name, else the first actor of any role,
    else ``unattributed``: one colour per event, chosen the same way every time.
    """
    events = [e for e in scoped_events(conn, filters) if e.date_start is not None]
    links = event_actor_links(conn, [e.id for e in events])
    names = actor_names(conn, {link.actor_id for link in links})
    lead: dict[int, tuple[int, str]] = {}
    for link in links:
        candidate = (0 if link.role == "perpetrator" else 1, names[link.actor_id])
        if link.event_id not in lead or candidate < lead[link.event_id]:
            lead[link.event_id] = candidate
    return [
        {
            "id": e.id, "start": e.date_start, "end": e.date_end, "precision": e.date_precision,
            "aggregate": bool(e.aggregate), **{k: getattr(e, k) for k in KINDS},
            "actor": lead[e.id][1] if e.id in lead else UNATTRIBUTED,
        }
        for e in events
    ]



__all__ = ["BY", "NOT_PLACED", "TOTAL", "UNATTRIBUTED", "casualties", "casualty_rows", "chart_series"]

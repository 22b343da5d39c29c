"""Exports and chronology output: the JSON contract, ACLED-like CSV, GeoJSON, TimelineJS.

Every format is built from the same contract records (``query.event_records``),
so table, JSON and CSV always agree.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine

from timeline import render
from timeline.query import Filters, chronology_ids, event_records
from timeline.reports import reading

ACLED_COLUMNS = (
    "event_id",
    "event_date",
    "date_end",
    "precision",
    "approximate",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "injured",
    "abducted",
    "disappeared",
    "aggregate",
    "source",
    "notes",
    "sources",
)


def records(engine: Engine, filters: Filters) -> list[dict[str, Any]]:
    """The chosen events' contract records, read in a read-only transaction (never waits for a writer)."""
    with reading(engine) as conn:
        return [r.data for r in event_records(conn, chronology_ids(conn, filters))]


def contract(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "timeline-events", "version": 1, "events": events}


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    row = render.event_row(event)
    loc = event.get("location") or {}
    perps = [a["name"] for a in event["actors"] if a["role"] == "perpetrator"]
    others = [a["name"] for a in event["actors"] if a["role"] != "perpetrator"]
    return {
        "event_id": event["id"],
        "event_date": event["date"]["start"],
        "date_end": event["date"]["end"],
        "precision": event["date"]["precision"],
        "approximate": event["date"]["approximate"],
        "event_type": event.get("type"),
        "sub_event_type": event.get("subtype"),
        "actor1": "; ".join(perps),
        "actor2": "; ".join(others),
        "admin1": loc.get("admin1"),
        "location": loc.get("name"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "fatalities": row["killed"] or 0,
        "injured": row["injured"],
        "abducted": row["abducted"],
        "disappeared": row["disappeared"],
        "aggregate": event.get("aggregate"),
        "source": "; ".join(sorted({s.get("publisher") or s["document"] for s in event["sources"]})),
        "notes": event.get("summary"),
        "sources": len({s["document"] for s in event["sources"]}),
    }


def geojson(events: list[dict[str, Any]]) -> dict[str, Any]:
    features = []
    for event in events:
        loc = event.get("location") or {}
        if loc.get("latitude") is None or loc.get("longitude") is None:
            continue
        row = render.event_row(event)
        features.append(
            {
                "type": "Feature",
                "id": event["id"],
                "geometry": {"type": "Point", "coordinates": [loc["longitude"], loc["latitude"]]},
                "properties": {
                    k: row[k]
                    for k in (
                        "date",
                        "date_start",
                        "date_end",
                        "precision",
                        "event_type",
                        "type",
                        "place",
                        "actors",
                        "killed",
                        "injured",
                        "abducted",
                        "disappeared",
                        "aggregate",
                        "summary",
                        "sources",
                    )
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _tl_date(iso: str, precision: str, end: bool = False) -> dict[str, Any]:
    year, month, day = (int(x) for x in iso.split("-"))
    if precision in ("year", "decade", "range") and not end:
        return {"year": year} if (month, day) == (1, 1) else {"year": year, "month": month, "day": day}
    if precision in ("year", "decade", "range") and end:
        return {"year": year} if (month, day) == (12, 31) else {"year": year, "month": month, "day": day}
    if precision in ("month", "season"):
        return {"year": year, "month": month}
    return {"year": year, "month": month, "day": day}


def timelinejs(events: list[dict[str, Any]], title: str = "Chronology") -> dict[str, Any]:
    """TimelineJS 3 JSON: dates at the event's precision, display dates for approximate ones."""
    slides = []
    for event in events:
        date = event["date"]
        if not date["start"]:
            continue
        row = render.event_row(event)
        slide: dict[str, Any] = {
            "unique_id": f"event-{event['id']}",
            "start_date": _tl_date(date["start"], date["precision"]),
            "text": {
                "headline": f"{row['type'] or 'event'} · {row['place']}".strip(" ·"),
                "text": event["summary"],
            },
            "group": (event["actors"][0]["name"] if event["actors"] else None),
        }
        if date["end"] and date["end"] != date["start"]:
            slide["end_date"] = _tl_date(date["end"], date["precision"], end=True)
        if date["approximate"] or date["precision"] not in ("day", "month", "year"):
            slide["start_date"]["display_date"] = row["date"]
        slides.append(slide)
    return {
        "title": {"text": {"headline": title, "text": "Built by timeline from news articles."}},
        "events": slides,
    }


def render_export(engine: Engine, fmt: str, filters: Filters) -> str:
    events = records(engine, filters)
    if fmt == "json":
        return render_json(contract(events))
    if fmt == "csv":
        return render.to_csv([acled_row(e) for e in events], ACLED_COLUMNS)
    if fmt == "geojson":
        return render_json(geojson(events))
    if fmt == "timelinejs":
        return render_json(timelinejs(events))
    raise ValueError(fmt)


def render_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_chronology(engine: Engine, filters: Filters, fmt: str, title: str = "Chronology") -> None:
    import sys

    events = records(engine, filters)
    if fmt == "json":
        sys.stdout.write(render_json(contract(events)))
        return
    rows = [render.event_row(e) for e in events]
    if fmt == "csv":
        sys.stdout.write(
            render.to_csv(
                rows,
                [k for k, _ in render.CHRONOLOGY_COLUMNS] + ["date_start", "date_end", "precision", "id"],
            )
        )
    elif fmt == "markdown":
        sys.stdout.write(render.to_markdown(rows, render.CHRONOLOGY_COLUMNS))
    else:
        render.print_table(rows, render.CHRONOLOGY_COLUMNS, title=f"{title} ({len(rows)} events)")

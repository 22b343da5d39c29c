"""`chronology_ids` against a plain Python reading of the same rows, on random filter combinations.

The query reads the timeline index's copies of the dates (``event_actors``) and
one bounded range per width class for a window's earlier events; the reference
here reads only ``events`` and sorts in Python. The events cover every width
class and its edges (spans of 7/8, 31/32, 366/367 days, decades), many share a
start date, some are undated, and some actors are linked twice (two roles, or
an actor and its leader), so the limit and the merge of per-actor ranges are
exercised.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import insert, select

from timeline.db import transaction
from timeline.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    Location,
    Source,
)
from timeline.query import Filters, chronology_ids, resolve_actor, resolve_place
from timeline.tables import date_width

FIRST = dt.date(2010, 1, 1)
ACTORS = ["cjng", "el-mencho", "sinaloa-cartel", "los-chapitos", "gunmen"]
NAMES = ["CJNG", "El Mencho", "Sinaloa Cartel", "gunmen"]
PLACES = ["locality:MX:3982461", "admin1:MX-JAL", "admin1:MX-SIN", None]
SOURCES = [("a.txt", "Outlet A", "https://a.example/1"), ("b.txt", "Outlet B", None), ("c.txt", None, None)]
SPANS = [0, 0, 0, 0, 6, 7, 8, 30, 31, 32, 365, 366, 367, 800, 3000]


def _dates(r: random.Random) -> tuple[dt.date | None, dt.date | None]:
    if r.random() < 0.06:
        return None, None
    start = FIRST + dt.timedelta(days=r.randrange(6 * 365))
    if r.random() < 0.3:  # year and month precision: many events share a start date
        start = start.replace(month=1, day=1) if r.random() < 0.5 else start.replace(day=1)
    return start, start + dt.timedelta(days=r.choice(SPANS))


def _fill(engine: Any, n: int, seed: int) -> list[dict[str, Any]]:
    """n random events with their links; returns what the reference reads."""
    r = random.Random(seed)
    events: list[dict[str, Any]] = []
    with transaction(engine) as s:
        actor_ids = dict(s.execute(select(Actor.key, Actor.id).where(Actor.key.in_(ACTORS))).all())
        place_ids = dict(s.execute(select(Location.key, Location.id).where(Location.key.in_(PLACES))).all())
        source_ids = []
        for i, (name, publisher, url) in enumerate(SOURCES):
            row = {"file_name": name, "publisher": publisher, "url": url, "text": "x" * 100,
                   "content_sha256": f"{i:064d}", "extractor_version": "test"}  # fmt: skip
            source_ids.append(s.execute(insert(Source).returning(Source.id), [row]).scalar_one())
        for _ in range(n):
            start, end = _dates(r)
            place = r.choice(PLACES)
            row = {
                "date_start": start,
                "date_end": end,
                "date_width": date_width(start, end),
                "type": r.choice(["battles", "violence_against_civilians", "protests"]),
                "subtype": r.choice(["attack", "armed_clash", None]),
                "aggregate": r.random() < 0.2,
                "location_id": place_ids[place] if place else None,
                "killed": r.choice([None, 0, 1, 3, 10]),
            }
            event_id = s.execute(insert(Event).returning(Event.id), [row]).scalar_one()
            roles = ["perpetrator", "target"]
            links = {(r.choice(ACTORS), r.choice(roles)) for _ in range(r.choice([0, 1, 2, 3]))}
            for key, role in links:
                link = {"event_id": event_id, "actor_id": actor_ids[key], "role": role}
                s.execute(insert(EventActor), [{**link, "date_start": start, "date_end": end}])
            sources = r.sample(range(len(SOURCES)), r.choice([1, 1, 2]))
            for k in sources:
                s.execute(insert(EventSource), [{"event_id": event_id, "source_id": source_ids[k],
                                                 "quote_start": 0, "quote_end": 10}])  # fmt: skip
            events.append({**row, "id": event_id, "actors": {actor_ids[k] for k, _ in links},
                           "sources": [SOURCES[k] for k in sources]})  # fmt: skip
    return events


def _random_filters(r: random.Random, events: list[dict[str, Any]]) -> Filters:
    """Windows often start or end on an event's date or at a class's reach before it."""
    dated = [e for e in events if e["date_start"]]

    def day() -> dt.date:
        e = r.choice(dated)
        edge = r.choice([e["date_start"], e["date_end"]])
        return edge + dt.timedelta(days=r.choice([0, 0, 1, -1, 7, 8, 31, 32, 366, 367]))

    lo = day() if r.random() < 0.6 else None
    hi = day() if r.random() < 0.5 else None
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    return Filters(
        actor=r.choice(NAMES) if r.random() < 0.6 else None,
        place=r.choice(["Jalisco", "Sinaloa", "Tapalpa"]) if r.random() < 0.2 else None,
        date_from=lo,
        date_to=hi,
        type=r.choice(["battles", "attack"]) if r.random() < 0.15 else None,
        min_killed=r.choice([1, 3]) if r.random() < 0.15 else None,
        source=r.choice(["a.txt", "Outlet B", "https://a.example/1"]) if r.random() < 0.1 else None,
        aggregates=r.random() < 0.8,
        limit=r.choice([None, 1, 2, 5, 20, 50]),
    )


def _expected(conn: Any, events: list[dict[str, Any]], f: Filters) -> list[int]:
    actors = resolve_actor(conn, f.actor) if f.actor else None
    places = resolve_place(conn, f.place) if f.place else None
    kept = [
        e
        for e in events
        if (actors is None or e["actors"] & actors)
        and (places is None or e["location_id"] in places)
        and (f.type is None or f.type in (e["type"], e["subtype"]))
        and (f.min_killed is None or (e["killed"] is not None and e["killed"] >= f.min_killed))
        and (f.aggregates or not e["aggregate"])
        and (f.source is None or any(f.source in s for s in e["sources"]))
        and (not (f.date_from or f.date_to) or e["date_start"] is not None)
        and (f.date_from is None or e["date_end"] >= f.date_from)
        and (f.date_to is None or e["date_start"] <= f.date_to)
    ]
    dated = sorted((e["date_start"], e["date_end"], e["id"]) for e in kept if e["date_start"])
    ids = [i for _, _, i in dated] + sorted(e["id"] for e in kept if not e["date_start"])
    return ids[: f.limit] if f.limit is not None else ids


def test_chronology_matches_a_plain_reading(engine) -> None:  # type: ignore[no-untyped-def]
    events = _fill(engine, 400, seed=7)
    r = random.Random(11)
    with engine.connect() as conn:
        for _ in range(300):
            f = _random_filters(r, events)
            assert chronology_ids(conn, f) == _expected(conn, events, f), f

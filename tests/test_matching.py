"""Cross-source candidates: the indexed search returns exactly what a scan of every event finds.

``Matcher`` reads the events of the places a reading admits, overlapping its dates (one range
per width class and region, latest start first) or first reported near its publication
(nearest first, on each side of it), at most ``CANDIDATE_LIMIT`` of each range, and keeps
the ``CANDIDATE_LIMIT`` nearest of each kind. The oracle below reads every stored event and applies the
candidate rules literally, in Python: the place tree by parent and grandparent, the first
report from the sources' publication dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import SEEDS
from tests.corpus_gen import articles, write_corpus
from timeline import matching
from timeline.db import session_factory
from timeline.driver import Driver
from timeline.extract.events import facts
from timeline.extract.merge import Facts
from timeline.extract.model import UNKNOWN_DATE, Document
from timeline.extract.pipeline import extract
from timeline.extract.reader import iter_documents
from timeline.extract.reference_view import ReferenceView, default_view
from timeline.ingest import ingest_paths
from timeline.matching import CANDIDATE_LIMIT, RECENT_DAYS, Matcher
from timeline.tables import date_width


def _day(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _families(match_key: str | None) -> frozenset[str]:
    return Facts(date=UNKNOWN_DATE, classes=frozenset(c for c in (match_key or "").split(",") if c)).families


def _region(places: dict[int, tuple[str, int | None]], place: int) -> int:
    """The ancestor just below the top of the place's tree, or the place itself at the top."""
    line = [place]
    while (parent := places[line[-1]][1]) is not None:
        line.append(parent)
    return line[-2] if len(line) > 1 else line[0]


def _scan(
    conn: Any,
    mine: Facts,
    doc: Document,
    ref: ReferenceView,
    limit: int,
    claimed: frozenset[int] = frozenset(),
) -> list[int]:
    """The candidate rules applied to every stored event.

    Each arm (a region of the reading's places, or no place; a width class, or a side of the
    publication date) keeps its first ``limit`` events in its order; each group, the
    ``limit`` nearest of those, then the earliest stored.
    """
    places = {i: (k, p) for i, k, p in conn.execute(text("SELECT id, key, parent_id FROM locations"))}
    ids = {k: i for i, (k, _p) in places.items()}
    first: dict[int, dt.date] = {}  # when the news first reported each event
    for event_id, start in conn.execute(
        text("SELECT es.event_id, s.published_start FROM event_sources es "
             "JOIN sources s ON s.id = es.source_id")
    ):  # fmt: skip
        if (day := _day(start)) is not None:
            first[event_id] = min(first.get(event_id, day), day)
    pub = doc.meta.published
    window = None
    if pub is not None and pub.resolved:
        assert pub.start and pub.end
        window = (pub.start - dt.timedelta(days=RECENT_DAYS), pub.end + dt.timedelta(days=RECENT_DAYS))

    line_ids = [ids[k] for k in mine.place_line if k in ids]
    own = ids.get(mine.place or "")
    place_filter = bool(line_ids) and ref.place_kind(mine.place or "") != "country"
    regions = {_region(places, i) for i in line_ids}
    # arm -> [(distance, id, start)]; arms: (group, place arm, side or width class)
    arms: dict[tuple[int, Any, Any], list[tuple[int, int, dt.date | None]]] = {}
    for row in conn.execute(
        text("SELECT id, date_start, date_end, aggregate, killed, injured, abducted, disappeared, "
             "location_id, match_key FROM events")
    ):  # fmt: skip
        event_id, start, end, aggregate, *figures, location, match_key = row
        start, end = _day(start), _day(end)
        if event_id in claimed:
            continue
        if not _families(match_key) & mine.families:
            continue
        if (
            mine.aggregate is not None
            and bool(aggregate) != mine.aggregate
            and any(f is not None for f in figures)
        ):
            continue
        place_arm = None
        if place_filter and location is not None:
            place_arm = _region(places, location)
            if place_arm not in regions:
                continue
            if location not in line_ids:
                parent = places[location][1]
                grandparent = places[parent][1] if parent is not None else None
                if own is None or own not in (parent, grandparent):
                    continue
        dated = start is not None and end is not None
        if mine.date.resolved and dated:
            assert mine.date.start and mine.date.end and start and end
            if start <= mine.date.end and end >= mine.date.start:
                off = abs((start - mine.date.start).days) + abs((end - mine.date.end).days)
                arms.setdefault((1, place_arm, date_width(start, end)), []).append((off, event_id, start))
        elif window is not None and event_id in first and window[0] <= first[event_id] <= window[1]:
            assert pub is not None and pub.start
            side = None if not place_filter else first[event_id] >= pub.start
            arms.setdefault((0, place_arm, side), []).append(
                (abs((first[event_id] - pub.start).days), event_id, None)
            )
    found = []
    for group in (0, 1):
        picked = []
        for (g, _place, side), rows in arms.items():
            if g != group:
                continue
            if group == 1:  # latest start, then the latest stored
                rows.sort(key=lambda r: (r[2], r[1]), reverse=True)
            elif side is False:  # first reported before the publication: nearest, then the latest stored
                rows.sort(key=lambda r: (r[0], -r[1]))
            else:  # on or after it (or in a search of every place): nearest, then the earliest stored
                rows.sort()
            picked += rows[:limit]
        found += [i for _d, i, _s in sorted(picked)[:limit]]
    return found


@pytest.mark.parametrize(
    ("limit", "short", "claim"),
    [(CANDIDATE_LIMIT, matching._Place.SHORT, False), (2, matching._Place.SHORT, False), (1, 0, True)],
    ids=["usual cap", "cap that binds", "places tested after the search, events claimed"],
)
def test_candidates_equal_a_scan_of_every_event(  # type: ignore[no-untyped-def]
    engine, tmp_path: Path, monkeypatch, limit: int, short: int, claim: bool
) -> None:
    """With the usual cap; with one so small that it binds (two kept of each range and
    kind); with one of one, the places tested only on the rows (a region's other towns fill its
    ranges) and the nearest candidate of each reading claimed, as an earlier reading of the
    document would: the search must read further than its first limit."""
    monkeypatch.setattr(matching, "CANDIDATE_LIMIT", limit)
    monkeypatch.setattr(matching._Place, "SHORT", short)
    stored, incoming = tmp_path / "stored", tmp_path / "incoming"
    days = 10 if claim else 3650  # crowded: a state's other towns fill its ranges
    write_corpus(stored, 60, seed=11, days=days)
    write_corpus(incoming, 25, seed=12, days=days)
    ingest_paths(engine, [str(SEEDS), str(stored)])
    ref = default_view()
    compared = capped = 0
    limits: set[int] = set()  # the limits the search asked for
    bound = matching._Search.bound

    def recorded(search: Any, values: dict[Any, Any]) -> list[Any]:
        limits.add(values[matching.LIMIT])
        return bound(search, values)

    monkeypatch.setattr(matching._Search, "bound", recorded)
    with session_factory(engine)() as session:
        db = Driver(session)
        conn = session.connection()
        for item in iter_documents([str(SEEDS), str(incoming)]):
            doc = item.document
            assert doc is not None
            matcher = Matcher(db, doc, ref)
            for draft in extract(doc):
                mine = facts(draft, ref, doc)
                claimed = frozenset(_scan(conn, mine, doc, ref, 1)[:1]) if claim else frozenset()
                got = [event_id for event_id, _facts in matcher._candidates(mine, set(claimed))]
                assert got == _scan(conn, mine, doc, ref, limit, claimed), (doc.meta.name, draft.summary)
                compared += bool(got)
                capped += len(_scan(conn, mine, doc, ref, 10**6, claimed)) > len(got)
    assert compared >= 20  # readings that had candidates
    assert (capped > 0) == (limit < CANDIDATE_LIMIT)  # a small cap binds; the usual one does not, here
    assert (max(limits) > limit + 1) == claim  # read further where the first rows were not admitted


def test_what_an_ingest_read_is_dropped_when_another_connection_commits(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SQLite: an ingest keeps what it read of stored events across its documents
    (``matching.Seen``), on its one connection; a commit by any other connection (another
    process's ingest, an unmerge) drops it all, and so does a change of connection."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from timeline.db import open_database
    from timeline.driver import Driver
    from timeline.matching import Seen, _read

    engine = open_database(f"sqlite:///{tmp_path / 'seen.db'}")
    seen = Seen()
    mine = engine.connect()
    try:
        with Session(bind=mine) as session:
            facts, _words = _read(Driver(session), seen)
            facts[1] = "read"  # type: ignore[assignment]
            session.execute(text("UPDATE sources SET title = 'x' WHERE id = -1"))  # its own write
            session.commit()
        with Session(bind=mine) as session:
            assert _read(Driver(session), seen)[0] == {1: "read"}  # kept
        with engine.begin() as other:  # another connection commits a change
            other.execute(text("CREATE TABLE scratch (x INTEGER)"))
        with Session(bind=mine) as session:
            assert _read(Driver(session), seen)[0] == {}  # dropped
            _read(Driver(session), seen)[0][2] = "read"  # type: ignore[assignment]
        with Session(engine) as session:  # another connection of the pool (the ingest's is out)
            assert _read(Driver(session), seen)[0] == {}
    finally:
        mine.close()
        engine.dispose()


@pytest.mark.parametrize("limit", [CANDIDATE_LIMIT, 2], ids=["usual cap", "cap that binds"])
def test_searches_prepared_together_give_each_reading_its_own_candidates(  # type: ignore[no-untyped-def]
    engine, tmp_path: Path, monkeypatch, limit: int
) -> None:
    """PostgreSQL searches for all of a document's readings at once (``Matcher.prepare``).
    Each reading, once the document's earlier readings claimed events, must get the
    candidates and facts its own search gives, with a cap that binds too; and the prepared
    rows must serve most readings (no search of their own)."""
    monkeypatch.setattr(matching, "CANDIDATE_LIMIT", limit)
    stored, incoming = tmp_path / "stored", tmp_path / "incoming"
    write_corpus(stored, 60, seed=11, days=10)  # crowded: readings share candidates
    # Documents of several readings each: four incoming articles of a language as one
    by_language: dict[str, list[dict[str, str]]] = {}
    for article in articles(48, seed=12, days=10):
        by_language.setdefault(article["language"], []).append(article)
    manifest = []
    incoming.mkdir()
    for group in (arts[i : i + 4] for arts in by_language.values() for i in range(0, len(arts), 4)):
        (incoming / group[0]["file"]).write_text("\n".join(a["text"] for a in group), encoding="utf-8")
        manifest.append({k: v for k, v in group[0].items() if k != "text"})
    (incoming / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ingest_paths(engine, [str(SEEDS), str(stored)])
    ref = default_view()
    searches: list[Any] = []
    bound = matching._Search.bound

    def recorded(search: Any, values: dict[Any, Any]) -> list[Any]:
        searches.append(search)
        return bound(search, values)

    monkeypatch.setattr(matching._Search, "bound", recorded)
    read = matching.Matcher._read_events
    watched: list[Matcher] = []  # the prepared matcher, once prepared
    unread = 0  # events it read after that

    def reading_events(matcher: Matcher, ids: list[int], words: bool = False) -> None:
        nonlocal unread
        unread += len(ids) if matcher in watched else 0
        read(matcher, ids, words)

    monkeypatch.setattr(matching.Matcher, "_read_events", reading_events)
    readings = own = claims = 0
    with session_factory(engine)() as session:
        db = Driver(session)
        for item in iter_documents([str(incoming)]):
            doc = item.document
            assert doc is not None
            mine = [facts(draft, ref, doc) for draft in extract(doc)]
            alone, prepared = Matcher(db, doc, ref), Matcher(db, doc, ref)
            prepared.prepare(mine)
            watched[:] = [prepared]
            claimed: set[int] = set()
            for reading in mine:
                before = len(searches)
                got = prepared._candidates(reading, claimed)
                own += len(searches) > before
                assert got == alone._candidates(reading, claimed), (doc.meta.name, reading)
                readings += 1
                claims += bool(got)
                claimed.update(event_id for event_id, _facts in got[:1])  # the one its merge would claim
    assert readings >= 40 and claims >= 20
    # Here no reading needed more rows than were prepared, nor facts that were not read
    assert (own, unread) == (0, 0)

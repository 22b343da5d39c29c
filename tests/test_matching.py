"""Cross-source candidates: the indexed search returns exactly what a scan of every event finds.

``Matcher`` reads the events of the places a reading admits, overlapping its dates (one range
per width class and place) or first reported near its publication, nearest first, at most
``CANDIDATE_LIMIT`` of each. The oracle below reads every stored event and applies the
candidate rules literally, in Python: the place tree by parent and grandparent, the first
report from the sources' publication dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import SEEDS
from tests.corpus_gen import write_corpus
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


def _day(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _families(match_key: str | None) -> frozenset[str]:
    return Facts(date=UNKNOWN_DATE, classes=frozenset(c for c in (match_key or "").split(",") if c)).families


def _scan(conn: Any, mine: Facts, doc: Document, ref: ReferenceView, limit: int) -> list[int]:
    """The candidate rules applied to every stored event."""
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
    reported: list[tuple[int, int, str | None]] = []  # (days from the publication, id, match key)
    overlapping: list[tuple[int, int, str | None]] = []  # (days off the reading's bounds, id, key)
    for row in conn.execute(
        text("SELECT id, date_start, date_end, aggregate, killed, injured, abducted, disappeared, "
             "location_id, match_key FROM events")
    ):  # fmt: skip
        event_id, start, end, aggregate, *figures, location, match_key = row
        start, end = _day(start), _day(end)
        if mine.aggregate is not None and bool(aggregate) != mine.aggregate and any(
            f is not None for f in figures
        ):
            continue
        if place_filter and location is not None and location not in line_ids:
            parent = places[location][1]
            grandparent = places[parent][1] if parent is not None else None
            if own is None or own not in (parent, grandparent):
                continue
        dated = start is not None and end is not None
        if mine.date.resolved and dated:
            assert mine.date.start and mine.date.end and start and end
            if start <= mine.date.end and end >= mine.date.start:
                off = abs((start - mine.date.start).days) + abs((end - mine.date.end).days)
                overlapping.append((off, event_id, match_key))
        elif window is not None and event_id in first and window[0] <= first[event_id] <= window[1]:
            assert pub is not None and pub.start
            reported.append((abs((first[event_id] - pub.start).days), event_id, match_key))
    found = []
    for group in (reported, overlapping):
        kept = [i for _d, i, key in sorted(group) if _families(key) & mine.families]
        found += kept[:limit]
    return found


@pytest.mark.parametrize("limit", [CANDIDATE_LIMIT, 2])
def test_candidates_equal_a_scan_of_every_event(engine, tmp_path: Path, monkeypatch, limit: int) -> None:  # type: ignore[no-untyped-def]
    """With the usual cap, and with one so small that it binds (the nearest two are kept)."""
    monkeypatch.setattr(matching, "CANDIDATE_LIMIT", limit)
    stored, incoming = tmp_path / "stored", tmp_path / "incoming"
    write_corpus(stored, 60, seed=11)
    write_corpus(incoming, 25, seed=12)
    ingest_paths(engine, [str(SEEDS), str(stored)])
    ref = default_view()
    compared = capped = 0
    with session_factory(engine)() as session:
        db = Driver(session)
        conn = session.connection()
        for item in iter_documents([str(SEEDS), str(incoming)]):
            doc = item.document
            assert doc is not None
            matcher = Matcher(db, doc, ref)
            for draft in extract(doc):
                mine = facts(draft, ref, doc)
                got = [event_id for event_id, _facts in matcher._candidates(mine, set())]
                assert got == _scan(conn, mine, doc, ref, limit), (doc.meta.name, draft.summary)
                compared += bool(got)
                capped += len(_scan(conn, mine, doc, ref, 10**6)) > len(got)
    assert compared >= 20  # readings that had candidates
    assert (capped > 0) == (limit == 2)  # the small cap binds; the usual one does not, here

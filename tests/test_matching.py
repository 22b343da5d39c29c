"""Cross-source candidates: the indexed search returns exactly what a scan of every event finds.

``Matcher`` reads the events overlapping a reading's dates as one range per width class,
the undated events reported near the document once per document, and tests places on the
event's parent and grandparent. The oracle below reads every stored event and applies the
candidate rules literally, in Python.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.conftest import SEEDS
from tests.corpus_gen import write_corpus
from timeline.db import session_factory
from timeline.driver import Driver
from timeline.extract.events import facts
from timeline.extract.merge import Facts
from timeline.extract.model import Document
from timeline.extract.pipeline import extract
from timeline.extract.reader import iter_documents
from timeline.extract.reference_view import ReferenceView, default_view
from timeline.ingest import ingest_paths
from timeline.matching import CANDIDATE_LIMIT, RECENT_DAYS, Matcher, _families


def _day(value: Any) -> dt.date | None:
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _scan(conn: Any, mine: Facts, doc: Document, ref: ReferenceView) -> list[int]:
    """The candidate rules applied to every stored event."""
    places = {i: (k, p) for i, k, p in conn.execute(text("SELECT id, key, parent_id FROM locations"))}
    ids = {k: i for i, (k, _p) in places.items()}
    published: dict[int, list[tuple[dt.date | None, dt.date | None]]] = {}
    for event_id, start, end in conn.execute(
        text("SELECT es.event_id, s.published_start, s.published_end FROM event_sources es "
             "JOIN sources s ON s.id = es.source_id")
    ):  # fmt: skip
        published.setdefault(event_id, []).append((_day(start), _day(end)))
    pub = doc.meta.published
    window = None
    if pub is not None and pub.resolved:
        assert pub.start and pub.end
        window = (pub.start - dt.timedelta(days=RECENT_DAYS), pub.end + dt.timedelta(days=RECENT_DAYS))

    def near_in_time(event_id: int) -> bool:
        return window is not None and any(
            s is not None and e is not None and e >= window[0] and s <= window[1]
            for s, e in published.get(event_id, [])
        )

    line_ids = [ids[k] for k in mine.place_line if k in ids]
    own = ids.get(mine.place or "")
    place_filter = bool(line_ids) and ref.place_kind(mine.place or "") != "country"
    found = []
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
        if mine.date.resolved:
            assert mine.date.start and mine.date.end
            dated = start is not None and end is not None
            if dated and not (start <= mine.date.end and end >= mine.date.start):
                continue
            if not dated and not near_in_time(event_id):
                continue
        elif not near_in_time(event_id):
            continue
        if place_filter and location is not None and location not in line_ids:
            parent = places[location][1]
            grandparent = places[parent][1] if parent is not None else None
            if own is None or own not in (parent, grandparent):
                continue
        found.append((event_id, match_key))
    found.sort()
    return [i for i, key in found[:CANDIDATE_LIMIT] if _families(key) & mine.families]


def test_candidates_equal_a_scan_of_every_event(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stored, incoming = tmp_path / "stored", tmp_path / "incoming"
    write_corpus(stored, 60, seed=11)
    write_corpus(incoming, 25, seed=12)
    ingest_paths(engine, [str(SEEDS), str(stored)])
    ref = default_view()
    compared = 0
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
                assert got == _scan(conn, mine, doc, ref), (doc.meta.name, draft.summary)
                compared += bool(got)
    assert compared >= 20  # readings that had candidates

"""PostgreSQL writers' locks (``timeline.locks``): two documents being stored at once wait
for each other whenever one's candidate search could find the other's event, whatever
their places, dates and publication dates; and a writer that finds a lock taken waits for
it, then stores its document."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from timeline.extract.merge import Facts
from timeline.extract.model import Interval, Precision
from timeline.locks import BUCKETS, Keys, key
from timeline.matching import RECENT_DAYS

DAY0 = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Reading:
    region: int | None  # None: unplaced or country-level (its search reads every region)
    start: dt.date | None  # None: undated
    end: dt.date | None
    published: dt.date | None

    def keys(self) -> Keys:
        keys = Keys()
        date = Interval(self.start, self.end, Precision.RANGE if self.start else Precision.UNKNOWN)
        regions = None if self.region is None else [self.region]
        published = None if self.published is None else (self.published, self.published)
        keys.reading(Facts(date=date, classes=frozenset({"kill"})), regions, published)
        return keys

    def finds(self, other: Reading) -> bool:
        """Whether this reading's candidate search (matching.Matcher) reads the other's event."""
        if not (self.region is None or other.region is None or other.region == self.region):
            return False
        if self.start and other.start:  # both dated: overlapping dates
            assert self.end and other.end
            if self.start <= other.end and other.start <= self.end:
                return True
        if self.published is None or other.published is None or (self.start and other.start):
            return False  # first reported near: an undated reading reads all, a dated one undated events
        return abs((other.published - self.published).days) <= RECENT_DAYS


def conflict(a: Keys, b: Keys) -> bool:
    if a.everything or b.everything:
        return True
    return any(k in b.modes and (exclusive or b.modes[k]) for k, exclusive in a.modes.items())


@st.composite
def readings(draw: st.DrawFn) -> Reading:
    region = draw(st.sampled_from([None, 1, 2]))
    published = draw(st.none() | st.integers(0, 3 * 365).map(lambda d: DAY0 + dt.timedelta(days=d)))
    if draw(st.booleans()):
        return Reading(region, None, None, published)
    start = DAY0 + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
    days = draw(st.sampled_from([0, 1, 6, 30, 90, 364, 800, 3000, 20000]))
    return Reading(region, start, start + dt.timedelta(days=days), published)


@settings(max_examples=400, deadline=None)
@given(readings(), readings())
def test_writers_whose_searches_could_meet_wait_for_each_other(a: Reading, b: Reading) -> None:
    if a.finds(b) or b.finds(a):
        assert conflict(a.keys(), b.keys())


def test_writers_of_other_regions_or_months_do_not_wait() -> None:
    day = dt.date(2019, 3, 5)
    narrow = Reading(1, day, day, day)
    assert not conflict(narrow.keys(), Reading(2, day, day, day).keys())  # another state
    later = day + dt.timedelta(days=300)
    assert not conflict(narrow.keys(), Reading(1, later, later, later).keys())  # months later
    assert conflict(narrow.keys(), Reading(1, day, day, later).keys())  # same state and day
    assert conflict(narrow.keys(), Reading(None, day, day, later).keys())  # a country-wide reading
    # Wide readings are locked coarsely but still only in their region and years.
    years = Reading(1, dt.date(2009, 1, 1), dt.date(2014, 12, 31), day)
    assert conflict(years.keys(), Reading(1, dt.date(2012, 6, 1), dt.date(2012, 6, 1), later).keys())
    assert not conflict(years.keys(), Reading(1, day, day, later).keys())
    assert not conflict(years.keys(), Reading(2, dt.date(2012, 6, 1), dt.date(2012, 6, 1), day).keys())
    assert len(years.keys().modes) <= 4 * BUCKETS


def test_a_writer_waits_for_a_lock_then_stores(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Another writer holds the lock of this document's text: the ingest waits (it neither
    fails nor stores it twice), and stores it once the other commits."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers wait for each other's whole transaction (BEGIN IMMEDIATE)")
    from timeline.extract.reader import iter_documents
    from timeline.ingest import ingest_paths
    from timeline.store import content_hash

    body = "Gunmen killed five people in Uruapan, Michoacán, on Monday, police said."
    path = tmp_path / "a.txt"
    path.write_text(f"---\ntitle: A\npublished: 2024-05-14\nlanguage: en\n---\n{body}\n")
    item = next(iter(iter_documents([str(path)])))
    assert item.document is not None
    holder = engine.connect()
    holder.begin()
    taken = key("text", content_hash(item.document.text))
    holder.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": taken})
    result: dict[str, object] = {}
    worker = threading.Thread(target=lambda: result.update(report=ingest_paths(engine, [str(path)])))
    worker.start()
    time.sleep(1.0)
    assert worker.is_alive()  # waiting for the lock
    waiting = holder.execute(
        text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    ).scalar_one()
    assert waiting == 1
    holder.commit()
    holder.close()
    worker.join(timeout=60)
    report = result["report"]
    assert report.added == 1 and report.ok  # type: ignore[attr-defined]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sources")).scalar_one() == 1


def test_a_document_of_many_readings_keeps_every_writer_out(engine) -> None:  # type: ignore[no-untyped-def]
    """Its locks would crowd the server's lock table (64 per allowed connection): it takes the
    writers' lock exclusive instead, one lock."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes no advisory locks")
    from sqlalchemy.orm import Session

    from timeline.db import WRITE_LOCK_ID
    from timeline.driver import Driver
    from timeline.locks import MOST

    keys = Keys()
    one_day = Facts(date=Interval(DAY0, DAY0, Precision.DAY), classes=frozenset({"kill"}))
    for region in range(MOST):
        keys.reading(one_day, [region], None)
    assert len(keys.modes) > MOST
    with Session(engine) as session:
        assert keys.take(Driver(session), wait=False, fresh=True) == 1
        held = session.execute(
            text("SELECT mode, objid FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        ).all()
        assert held == [("ExclusiveLock", WRITE_LOCK_ID)]
        session.rollback()

"""PostgreSQL: which writers must wait for each other, as transaction advisory locks.

Two processes storing documents at once must not both miss an event the other is writing
(each would then make its own row for one event), store one text twice, or overwrite each
other's refresh of one event. One lock for every writer (``db.WRITE_LOCK_ID``, the first
design) made all that true and let one process store at a time: two processes stored no
faster than one (bench/README.md). Here a document locks only what its storing may read or
change, and waits only for a writer that touches the same:

- its text and its file name (a second copy waits, then finds the first: "already ingested");
- the actors it may insert (discovered ones, and generic ones not stored yet; one row per key);
- for each reading, the part of the events its candidate search reads (``matching``), which
  holds the event it may write: per region it searches (``Matcher.regions``; or every region)
  and per calendar month, year or decade its dates overlap (the finest of which it overlaps
  at most ``BUCKETS``; a reading locked by year also takes its decades shared, one by month
  its years and decades, so that a wide and a narrow reading of one region and time meet);
  and, where a reading or an event without a date is involved, per ``RECENT_DAYS`` period
  of publication.

A search reads a region's events and those of no region; an unplaced or country-level
reading reads every region and writes an event of none. By dates, a placed reading takes its
regions' keys exclusive and a country-wide key shared, which an unplaced one takes
exclusive (its years and decades too). By publication, only a pair with an undated reading
or event conflicts: an undated reading takes its regions' keys exclusive, a dated one shared; and of two
country-wide keys, one for undated readings and one for dated ones, each takes its own
shared, while an unplaced reading takes the undated one exclusive (and the dated one too
if it is undated itself). Readings of two regions, or months apart, never wait for each
other; two unplaced dated readings published within a few months do (a needless wait, but
a rare pair).

Everything else takes ``WRITE_LOCK_ID`` shared; what changes stored events across every
region (replacing a document, ``timeline unmerge``, copying the reference data) takes it
exclusive (``db.lock_writers``), and so does a document with a reading over more than
``BUCKETS`` decades, or needing more than ``MOST`` locks.

A merge changes a stored event that other readings may also find, so the rows of the events
a document merges into are locked (``SELECT ... FOR UPDATE``, in id order, all in one
statement after its last search) before they are read for the refresh.

No deadlock between writers: a document's locks are first only tried
(``pg_try_advisory_xact_lock``, ``NOWAIT``); when one is taken (``Busy``), the transaction
commits what it has, releasing them all, and the document is stored again in a new
transaction, which waits for its locks in key order (and commits right after it). Only two
such new transactions waiting for each other's event rows can deadlock; PostgreSQL then
stops one, and its document is stored again (``contended``); each locks its rows in id order,
which makes that rarer. A writer that waits holds
``WAITING`` shared meanwhile, and a writer that finds it held commits before its next
document, so a wait lasts about one document, not a whole transaction.

Measured (bench/README.md, 1,000 articles, two processes on this 2-core machine, the
server sharing its cores): with the one lock, two processes stored 1.07 times as fast as
one; with these, 1.34 times (twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import DBAPIError

from timeline.db import WRITE_LOCK_ID
from timeline.driver import Driver
from timeline.extract.merge import Facts
from timeline.matching import RECENT_DAYS

BUCKETS = 12  # a reading's dates are locked by the finest of months, years, decades it touches this many of
Published = tuple[dt.date, dt.date] | None  # a document's publication, when known to the day or so
# A document needing more locks than this (a long text of many readings) keeps every other
# writer out instead: the locks share the server's lock table, 64 per allowed connection.
MOST = 512
WAITING = 0x71EE2  # held (shared) by writers waiting for a lock: the others commit soon
_CONTENDED = {"55P03", "40P01", "40001"}  # lock not available, deadlock, serialization failure


class Busy(Exception):
    """A lock this document needs is held by another writer (``yielding``: or another writer
    waits for this one); ``exclusive``: it needs every writer out (it replaces a stored
    document)."""

    def __init__(self, exclusive: bool = False, yielding: bool = False) -> None:
        super().__init__("busy")
        self.exclusive, self.yielding = exclusive, yielding


def contended(exc: BaseException) -> bool:
    """A database error that only says another writer held a lock (try again later)."""
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in _CONTENDED


def key(*parts: object) -> int:
    """A lock key: a signed 64-bit hash of ``parts``, the same in every process."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8, person=b"timeline").digest()
    return int.from_bytes(digest, "big", signed=True)


class Keys:
    """The advisory locks one document takes: each key, and whether exclusively."""

    __slots__ = ("modes", "everything")

    def __init__(self) -> None:
        self.modes: dict[int, bool] = {}
        self.everything = False  # WRITE_LOCK_ID exclusive: no other writer at all

    def add(self, key_: int, exclusive: bool) -> None:
        self.modes[key_] = self.modes.get(key_, False) or exclusive

    def source(self, digest: str, name: str, actors: Iterable[str]) -> None:
        """The document's text, its file name and the actors it may insert (by key)."""
        self.add(key("text", digest), True)
        self.add(key("name", name), True)
        for actor in actors:
            self.add(key("actor", actor), True)

    def reading(self, mine: Facts, regions: list[int] | None, published: Published) -> None:
        """What this reading's candidate search reads and its event (new or merged into) holds."""
        if not mine.families:
            return  # it searches nothing, and no search finds its event (merge.match's first test)
        date = mine.date
        if date.resolved:
            assert date.start is not None and date.end is not None
            level = _level(date.start, date.end)
            if level is None:
                self.everything = True
                return
            for lvl, buckets in enumerate(_buckets(date.start, date.end)[level:], level):
                own = lvl == level
                for bucket in buckets:
                    if regions is None:  # exclusive up the tree too: an unplaced reading is rare
                        self.add(key("date", lvl, None, bucket), True)
                        continue
                    for region in regions:
                        self.add(key("date", lvl, region, bucket), own)
                    self.add(key("date", lvl, None, bucket), False)
        if published is not None:  # searched by (or searching) the events first reported near it
            undated = not date.resolved
            for period in _periods(*published):
                if regions is None:  # every region's undated events, and its own found by undated readings
                    self.add(key("reported-undated", period), True)
                    self.add(key("reported-dated", period), undated)
                    continue
                for region in regions:
                    self.add(key("reported", region, period), undated)
                self.add(key("reported-undated" if undated else "reported-dated", period), False)

    def take(self, db: Driver, *, wait: bool, fresh: bool) -> int:
        """Take the locks in this transaction, and say how many.

        ``wait``: wait for each in key order (in a transaction that holds no other), first
        telling the writers that hold them to commit soon (``WAITING``). Else take them only
        if all are free, raising ``Busy`` if not, and ``Busy(yielding=True)`` if another
        writer is waiting and this transaction holds earlier documents (``fresh`` is false):
        it commits those first.
        """
        everything = self.everything or len(self.modes) > MOST
        modes = {WRITE_LOCK_ID: True} if everything else {**self.modes, WRITE_LOCK_ID: False}
        keys = sorted(modes)
        exclusive = [modes[k] for k in keys]
        if wait:
            db.run("SELECT pg_advisory_xact_lock_shared(?)", (WAITING,))
            db.run(
                "SELECT count(CASE WHEN x THEN pg_advisory_xact_lock(k)::text "
                "ELSE pg_advisory_xact_lock_shared(k)::text END) "
                "FROM unnest(CAST(? AS bigint[]), CAST(? AS boolean[])) AS t(k, x)",
                (keys, exclusive),
            )
            return len(keys)
        row = db.first(
            "SELECT bool_and(CASE WHEN x THEN pg_try_advisory_xact_lock(k) "
            "ELSE pg_try_advisory_xact_lock_shared(k) END), "
            # nobody waits: this session can take WAITING exclusive (and gives it back at once)
            "CASE WHEN pg_try_advisory_lock(?) THEN pg_advisory_unlock(?) ELSE false END "
            "FROM unnest(CAST(? AS bigint[]), CAST(? AS boolean[])) AS t(k, x)",
            (WAITING, WAITING, keys, exclusive),
        )
        assert row is not None
        taken, quiet = row
        if not taken:
            raise Busy(everything)
        if not quiet and not fresh:
            raise Busy(yielding=True)
        return len(keys)


def events_lock(db: Driver, event_ids: list[int], *, wait: bool) -> tuple[str, list[Any]]:
    """The statement (and its parameters) that locks stored events' rows, in id order, before
    a document changes them. Not ``wait``: if another writer holds one, the error says so at
    once (``contended``), and the document is stored again in a transaction that waits. Its
    result must be read, not only run: in a pipeline, a refusal arrives when it is read
    (``Driver.rows_together``)."""
    chosen, params = db.among("id", event_ids)
    nowait = "" if wait else " NOWAIT"
    return f"SELECT id FROM events WHERE {chosen} ORDER BY id FOR UPDATE{nowait}", params


def _buckets(start: dt.date, end: dt.date) -> tuple[range, range, range]:
    """The calendar months, years and decades [start, end] touches (a month as year * 12 +
    month - 1)."""
    return (
        range(start.year * 12 + start.month - 1, end.year * 12 + end.month),
        range(start.year, end.year + 1),
        range(start.year // 10, end.year // 10 + 1),
    )


def _level(start: dt.date, end: dt.date) -> int | None:
    """The finest of months, years and decades of which [start, end] touches at most
    ``BUCKETS``; None when even its decades are more."""
    return next((i for i, b in enumerate(_buckets(start, end)) if len(b) <= BUCKETS), None)


def _periods(start: dt.date, end: dt.date) -> range:
    """The RECENT_DAYS periods the search around a publication [start, end] reads: every
    event first reported within RECENT_DAYS of it lies in one of them, and its own event's
    first report (``start``) too."""
    low = max(start.toordinal() - RECENT_DAYS, 1)
    high = end.toordinal() + RECENT_DAYS
    return range(low // RECENT_DAYS, high // RECENT_DAYS + 1)

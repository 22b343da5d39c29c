"""Ingest: read documents, extract their events, store each in its own savepoint.

Extraction runs in worker processes with ``jobs > 1`` (kept warm: the gazetteer
and patterns load once per worker); storing stays in this process, each document
in its own savepoint of a transaction committed every few documents (at least
four times a second), so a crash loses at most the uncommitted documents and a
rerun stores them, skipping what was committed (content hashes are unique). A document the
database refuses is one failure line; losing the database itself (server gone,
disk full, locked too long) stops the run with one ``DatabaseError`` line.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import InterfaceError, OperationalError, StatementError
from sqlalchemy.orm import Session

from timeline.db import mask_url, one_line, transaction
from timeline.driver import Driver, forget_cached
from timeline.errors import DatabaseError
from timeline.extract.events import EventDraft
from timeline.extract.model import ActorMention, Document
from timeline.extract.reader import ReadItem, iter_documents


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    events_new: int = 0
    events_merged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)

    @property
    def documents(self) -> int:
        return self.added + self.replaced + self.skipped + len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures


Extracted = tuple[list[EventDraft] | None, str | None]  # a document's drafts, or why there are none
Progress = Callable[[str, str], None]  # (path, status) after each document
BATCH = 64  # documents handed to the extraction workers at a time
LOOKAHEAD = 16  # documents whose content hashes are looked up together
COMMIT_EVERY = 16  # documents stored per transaction
COMMIT_SECONDS = 0.25  # and a transaction is committed at least this often
ANALYZE_CHECK_SECONDS = 2.0  # PostgreSQL: how often an ingest asks if its tables outgrew their statistics
RETRIES = 20  # times a document is stored again after PostgreSQL stopped it for a deadlock
# PostgreSQL: a transaction is committed once its documents took this many advisory locks
# (timeline.locks). They share the server's lock table, 64 per allowed connection by default.
LOCKS = 256
# Extraction workers yield the CPU to this process, which stores: storing is the one serial
# stage, and with ``jobs`` workers on ``jobs`` cores three processes share two. At the same
# priority the storing process waited for a core (--jobs 2 on two cores, four alternating
# runs: 183 and 191 articles/s; at this one, 213 and 214; bench/README.md). The workers
# still run whenever a core is free.
WORKER_NICE = 10
# The collector's thresholds while ingesting. Extraction and storing make and drop many small
# containers, and at Python's default (700, 10, 10) the collector ran 573 times over 1,000
# articles, 0.27 s of 7 s; at these, 26 times, 0.06 s, and peak RSS grew by 1 MiB.
GC_THRESHOLDS = (10_000, 20, 20)


def _extract(item: ReadItem) -> tuple[ReadItem, list[EventDraft] | None, str | None]:
    drafts, error = _extract_document(item.path, item.document)
    return item, drafts, error


def _extract_document(path: str, document: Document | None) -> Extracted:
    """A document's drafts, or the one-line error that stopped its extraction."""
    from timeline.extract.pipeline import extract

    if document is None:
        return None, None
    try:
        return extract(document), None
    except Exception as exc:  # one bad document must not stop the others
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line, whatever the message
        return None, f"{path}: extraction failed ({reason}); please report this file"


def _extract_in_worker(task: tuple[str, Document | None]) -> tuple[Extracted, list[ActorMention]]:
    """A document's drafts (or error), and the actor mentions extraction found in it: storing
    names a discovered actor as the text writes it, from the document's mentions, and only the
    worker's copy of the document has them."""
    path, document = task
    extracted = _extract_document(path, document)
    return extracted, document.actors if document is not None else []


def _init_worker() -> None:
    from timeline.extract.pipeline import warm_up

    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICE)
    warm_up()


def _extracted(
    items: Iterable[ReadItem], jobs: int
) -> Iterator[tuple[ReadItem, list[EventDraft] | None, str | None]]:
    """Each item with its drafts (or error), in order; with ``jobs > 1`` extracted by workers.

    Two batches are in flight: the workers extract the next while this process stores the
    current one. Batches are taken here, so ``items`` (which queries the database) runs in
    this thread, not in the pool's feeder thread; only the document goes to a worker and
    only its drafts come back.
    """
    if jobs <= 1:
        yield from map(_extract, items)
        return
    context = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with context.Pool(jobs, initializer=_init_worker) as pool:
        pending = iter(items)
        in_flight: deque[tuple[list[ReadItem], Iterator[tuple[Extracted, list[ActorMention]]]]] = deque()

        def submit() -> None:
            if batch := list(itertools.islice(pending, BATCH)):
                tasks = [(item.path, item.document) for item in batch]
                in_flight.append((batch, pool.imap(_extract_in_worker, tasks, chunksize=4)))

        submit()
        submit()
        while in_flight:
            batch, results = in_flight.popleft()
            for item, ((drafts, error), actors) in zip(batch, results, strict=True):
                if item.document is not None:
                    item.document.actors = actors
                yield item, drafts, error
            submit()


def _not_stored(engine: Engine, items: Iterable[ReadItem], report: IngestReport,
                progress: Progress | None) -> Iterator[ReadItem]:
    """The items whose text is not stored yet, so a resumed or overlapping ingest extracts only
    what is new (asked for LOOKAHEAD documents at a time). ``store_document`` checks again under
    the writers' lock: a stale answer here costs an extraction, never a duplicate."""
    from timeline.store import content_hash, storable

    pending = iter(items)
    while batch := list(itertools.islice(pending, LOOKAHEAD)):
        digests = {id(item): content_hash(item.document.text) for item in batch if item.document is not None}
        known = _known_names(engine, sorted(set(digests.values())))
        for item in batch:
            doc = item.document
            stored_as = known.get(digests[id(item)]) if doc is not None else None
            if doc is not None and stored_as is not None and stored_as <= storable(doc.meta.name):
                report.skipped += 1
                _tell(progress, item.path, "skipped")
                continue
            yield item


def _known_names(engine: Engine, digests: list[str]) -> dict[str, str]:
    """The stored file name of each of these content hashes that is stored."""
    if not digests:
        return {}
    from timeline.tables import sources

    src = sources.c
    with engine.connect() as conn:
        conn.info["write"] = False  # on SQLite a plain BEGIN: never waits for a writer
        try:
            rows = conn.execute(
                select(src.content_sha256, src.file_name).where(src.content_sha256.in_(digests))
            )
            return {digest: name for digest, name in rows}
        finally:
            conn.rollback()
            conn.info.pop("write", None)


def ingest_paths(
    engine: Engine,
    paths: Sequence[str],
    *,
    published: str | None = None,
    language: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> IngestReport:
    """Ingest files and folders into the database behind ``engine``.

    ``max_bytes`` raises (or lowers) the reader's size limit per document (default 20 MB).
    """
    from timeline.extract.reference_view import default_view
    from timeline.refdata import sync_reference

    report = IngestReport()
    storer = _Storer(engine, report)
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        with transaction(engine) as session:
            sync_reference(session)
        storer.ref = default_view()
        limit = {} if max_bytes is None else {"max_bytes": max_bytes}
        read = iter_documents(paths, published=published, language=language, **limit)
        items = _not_stored(engine, read, report, progress)
        for item, drafts, error in _extracted(items, jobs):
            if item.failure is not None or error is not None:
                message = item.failure.message if item.failure is not None else str(error)
                report.failures.append((item.path, message))
                _tell(progress, item.path, "failed")
                continue
            assert item.document is not None and drafts is not None
            status = storer.store(item.path, item.document, drafts)
            _tell(progress, item.path, status)
        storer.commit(last=True)
        storer.close()
    except (OperationalError, InterfaceError) as exc:
        storer.abandon()
        raise DatabaseError(
            f"Database {mask_url(engine.url)} failed while ingesting: {one_line(exc.orig)} "
            f"({storer.committed} documents were stored and stay; "
            "run the same ingest again to finish)"
        ) from exc
    except BaseException:
        storer.abandon()
        raise
    finally:
        gc.set_threshold(*thresholds)
    return report


class _Storer:
    """Stores documents in shared write transactions, each document in its own savepoint.

    A transaction is committed every COMMIT_EVERY documents, or once COMMIT_SECONDS have
    passed since it began: a commit costs about as much as storing a small document, so
    sharing one saves that, and the writers' locks are still released several times a
    second. On PostgreSQL it is committed sooner when another writer waits for its locks,
    or once it holds LOCKS of them (``timeline.locks``). A document the database refuses
    rolls back to its savepoint alone. A crash loses the uncommitted documents of the open
    transaction, which a rerun stores.
    """

    def __init__(self, engine: Engine, report: IngestReport) -> None:
        from timeline.matching import Seen

        self.engine, self.report = engine, report
        self.ref: Any = None
        self.committed = 0  # documents stored and committed
        self._session: Session | None = None
        self._db: Driver | None = None  # the session's connection, for the transaction
        self._connection: Connection | None = None  # the ingest's one connection
        self._pending = 0
        self._stored = 0  # documents stored in the open transaction, skipped ones too
        self._locks = 0  # and the PostgreSQL advisory locks they took
        self._seen = Seen()  # what documents read of stored events, for the next ones (SQLite)
        self._began = 0.0
        self._checked = 0.0  # when the tables' statistics were last looked at (PostgreSQL)

    def store(self, path: str, doc: Document, drafts: list[EventDraft]) -> str:
        from timeline.locks import Busy, contended
        from timeline.store import store_document

        # PostgreSQL (timeline.locks): a document's locks are taken only if they are free. If
        # another writer holds one, this transaction commits (releasing its own), and the
        # document is stored in a new one that waits for them, then commits at once; if
        # another writer waits, this one commits before the document.
        wait, everything = False, False
        for attempt in itertools.count():
            db = self._open()
            # The savepoint through the driver, as every statement of storing: through the session
            # (begin_nested, and the session's connection asked for again) it cost 0.2 ms a document.
            db.run("SAVEPOINT document")
            try:
                # PostgreSQL: its writes are not waited for one by one (10% faster over 1,000
                # articles, alternating runs), only its reads wait (Driver.pipeline)
                with db.pipeline():
                    result = store_document(
                        db, doc, drafts, self.ref, wait=wait, fresh=self._stored == 0, everything=everything,
                        seen=self._seen,
                    )  # fmt: skip
                break
            except Busy as busy:
                everything, wait = everything or busy.exclusive, not busy.yielding
            except (OperationalError, InterfaceError) as exc:
                if not contended(exc) or attempt >= RETRIES:
                    raise  # the database itself failed: the whole transaction goes (ingest_paths)
                wait = True  # PostgreSQL stopped it to end a deadlock
            except StatementError as exc:  # a value this database refuses: this document only, rolled back
                db.run("ROLLBACK TO SAVEPOINT document")
                db.run("RELEASE SAVEPOINT document")
                reason = one_line(exc.orig if exc.orig is not None else exc)
                message = f"{path}: could not be stored ({reason}); please report this file"
                self.report.failures.append((path, message))
                return "failed"
            db.run("ROLLBACK TO SAVEPOINT document")  # what it took of its locks goes too
            db.run("RELEASE SAVEPOINT document")
            self.commit()
        self._stored += 1
        self._locks += result.locks
        db.run("RELEASE SAVEPOINT document")
        report = self.report
        if result.status == "skipped":
            report.skipped += 1
        elif result.status == "replaced":
            report.replaced += 1
        else:
            report.added += 1
        report.events_new += result.events_new
        report.events_merged += result.events_merged
        if result.status != "skipped":
            self._pending += 1
        if (
            wait  # other writers wait for what it holds
            or self._pending >= COMMIT_EVERY
            or self._locks >= LOCKS
            or time.monotonic() - self._began >= COMMIT_SECONDS
        ):
            self.commit()
        return result.status

    def _open(self) -> Driver:
        if self._db is None:
            # One connection for all the ingest's transactions, not one from the pool each
            # time: on SQLite, what documents read of stored events stays valid across them
            # while no other connection commits (matching.Seen asks that connection).
            if self._connection is None:
                self._connection = self.engine.connect()
                _plan_once(self._connection, True)
            self._session = Session(bind=self._connection, expire_on_commit=False)
            self._session.begin()
            self._db = Driver(self._session)
            self._began = time.monotonic()
            self._stored = self._locks = 0
        return self._db

    def commit(self, last: bool = False) -> None:
        """Commit the open transaction; on PostgreSQL then analyze what outgrew its statistics
        (at most every ANALYZE_CHECK_SECONDS, and after the ingest's ``last`` commit, for the
        queries that follow it)."""
        if self._session is not None:
            session, self._session, self._db = self._session, None, None
            with session:
                session.commit()
            self.committed += self._pending
            self._pending = 0
        due = last or time.monotonic() - self._checked >= ANALYZE_CHECK_SECONDS
        if self._connection is not None and due:
            self._checked = time.monotonic()
            analyze_grown(self._connection)

    def abandon(self) -> None:
        """Roll the open transaction back (what it stored is lost; a rerun stores it)."""
        if self._session is not None:
            session, self._session, self._db = self._session, None, None
            self._pending = 0
            self._seen.clear()  # what was read inside it may be rolled back with it
            with session:
                try:
                    forget_cached(session)  # ids read inside it too
                    session.rollback()
                except (OperationalError, InterfaceError):
                    pass  # the connection is gone: closing it below discards it
        self.close()

    def close(self) -> None:
        """Give the ingest's connection back (after its last commit, or a rollback)."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with contextlib.suppress(OperationalError, InterfaceError):  # the connection is gone
                _plan_once(connection, False)  # before the pool hands it to another user
                connection.close()


def _plan_once(connection: Connection, generic: bool) -> None:
    """PostgreSQL: the ingest's connection keeps one plan per prepared statement (``generic``),
    or goes back to the server's default.

    By default the server plans a prepared statement again at every execution when its
    generic plan is estimated dearer than the plans made for the values: once the tables
    have statistics, that is the candidate search, a union of up to 18 index ranges. At
    20,000 articles planning was 36% of the server's time (perf on its backend) and the rate
    18 articles/s; with one plan kept, 26. Each search's ranges are index ranges whatever the
    values (``matching``), and ``analyze_grown`` invalidates the plans as the tables grow.
    """
    if connection.dialect.name == "postgresql":
        mode = "force_generic_plan" if generic else "DEFAULT"
        connection.exec_driver_sql(f"SET plan_cache_mode = {mode}")
        connection.commit()


# The tables an ingest writes to, whose statistics the planner's choices depend on.
INGESTED_TABLES = ("sources", "events", "event_sources", "event_actors", "casualty_figures", "event_merges")
GROWN_ROWS = 1000  # rows changed, beyond the table's size at its last ANALYZE, that call for another


def analyze_grown(connection: Connection) -> list[str]:
    """PostgreSQL: ANALYZE the ingested tables that changed by more rows than they held at
    their last ANALYZE (and by GROWN_ROWS); the tables analyzed. SQLite: nothing.

    psycopg prepares a statement run five times, and the server keeps the plan it then
    made: made while a new database's tables were nearly empty, it reads every event by a
    sequential scan to find five by id, which at 1,000 articles already cost 0.3-0.4 ms a
    statement and grows with the table. Autovacuum analyzes a table only after its next
    wake-up (a minute); this analyzes it as soon as it doubled, so the plans are made again
    with its real size, about log2(rows) times over an ingest. SKIP_LOCKED: a table that
    another writer (or autovacuum) is analyzing is left to it.
    """
    if connection.dialect.name != "postgresql":
        return []
    grown = connection.exec_driver_sql(
        "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
        "WHERE s.schemaname = current_schema() AND s.relname = ANY(%(tables)s) "
        "AND s.n_mod_since_analyze >= greatest(c.reltuples, 0) + %(rows)s ORDER BY s.relname",
        {"tables": list(INGESTED_TABLES), "rows": GROWN_ROWS},
    ).scalars().all()
    if grown:
        connection.exec_driver_sql(f"ANALYZE (SKIP_LOCKED) {', '.join(grown)}")
    connection.commit()
    return list(grown)


def _tell(progress: Progress | None, path: str, status: str) -> None:
    if progress is not None:
        progress(path, status)

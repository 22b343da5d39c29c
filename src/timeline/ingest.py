"""Ingest: read documents, extract their events, store each in one transaction.

Extraction runs in worker processes with ``jobs > 1`` (kept warm: the gazetteer
and patterns load once per worker); storing stays in this process, one
transaction per document, so a crash loses at most the document in flight and a
rerun skips what was committed (content hashes are unique). A document the
database refuses is one failure line; losing the database itself (server gone,
disk full, locked too long) stops the run with one ``DatabaseError`` line.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.exc import InterfaceError, OperationalError, StatementError

from timeline.db import mask_url, one_line, transaction
from timeline.errors import DatabaseError
from timeline.extract.events import EventDraft
from timeline.extract.model import Document
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


Progress = Callable[[str, str], None]  # (path, status) after each document
BATCH = 64  # documents handed to the extraction workers at a time
LOOKAHEAD = 16  # documents whose content hashes are looked up together


def _extract(item: ReadItem) -> tuple[ReadItem, list[EventDraft] | None, str | None]:
    from timeline.extract.pipeline import extract

    if item.document is None:
        return item, None, None
    try:
        return item, extract(item.document), None
    except Exception as exc:  # one bad document must not stop the others
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line, whatever the message
        return item, None, f"{item.path}: extraction failed ({reason}); please report this file"


def _init_worker() -> None:
    from timeline.extract.pipeline import warm_up

    warm_up()


def _extracted(
    items: Iterable[ReadItem], jobs: int
) -> Iterator[tuple[ReadItem, list[EventDraft] | None, str | None]]:
    if jobs <= 1:
        yield from map(_extract, items)
        return
    context = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with context.Pool(jobs, initializer=_init_worker) as pool:
        # Batches taken here, so ``items`` (which queries the database) runs in this thread,
        # not in the pool's feeder thread.
        pending = iter(items)
        while batch := list(itertools.islice(pending, BATCH)):
            yield from pool.imap(_extract, batch, chunksize=8)


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
    from timeline.models import Source

    with engine.connect() as conn:
        conn.info["write"] = False  # on SQLite a plain BEGIN: never waits for a writer
        try:
            rows = conn.execute(
                select(Source.content_sha256, Source.file_name).where(Source.content_sha256.in_(digests))
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
    try:
        with transaction(engine) as session:
            sync_reference(session)
        ref = default_view()
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
            status = _store(engine, item.path, item.document, drafts, ref, report)
            _tell(progress, item.path, status)
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseError(
            f"Database {mask_url(engine.url)} failed while ingesting: {one_line(exc.orig)} "
            f"({report.added + report.replaced} documents were stored and stay; "
            "run the same ingest again to finish)"
        ) from exc
    return report


def _store(  # type: ignore[no-untyped-def]
    engine: Engine, path: str, doc: Document, drafts: list[EventDraft], ref, report: IngestReport
) -> str:
    from timeline.store import store_document

    try:
        with transaction(engine) as session:
            result = store_document(session, doc, drafts, ref)
    except (OperationalError, InterfaceError):
        raise
    except StatementError as exc:  # a value this database refuses: this document only, rolled back
        reason = one_line(exc.orig if exc.orig is not None else exc)
        report.failures.append((path, f"{path}: could not be stored ({reason}); please report this file"))
        return "failed"
    if result.status == "skipped":
        report.skipped += 1
    elif result.status == "replaced":
        report.replaced += 1
    else:
        report.added += 1
    report.events_new += result.events_new
    report.events_merged += result.events_merged
    return result.status


def _tell(progress: Progress | None, path: str, status: str) -> None:
    if progress is not None:
        progress(path, status)

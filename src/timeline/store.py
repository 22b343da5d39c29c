"""The one module that joins the extraction pipeline to storage.

``store_document`` writes one document and its events in the caller's
transaction: the source row (skipped when its content hash is known, replacing
the old extraction when a file of the same name changed, and a copy known under
a name that sorts after this one), then each event,
merged into an existing event reported by another source when ``merge.match``
says they are one (the merge is recorded with its rule and score), else new.

Writers are serialised while they store (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction advisory lock), so concurrent ingests of overlapping
corpora still merge reports of one event into one row.

What an event says does not depend on the order its reports arrived in, so
concurrent ingests end as one sequential run does: its descriptive fields
(type, place, summary, confidence, ...) are those of its *lead* reading, the one
from the source whose file name sorts first; every other source has the merge
record; its date readings are taken in that order too; between equally good
merge candidates the one whose lead sorts first wins; and the candidate filters
admit a pair of readings in either order exactly when ``merge.match`` may.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from timeline import EXTRACTOR_VERSION
from timeline.db import lock_writers
from timeline.extract.events import EventDraft, facts
from timeline.extract.merge import narrowest
from timeline.extract.model import CasualtyMention, Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.matching import best_candidate
from timeline.models import (
    CasualtyFigure,
    Event,
    EventActor,
    EventMerge,
    EventSource,
    Source,
)
from timeline.refdata import actor_ids, ensure_actor, location_ids

KINDS = ("killed", "injured", "abducted", "disappeared")
INT_MAX = 2**31 - 1  # the largest figure an INTEGER column holds on both databases


@dataclass(slots=True)
class StoreResult:
    status: str  # added | skipped | replaced
    source_id: int | None
    events_new: int = 0
    events_merged: int = 0


def _table(model: type) -> Table:
    """A model's table, for Core statements."""
    return cast(Table, getattr(model, "__table__"))  # noqa: B009 (typed models have no __table__ stub)


def _conn(session: Session) -> Connection:
    """The session's connection: statements here run as Core, skipping the ORM's per-statement cost."""
    return session.connection()


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def storable(value: str) -> str:
    """A metadata string both databases accept: no NUL (PostgreSQL refuses it), no lone
    surrogate (from a JSON ``\\ud800`` or an undecodable file name; neither driver encodes it)."""
    return value.replace("\x00", "").encode("utf-8", "backslashreplace").decode("utf-8")


def store_document(
    session: Session, doc: Document, drafts: list[EventDraft], ref: ReferenceView
) -> StoreResult:
    lock_writers(session)
    digest = content_hash(doc.text)
    name = storable(doc.meta.name)
    known = _conn(session).scalar(select(Source.file_name).where(Source.content_sha256 == digest))
    if known is not None and known <= name:
        return StoreResult("skipped", None)
    replaced = remove_source_by_name(session, name)
    if known is not None:
        # The same text known under a name that sorts after this one: this copy wins, as it
        # would in one sorted run, whichever process happened to store the other first.
        taken = _take_over(session, known, doc, drafts, digest)
        if taken is not None:
            return StoreResult("replaced", taken)
        replaced = remove_source_by_name(session, known) or replaced
    source_id = _insert_source(session, doc, digest)
    result = StoreResult("replaced" if replaced else "added", source_id)
    claimed: set[int] = set()
    new: list[EventDraft] = []  # written together after the loop: one multi-row insert per table
    for draft in drafts:
        mine = facts(draft, ref, doc)
        target = best_candidate(session, mine, draft, doc, ref, claimed)
        if target is None:
            # Not a candidate for this document's later readings either way (claimed), so
            # writing it at the end decides nothing differently.
            new.append(draft)
            result.events_new += 1
            continue
        else:
            event_id, score, details = target
            merged = source_id
            lead_name, lead_id = _lead(session, event_id)
            if name < lead_name:  # this reading leads now; the old lead is the one merged into it
                lead = _lead_fields(session, draft)
                _conn(session).execute(update(_table(Event)).where(Event.id == event_id).values(**lead))
                merged = lead_id
            _conn(session).execute(
                insert(_table(EventMerge)),
                [
                    {
                        "event_id": event_id,
                        "source_id": merged,
                        "rule": "cross-source",
                        "score": score,
                        "details": json.dumps(details, sort_keys=True),
                    }
                ],
            )
            result.events_merged += 1
        claimed.add(event_id)
        _link(session, event_id, source_id, draft, doc, ref)
        refresh_event(session, event_id)
    _insert_new_events(session, source_id, new, doc, ref)
    return result


def _insert_new_events(
    session: Session, source_id: int, drafts: list[EventDraft], doc: Document, ref: ReferenceView
) -> None:
    """The document's new events with their quotes, figures and actors, one insert per table.

    A new event holds what its one reading says, so it needs no refresh afterwards.
    """
    if not drafts:
        return
    conn = _conn(session)
    events = _table(Event)
    rows = [_event_row(session, draft, doc) for draft in drafts]
    ids = list(
        conn.execute(insert(events).returning(events.c.id, sort_by_parameter_order=True), rows).scalars()
    )
    conn.execute(
        insert(_table(EventSource)),
        [
            row
            for event_id, draft in zip(ids, drafts, strict=True)
            for row in _quote_rows(event_id, source_id, draft, doc)
        ],
    )
    figures = []
    for event_id, draft in zip(ids, drafts, strict=True):
        if any(c.part_of is not None for c in draft.casualties):
            _insert_figures(session, event_id, source_id, draft)  # parts need their total's id
        else:
            figures += [_figure_row(event_id, source_id, c, None) for c in draft.casualties if _fits(c)]
    if figures:
        conn.execute(insert(_table(CasualtyFigure)), figures)
    keys = {key for draft in drafts for key in draft.actors}
    for key in sorted(keys):
        if key.startswith("discovered:") or ref.actor_generic(key):
            ensure_actor(session, key, doc, ref)
    actor_id = actor_ids(session, keys)
    links = [
        {"event_id": event_id, "actor_id": actor_id[key], "role": role, "date_start": draft.date.start}
        for event_id, draft in zip(ids, drafts, strict=True)
        for key, role in draft.actors.items()
        if key in actor_id
    ]
    if links:
        conn.execute(insert(_table(EventActor)), links)


# --- sources ------------------------------------------------------------------------


def _described(doc: Document) -> dict[str, str | None]:
    """The source columns that describe a document without changing what is read from it."""
    meta = doc.meta
    return {
        "file_name": storable(meta.name),
        "title": _maybe(meta.title),
        "publisher": _maybe(meta.publisher),
        "authors": storable(json.dumps(meta.authors, ensure_ascii=False)) if meta.authors else None,
        "url": _maybe(meta.url),
    }


def _insert_source(session: Session, doc: Document, digest: str) -> int:
    meta = doc.meta
    published = meta.published
    row = {
        **_described(doc),
        "language": _maybe(meta.language),
        "published_start": published.start if published else None,
        "published_end": published.end if published else None,
        "published_precision": str(published.precision) if published else "unknown",
        "content_sha256": digest,
        "text": doc.text,
        "extractor_version": EXTRACTOR_VERSION,
    }
    return int(_conn(session).execute(insert(_table(Source)).returning(Source.id), [row]).scalar_one())


def _maybe(value: str | None) -> str | None:
    return None if value is None else storable(value)


def _take_over(
    session: Session, old_name: str, doc: Document, drafts: list[EventDraft], digest: str
) -> int | None:
    """Give the stored copy of this text this document's name and description, when what was
    read from it is what was read from this one (same publication date and language, the same
    sentences in the same events); its id, else None (then it is replaced outright).

    Its events stay; where this name now sorts first among an event's sources, this reading
    leads it (its fields, and the old lead gets the merge record), as in one sorted run.
    """
    published = doc.meta.published
    old = (
        _conn(session)
        .execute(
            select(Source.id, Source.published_start, Source.published_end, Source.language).where(
                Source.content_sha256 == digest
            )
        )
        .one()
    )
    read_as = (published.start, published.end) if published else (None, None)
    if (old.published_start, old.published_end, old.language) != (*read_as, _maybe(doc.meta.language)):
        return None
    quotes = (
        _conn(session)
        .execute(
            select(EventSource.quote_start, EventSource.quote_end, EventSource.event_id).where(
                EventSource.source_id == old.id
            )
        )
        .all()
    )
    event_of = {start: event_id for start, _end, event_id in quotes}
    grouped = {(s.start, s.end, event_of.get(d.sentences[0].start)) for d in drafts for s in d.sentences}
    if grouped != {tuple(q) for q in quotes}:
        return None
    _conn(session).execute(update(_table(Source)).where(Source.id == old.id).values(**_described(doc)))
    name = storable(doc.meta.name)
    for draft in (d for d in drafts if d.sentences):
        event_id = event_of[draft.sentences[0].start]
        others = (
            _conn(session)
            .execute(
                select(Source.file_name, Source.id)
                .join(EventSource, EventSource.source_id == Source.id)
                .where(EventSource.event_id == event_id, Source.id != old.id)
            )
            .all()
        )
        lead_name, lead_id = min(((n, i) for n, i in others), default=("", 0))
        if lead_id and name < lead_name < old_name:
            _conn(session).execute(
                update(_table(Event)).where(Event.id == event_id).values(**_lead_fields(session, draft))
            )
            _conn(session).execute(
                update(_table(EventMerge))
                .where(EventMerge.event_id == event_id, EventMerge.source_id == old.id)
                .values(source_id=lead_id)
            )
        refresh_event(session, event_id)
    return int(old.id)


def remove_source_by_name(session: Session, name: str) -> bool:
    """Delete an earlier extraction of a document with this name; events left without sources go too.

    An event that keeps other sources is refreshed, and its new lead source loses its merge
    record (every source but the lead has one), so ``timeline unmerge`` never empties an event.
    """
    ids = list(_conn(session).scalars(select(Source.id).where(Source.file_name == name)))
    if not ids:
        return False
    event_ids = set(
        _conn(session).scalars(select(EventSource.event_id).where(EventSource.source_id.in_(ids)))
    )
    _conn(session).execute(delete(_table(Source)).where(Source.id.in_(ids)))
    for event_id in event_ids:
        _, lead_id = _lead(session, event_id)
        if lead_id:
            _conn(session).execute(
                delete(_table(EventMerge)).where(
                    EventMerge.event_id == event_id, EventMerge.source_id == lead_id
                )
            )
            refresh_event(session, event_id)
        else:
            _conn(session).execute(delete(_table(Event)).where(Event.id == event_id))
    return True


# --- events -------------------------------------------------------------------------


def _classes_key(draft: EventDraft) -> str:
    return ",".join(sorted(draft.classes))


def _lead_fields(session: Session, draft: EventDraft) -> dict[str, object]:
    """The event columns its lead reading decides (the date is refreshed from every reading)."""
    return {
        "date_approximate": draft.date.approximate,
        "type": draft.type,
        "subtype": draft.subtype,
        "aggregate": draft.aggregate,
        "summary": draft.summary,
        "location_id": location_ids(session, [draft.place]).get(draft.place) if draft.place else None,
        "confidence": draft.confidence,
        "match_key": _classes_key(draft),
    }


def _lead(session: Session, event_id: int) -> tuple[str, int]:
    """The file name and id of the event's lead source, the first name in code-point order
    (``("", 0)`` when it has none).

    Compared in Python, never with SQL ``min``/``ORDER BY``: PostgreSQL's collation
    may sort names differently from SQLite and from Python.
    """
    rows = _conn(session).execute(
        select(Source.file_name, Source.id)
        .join(EventSource, EventSource.source_id == Source.id)
        .where(EventSource.event_id == event_id)
    )
    return min(((name, id_) for name, id_ in rows), default=("", 0))


def _event_row(session: Session, draft: EventDraft, doc: Document) -> dict[str, object]:
    """A new event's columns: its one reading's date, figures and lead fields."""
    totals = {k: v for k, v in draft.totals().items() if v <= INT_MAX}
    mention = draft.date_mention
    return {
        "date_start": draft.date.start,
        "date_end": draft.date.end,
        "date_precision": str(draft.date.precision),
        "date_text": doc.quote(mention) if mention is not None else None,
        **{kind: totals.get(kind) for kind in KINDS},
        **_lead_fields(session, draft),
    }


def _quote_rows(event_id: int, source_id: int, draft: EventDraft, doc: Document) -> list[dict[str, object]]:
    """This source's quotes for the event, each with its reading of the date."""
    mention = draft.date_mention
    date = draft.date
    return [
        {
            "event_id": event_id,
            "source_id": source_id,
            "quote_start": s.start,
            "quote_end": s.end,
            "date_start": date.start,
            "date_end": date.end,
            "date_precision": str(date.precision),
            "date_text": doc.quote(mention) if mention is not None else None,
            "date_span_start": mention.start if mention is not None else None,
            "date_span_end": mention.end if mention is not None else None,
        }
        for s in draft.sentences
    ]


def _link(
    session: Session, event_id: int, source_id: int, draft: EventDraft, doc: Document, ref: ReferenceView
) -> None:
    """This source's evidence for an existing event: quotes, figures, the actors it does not have yet."""
    _conn(session).execute(insert(_table(EventSource)), _quote_rows(event_id, source_id, draft, doc))
    _insert_figures(session, event_id, source_id, draft)
    keys = list(draft.actors)
    for key in keys:
        if key.startswith("discovered:") or ref.actor_generic(key):
            ensure_actor(session, key, doc, ref)
    ids = actor_ids(session, keys)
    existing: set[tuple[int, str]] = {
        (actor_id, role)
        for actor_id, role in _conn(session).execute(
            select(EventActor.actor_id, EventActor.role).where(EventActor.event_id == event_id)
        )
    }
    rows = []
    for key, role in draft.actors.items():
        actor_id = ids.get(key)
        if actor_id is None or (actor_id, role) in existing:
            continue
        existing.add((actor_id, role))
        rows.append(
            {"event_id": event_id, "actor_id": actor_id, "role": role, "date_start": draft.date.start}
        )
    if rows:
        _conn(session).execute(insert(_table(EventActor)), rows)


def _insert_figures(session: Session, event_id: int, source_id: int, draft: EventDraft) -> None:
    tops = [(i, c) for i, c in enumerate(draft.casualties) if c.part_of is None]
    parts = [(i, c) for i, c in enumerate(draft.casualties) if c.part_of is not None]
    ids: dict[int, int] = {}
    if not parts:
        rows = [_figure_row(event_id, source_id, fig, None) for _i, fig in tops if _fits(fig)]
        if rows:
            _conn(session).execute(insert(_table(CasualtyFigure)), rows)
        return
    for index, fig in tops + parts:
        parent = ids.get(fig.part_of) if fig.part_of is not None else None
        low, best, high = fig.low, fig.best, fig.high
        if any(v is not None and v > INT_MAX for v in (low, best, high)) or (
            fig.part_of is not None and parent is None
        ):
            continue  # "99999999999 killed" is no figure, and PostgreSQL's INTEGER cannot hold it
        row = {
            "event_id": event_id,
            "source_id": source_id,
            "kind": fig.kind,
            "best": best,
            "low": low,
            "high": high,
            "qualifier": fig.qualifier,
            "victims": fig.victims,
            "part_of_id": parent,
            "span_start": fig.start,
            "span_end": fig.end,
        }
        new_id = (
            _conn(session)
            .execute(insert(_table(CasualtyFigure)).returning(CasualtyFigure.id), [row])
            .scalar_one()
        )
        ids[index] = int(new_id)


def _fits(fig: CasualtyMention) -> bool:
    """PostgreSQL's INTEGER holds the figure ("99999999999 killed" is no figure)."""
    return not any(v is not None and v > INT_MAX for v in (fig.low, fig.best, fig.high))


def _figure_row(event_id: int, source_id: int, f: CasualtyMention, parent: int | None) -> dict[str, object]:
    return {
        "event_id": event_id,
        "source_id": source_id,
        "kind": f.kind,
        "best": f.best,
        "low": f.low,
        "high": f.high,
        "qualifier": f.qualifier,
        "victims": f.victims,
        "part_of_id": parent,
        "span_start": f.start,
        "span_end": f.end,
    }


def refresh_event(session: Session, event_id: int) -> None:
    """Recompute an event's date, best figures and actor-date copies from its sources."""
    rows = (
        _conn(session)
        .execute(
            select(
                EventSource.date_start,
                EventSource.date_end,
                EventSource.date_precision,
                EventSource.date_text,
                Source.file_name,
                EventSource.quote_start,
                EventSource.id,
            )
            .join(Source, Source.id == EventSource.source_id)
            .where(EventSource.event_id == event_id)
        )
        .all()
    )
    # In lead order (as _lead_name sorts), not arrival order: ties below go the same way in any run.
    readings = sorted(rows, key=lambda r: (r.file_name, r.quote_start, r.id))
    intervals = [
        Interval(r.date_start, r.date_end, Precision(r.date_precision or "unknown")) for r in readings
    ]
    best = narrowest(intervals)
    texts = [r.date_text for r in readings if r.date_text]
    values: dict[str, object] = {"date_text": texts[0] if texts else None}
    if best is not None:
        chosen = next(r for r in readings if r.date_start == best.start and r.date_end == best.end)
        values.update(
            date_start=best.start,
            date_end=best.end,
            date_precision=str(best.precision),
            date_text=chosen.date_text or values["date_text"],
        )
    values.update(best_figures(session, event_id))
    _conn(session).execute(update(_table(Event)).where(Event.id == event_id).values(**values))
    if best is not None:
        _conn(session).execute(
            update(_table(EventActor)).where(EventActor.event_id == event_id).values(date_start=best.start)
        )


def best_figures(session: Session, event_id: int) -> dict[str, int | None]:
    """Per kind, the event's best figure: the total most sources agree on (ties: the larger)."""
    rows = (
        _conn(session)
        .execute(
            select(
                CasualtyFigure.source_id, CasualtyFigure.kind, CasualtyFigure.best, CasualtyFigure.low
            ).where(CasualtyFigure.event_id == event_id, CasualtyFigure.part_of_id.is_(None))
        )
        .all()
    )
    per_source: dict[tuple[int, str], int] = {}
    for r in rows:
        value = r.best if r.best is not None else r.low
        if value is not None:
            per_source[(r.source_id, r.kind)] = per_source.get((r.source_id, r.kind), 0) + value
    out: dict[str, int | None] = {}
    for kind in KINDS:
        totals = Counter(v for (_, k), v in per_source.items() if k == kind and v <= INT_MAX)
        out[kind] = max(totals, key=lambda v: (totals[v], v)) if totals else None
    return out

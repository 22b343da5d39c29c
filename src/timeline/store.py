"""The one module that joins the extraction pipeline to storage.

``store_document`` writes one document and its events in the caller's
transaction: the source row (skipped when its content hash is known, replacing
the old extraction when a file of the same name changed, and a copy known under
a name that sorts after this one), then each event,
merged into an existing event reported by another source when ``merge.match``
says they are one (the merge is recorded with its rule and score), else new.

Writers that may read or change the same events wait for each other (SQLite:
``BEGIN IMMEDIATE`` makes every writer wait; PostgreSQL: advisory locks per region and
month, ``timeline.locks``), so concurrent ingests of overlapping corpora still merge
reports of one event into one row.

What an event says does not depend on the order its reports arrived in, so
concurrent ingests end as one sequential run does: its descriptive fields
(type, place, summary, confidence, ...) are those of its *lead* reading, the one
from the source whose file name sorts first; every other source has the merge
record; its date readings are taken in that order too; between equally good
merge candidates the one whose lead sorts first wins; and the candidate filters
admit a pair of readings in either order exactly when ``merge.match`` may.

Statements go straight to the driver (``timeline.driver``): a document's new
events are written with one executemany per table, and only merged events are
read back and refreshed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from timeline import EXTRACTOR_VERSION
from timeline.driver import Driver, Row, placeholders
from timeline.extract.events import EventDraft, facts
from timeline.extract.merge import Facts, content_words, narrowest
from timeline.extract.model import CasualtyMention, Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.locks import Busy, Keys, events_lock
from timeline.matching import Matcher, Seen
from timeline.places import PlaceKeys
from timeline.tables import CASUALTY_KINDS as KINDS
from timeline.tables import date_width

INT_MAX = 2**31 - 1  # the largest figure an INTEGER column holds on both databases


@dataclass(slots=True)
class StoreResult:
    status: str  # added | skipped | replaced
    source_id: int | None
    events_new: int = 0
    events_merged: int = 0
    locks: int = 0  # PostgreSQL advisory locks it took (timeline.locks)


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def storable(value: str) -> str:
    """A metadata string both databases accept: no NUL (PostgreSQL refuses it), no lone
    surrogate (from a JSON ``\\ud800`` or an undecodable file name; neither driver encodes it)."""
    return value.replace("\x00", "").encode("utf-8", "backslashreplace").decode("utf-8")


class _Writer:
    """One document's storing: the driver, the document, and the actors it inserted."""

    def __init__(self, db: Driver, doc: Document, ref: ReferenceView) -> None:
        self.db, self.doc, self.ref = db, doc, ref
        self.fresh_actors: dict[str, int] = {}  # inserted in this transaction: not cached past it

    # --- actors and places ----------------------------------------------------------------

    def actor_ids(self, keys: list[str]) -> dict[str, int]:
        """Ids of the actors with these keys (those the database has)."""
        known: dict[str, int] = self.db.cache.setdefault("actor_ids", {})
        missing = sorted({k for k in keys if k and k not in known and k not in self.fresh_actors})
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            known.update(
                self.db.rows(f"SELECT key, id FROM actors WHERE key IN ({placeholders(len(chunk))})", chunk)
            )
        return {k: found for k in keys if (found := self.fresh_actors.get(k) or known.get(k)) is not None}

    def ensure_actors(self, keys: list[str]) -> None:
        """Insert the discovered (or missing generic) actors among ``keys``, named as the text writes them."""
        wanted = [k for k in keys if k.startswith("discovered:") or self.ref.actor_generic(k)]
        have = self.actor_ids(wanted)
        for key in sorted(set(wanted) - set(have)):
            self._insert_actor(key)

    def _insert_actor(self, key: str) -> None:
        from timeline.reference.load import normalize

        mention = next((m for m in self.doc.actors if m.key == key), None)
        name = " ".join(self.doc.quote(mention).split()) if mention is not None else key.split(":", 1)[-1]
        discovered = key.startswith("discovered:")
        self.db.run(
            "INSERT INTO actors (key, name, type, country_code, generic, discovered) "
            "VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT (key) DO NOTHING",
            (key, name[:256], self.ref.actor_type(key), not discovered, discovered),
        )
        new_id = self.db.scalar("SELECT id FROM actors WHERE key = ?", (key,))
        if new_id is None:
            return
        self.fresh_actors[key] = int(new_id)
        self.db.run(
            "INSERT INTO actor_aliases (actor_id, alias, language, normalized) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (actor_id, normalized) DO NOTHING",
            (new_id, name[:256], self.doc.meta.language, normalize(name)[:256]),
        )

    def location_id(self, key: str | None) -> int | None:
        return PlaceKeys.of(self.db).id(self.db, key) if key else None


def store_document(
    db: Driver,
    doc: Document,
    drafts: list[EventDraft],
    ref: ReferenceView,
    *,
    wait: bool = False,
    fresh: bool = True,
    everything: bool = False,
    seen: Seen | None = None,
) -> StoreResult:
    """Store one document and its events through ``db`` (a session's connection, in the
    caller's transaction; ``timeline.ingest`` gives each document a savepoint).

    On PostgreSQL it first takes the locks of what it may read and change (``timeline.locks``):
    waiting for them with ``wait`` (in a transaction that holds no other), else raising
    ``locks.Busy`` if another writer has one (or waits for one, and the transaction is not
    ``fresh``: it holds earlier documents); ``everything``: every writer's (to replace a
    stored document). ``seen``: what earlier documents of the ingest read of stored events.
    """
    digest = content_hash(doc.text)
    name = storable(doc.meta.name)
    w = _Writer(db, doc, ref)
    matcher = Matcher(db, doc, ref, seen)
    readings = [facts(draft, ref, doc) for draft in drafts]
    locks = 0
    if db.postgres:
        locks = _lock(w, matcher, drafts, readings, digest, name, wait, fresh, everything)
    known = db.scalar("SELECT file_name FROM sources WHERE content_sha256 = ?", (digest,))
    if known is not None and known <= name:
        return StoreResult("skipped", None, locks=locks)
    named = db.scalar("SELECT 1 FROM sources WHERE file_name = ?", (name,)) is not None
    if db.postgres and (named or known is not None) and not everything:
        raise Busy(exclusive=True)  # it changes events anywhere: every other writer out first
    if named or known is not None:  # events anywhere may change
        matcher.forget_all()
    replaced = named and _remove_source_by_name(db, name)
    if known is not None:
        # The same text known under a name that sorts after this one: this copy wins, as it
        # would in one sorted run, whichever process happened to store the other first.
        taken = _take_over(w, known, drafts, digest)
        if taken is not None:
            return StoreResult("replaced", taken, locks=locks)
        replaced = _remove_source_by_name(db, known) or replaced
    source_id = _insert_source(db, doc, digest)
    result = StoreResult("replaced" if replaced else "added", source_id, locks=locks)
    claimed: set[int] = set()
    new: list[EventDraft] = []  # written together after the loop: one executemany per table
    merges: list[_Merge] = []  # and so are the merges
    if db.postgres:  # its searches and reads together: a round trip each (Matcher.prepare)
        matcher.prepare(readings)
    for draft, mine in zip(drafts, readings, strict=True):
        target = matcher.best(mine, claimed)
        if target is None:
            # Not a candidate for this document's later readings either way (claimed), so
            # writing it at the end decides nothing differently.
            new.append(draft)
            continue
        event_id, score, details = target
        merges.append((event_id, score, details, draft))
        claimed.add(event_id)  # never a later reading's candidate: its merge is written at the end too
        matcher.forget(event_id)
    _merge(w, source_id, name, merges, wait)
    _insert_new_events(w, source_id, new)
    result.events_new, result.events_merged = len(new), len(merges)
    return result


def _lock(
    w: _Writer,
    matcher: Matcher,
    drafts: list[EventDraft],
    readings: list[Facts],
    digest: str,
    name: str,
    wait: bool,
    fresh: bool,
    everything: bool,
) -> int:
    """Take the PostgreSQL locks of what storing this document may read and change; how many."""
    keys = Keys()
    keys.everything = everything
    if not everything:
        # The actors _Writer.ensure_actors may insert: those not stored yet (their ids are cached)
        actors = {key for draft in drafts for key in draft.actors}
        wanted = sorted(k for k in actors if k.startswith("discovered:") or w.ref.actor_generic(k))
        stored = w.actor_ids(wanted)
        keys.source(digest, name, [k for k in wanted if k not in stored])
        published = w.doc.meta.published
        days = None
        if published is not None and published.resolved:
            assert published.start is not None and published.end is not None
            days = (published.start, published.end)
        for mine in readings:
            keys.reading(mine, matcher.regions(mine), days)
    return keys.take(w.db, wait=wait, fresh=fresh)


def _insert_new_events(w: _Writer, source_id: int, drafts: list[EventDraft]) -> None:
    """The document's new events with their quotes, figures and actors, one executemany per table.

    A new event holds what its one reading says, so it needs no refresh afterwards.
    """
    if not drafts:
        return
    db = w.db
    ids = db.insert_ids("events", [_event_row(w, draft) for draft in drafts])
    db.insert_many(
        "event_sources",
        [
            row
            for event_id, draft in zip(ids, drafts, strict=True)
            for row in _quote_rows(w, event_id, source_id, draft)
        ],
    )
    _insert_figures(db, source_id, list(zip(ids, drafts, strict=True)))
    keys = sorted({key for draft in drafts for key in draft.actors})
    w.ensure_actors(keys)
    actor_id = w.actor_ids(keys)
    db.insert_many(
        "event_actors",
        [
            {
                "event_id": event_id,
                "actor_id": actor_id[key],
                "role": role,
                "date_start": db.date(draft.date.start),
                "date_end": db.date(draft.date.end),
            }
            for event_id, draft in zip(ids, drafts, strict=True)
            for key, role in draft.actors.items()
            if key in actor_id
        ],
    )


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


def _insert_source(db: Driver, doc: Document, digest: str) -> int:
    meta = doc.meta
    published = meta.published
    row = {
        **_described(doc),
        "language": _maybe(meta.language),
        "published_start": db.date(published.start) if published else None,
        "published_end": db.date(published.end) if published else None,
        "published_precision": str(published.precision) if published else "unknown",
        "content_sha256": digest,
        "text": doc.text,
        "extractor_version": EXTRACTOR_VERSION,
    }
    return db.insert("sources", row)


def _maybe(value: str | None) -> str | None:
    return None if value is None else storable(value)


def _set(db: Driver, table: str, values: dict[str, Any], where: str, params: tuple[Any, ...]) -> None:
    """UPDATE table SET values WHERE ..."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.run(f"UPDATE {table} SET {assignments} WHERE {where}", (*values.values(), *params))


def _take_over(w: _Writer, old_name: str, drafts: list[EventDraft], digest: str) -> int | None:
    """Give the stored copy of this text this document's name and description, when what was
    read from it is what was read from this one (same publication date and language, the same
    sentences in the same events); its id, else None (then it is replaced outright).

    Its events stay; where this name now sorts first among an event's sources, this reading
    leads it (its fields, and the old lead gets the merge record), as in one sorted run.
    """
    db, doc = w.db, w.doc
    published = doc.meta.published
    old_id, old_start, old_end, old_language = db.first(
        "SELECT id, published_start, published_end, language FROM sources WHERE content_sha256 = ?", (digest,)
    ) or (None, None, None, None)
    read_as = (published.start, published.end) if published else (None, None)
    if (db.to_date(old_start), db.to_date(old_end), old_language) != (*read_as, _maybe(doc.meta.language)):
        return None
    quotes = db.rows(
        "SELECT quote_start, quote_end, event_id FROM event_sources WHERE source_id = ?", (old_id,)
    )
    event_of = {start: event_id for start, _end, event_id in quotes}
    grouped = {(s.start, s.end, event_of.get(d.sentences[0].start)) for d in drafts for s in d.sentences}
    if grouped != {tuple(q) for q in quotes}:
        return None
    _set(db, "sources", _described(doc), "id = ?", (old_id,))
    name = storable(doc.meta.name)
    for draft in (d for d in drafts if d.sentences):
        event_id = event_of[draft.sentences[0].start]
        others = db.rows(
            "SELECT s.file_name, s.id FROM sources s JOIN event_sources es ON es.source_id = s.id "
            "WHERE es.event_id = ? AND s.id != ?",
            (event_id, old_id),
        )
        lead_name, lead_id = min(((n, i) for n, i in others), default=("", 0))
        if lead_id and name < lead_name < old_name:
            _update_lead(w, event_id, draft)
            db.run(
                "UPDATE event_merges SET source_id = ? WHERE event_id = ? AND source_id = ?",
                (lead_id, event_id, old_id),
            )
        _refresh(db, [event_id])
    return int(old_id)


def remove_source_by_name(session: Session, name: str) -> bool:
    """Delete an earlier extraction of a document with this name; events left without sources go too."""
    return _remove_source_by_name(Driver(session), name)


def _remove_source_by_name(db: Driver, name: str) -> bool:
    """Delete an earlier extraction of a document with this name; events left without sources go too.

    An event that keeps other sources is refreshed, and its new lead source loses its merge
    record (every source but the lead has one), so ``timeline unmerge`` never empties an event.
    """
    ids = [r[0] for r in db.rows("SELECT id FROM sources WHERE file_name = ?", (name,))]
    if not ids:
        return False
    marks = placeholders(len(ids))
    event_ids = sorted(
        {r[0] for r in db.rows(f"SELECT event_id FROM event_sources WHERE source_id IN ({marks})", ids)}
    )
    db.run(f"DELETE FROM sources WHERE id IN ({marks})", ids)
    if not event_ids:
        return True
    read = db.rows_together(_refresh_reads(db, event_ids, None))
    leads = _lead_of(read[0])
    for event_id in event_ids:
        if event_id in leads:  # its new lead's merge record goes: the lead has none
            _name, lead_id = leads[event_id]
            db.run("DELETE FROM event_merges WHERE event_id = ? AND source_id = ?", (event_id, lead_id))
        else:
            db.run("DELETE FROM events WHERE id = ?", (event_id,))
    _refresh_from(db, [event_id for event_id in event_ids if event_id in leads], read, None)
    return True


# --- events -------------------------------------------------------------------------


def _classes_key(draft: EventDraft) -> str:
    return ",".join(sorted(draft.classes))


def _lead_fields(w: _Writer, draft: EventDraft) -> dict[str, object]:
    """The event columns its lead reading decides (the date is refreshed from every reading)."""
    location_id = w.location_id(draft.place)
    return {
        "date_approximate": draft.date.approximate,
        "type": draft.type,
        "subtype": draft.subtype,
        "aggregate": draft.aggregate,
        "summary": draft.summary,
        "location_id": location_id,
        "region_id": PlaceKeys.of(w.db).region(location_id),
        "confidence": draft.confidence,
        "match_key": _classes_key(draft),
    }


def _update_lead(w: _Writer, event_id: int, draft: EventDraft) -> None:
    _set(w.db, "events", _lead_fields(w, draft), "id = ?", (event_id,))


def _lead_of(readings: list[Row], excluding: int | None = None) -> dict[int, tuple[str, int]]:
    """From a refresh's read of readings (``_refresh_reads``), each event's lead source (file
    name, id) among those other than ``excluding``: the first name in code-point order.
    Compared in Python, never with SQL ``min``/``ORDER BY``: PostgreSQL's collation may sort
    names differently from SQLite and from Python."""
    leads: dict[int, tuple[str, int]] = {}
    for row in readings:
        event_id, name, id_ = row[0], row[5], row[-1]
        if id_ != excluding:
            leads[event_id] = min(leads.get(event_id, (name, id_)), (name, id_))
    return leads


def _event_row(w: _Writer, draft: EventDraft) -> dict[str, object]:
    """A new event's columns: its one reading's date, figures and lead fields."""
    totals = {k: v for k, v in draft.totals().items() if v <= INT_MAX}
    mention = draft.date_mention
    date = draft.date
    published = w.doc.meta.published
    return {
        "date_start": w.db.date(date.start),
        "date_end": w.db.date(date.end),
        "date_precision": str(date.precision),
        "date_width": date_width(date.start, date.end),
        "date_text": w.doc.quote(mention) if mention is not None else None,
        "reported_on": w.db.date(published.start) if published is not None else None,
        "quote_words": _joined(content_words(w.doc.text[s.start : s.end]) for s in draft.sentences),
        **{kind: totals.get(kind) for kind in KINDS},
        **_lead_fields(w, draft),
    }


def _quote_rows(w: _Writer, event_id: int, source_id: int, draft: EventDraft) -> list[dict[str, object]]:
    """This source's quotes for the event, each with its reading of the date."""
    mention = draft.date_mention
    date = draft.date
    date_text = w.doc.quote(mention) if mention is not None else None
    return [
        {
            "event_id": event_id,
            "source_id": source_id,
            "quote_start": s.start,
            "quote_end": s.end,
            "date_start": w.db.date(date.start),
            "date_end": w.db.date(date.end),
            "date_precision": str(date.precision),
            "date_text": date_text,
            "date_span_start": mention.start if mention is not None else None,
            "date_span_end": mention.end if mention is not None else None,
            "quote_words": _joined([content_words(w.doc.text[s.start : s.end])]),
        }
        for s in draft.sentences
    ]


def _joined(word_sets: Iterable[frozenset[str]]) -> str:
    """Content words as stored (``quote_words``): the union, sorted, space-separated."""
    return " ".join(sorted(set().union(*word_sets)))


_Merge = tuple[int, float, dict[str, float], EventDraft]  # (event id, score, details, reading)


def _merge(w: _Writer, source_id: int, name: str, merges: list[_Merge], wait: bool) -> None:
    """This document's readings merged into stored events (in reading order): this source's
    evidence, the merge records, and each event's columns refreshed, one statement per table
    for all of them and one round trip for their reads on PostgreSQL.

    Written after the document's last search, which reads none of it: an event merged into
    is claimed, never a later reading's candidate, and what the searches read of the others
    (their facts, words and leads) these writes do not change. Each event's lead before
    this document comes from the refresh's own read of its readings (those of other
    sources): an event many articles report has hundreds, read once.
    """
    if not merges:
        return
    db = w.db
    ids = [event_id for event_id, _score, _details, _draft in merges]
    if db.postgres:  # another writer's reading may have found them too: locked first
        db.rows(*events_lock(db, ids, wait=wait))
    added = _link(w, source_id, merges)
    read = db.rows_together(_refresh_reads(db, ids, added))
    leads = _lead_of(read[0], excluding=source_id)
    records = []
    for event_id, score, details, draft in merges:
        lead_name, lead_id = leads.get(event_id, ("", 0))
        merged = source_id
        if name < lead_name:  # this reading leads now; the old lead is the one merged into it
            _update_lead(w, event_id, draft)
            merged = lead_id
        records.append(
            {"event_id": event_id, "source_id": merged, "rule": "cross-source", "score": score,
             "details": json.dumps(details, sort_keys=True)}
        )  # fmt: skip
    db.insert_many("event_merges", records)
    _refresh_from(db, ids, read, added)


def _link(w: _Writer, source_id: int, merges: list[_Merge]) -> dict[int, frozenset[str]]:
    """This source's evidence for stored events: quotes, figures, the actors they do not have
    yet. Per event, the content words of the quotes it added."""
    db = w.db
    quotes = {event_id: _quote_rows(w, event_id, source_id, draft) for event_id, _s, _d, draft in merges}
    db.insert_many("event_sources", [row for rows in quotes.values() for row in rows])
    _insert_figures(db, source_id, [(event_id, draft) for event_id, _s, _d, draft in merges])
    links = []
    for event_id, _score, _details, draft in merges:
        keys = list(draft.actors)
        w.ensure_actors(keys)  # in reading order, as each is named: the same ids in any run
        ids = w.actor_ids(keys)
        # The dates are the event's, set by the refresh that follows; a link it has is kept.
        links += [
            {"event_id": event_id, "actor_id": ids[key], "role": role}
            for key, role in draft.actors.items()
            if key in ids
        ]
    db.insert_many("event_actors", links, skip_conflicts=("event_id", "actor_id", "role"))
    return {
        event_id: frozenset(word for quote in rows for word in str(quote["quote_words"]).split())
        for event_id, rows in quotes.items()
    }


def _insert_figures(db: Driver, source_id: int, events: list[tuple[int, EventDraft]]) -> None:
    """The figures each event's reading gives, in order: one executemany, except where a
    reading has parts ("two of them police officers"), which need their total's id."""
    rows: list[dict[str, object]] = []
    for event_id, draft in events:
        if not any(c.part_of is not None for c in draft.casualties):
            rows += [_figure_row(event_id, source_id, c, None) for c in draft.casualties if _fits(c)]
            continue
        db.insert_many("casualty_figures", rows)
        rows = []
        ids: dict[int, int] = {}
        for index, fig in sorted(enumerate(draft.casualties), key=lambda f: f[1].part_of is not None):
            parent = ids.get(fig.part_of) if fig.part_of is not None else None
            if not _fits(fig) or (fig.part_of is not None and parent is None):
                continue  # "99999999999 killed" is no figure, and PostgreSQL's INTEGER cannot hold it
            ids[index] = db.insert("casualty_figures", _figure_row(event_id, source_id, fig, parent))
    db.insert_many("casualty_figures", rows)


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
    _refresh(Driver(session), [event_id])


def _refresh(db: Driver, event_ids: list[int], added: dict[int, frozenset[str]] | None = None) -> None:
    """Recompute the events' columns that their readings decide, from every reading (their
    reads together: one round trip on PostgreSQL).

    ``added``: per event, the content words of quotes just linked to it (a merge). Its words
    are then its stored words and these, without reading every quote's words again: the same
    union, as an event's words are NULL exactly when one of its quotes' are (then they stay
    NULL). An event many articles report has hundreds of quotes (188 at 20,000 articles).
    """
    _refresh_from(db, event_ids, db.rows_together(_refresh_reads(db, event_ids, added)), added)


def _refresh_reads(
    db: Driver, event_ids: list[int], added: dict[int, frozenset[str]] | None
) -> list[tuple[str, list[Any]]]:
    """What a refresh reads (``_refresh``): every reading of the events (its source's id
    last), their figure totals per source, and their refreshed columns as stored."""
    words = "NULL" if added is not None else "es.quote_words"
    sources, sources_params = db.among("es.event_id", event_ids)
    figures, figures_params = db.among("event_id", event_ids)
    events, events_params = db.among("id", event_ids)
    return [
        (
            "SELECT es.event_id, es.date_start, es.date_end, es.date_precision, es.date_text, "
            f"s.file_name, es.quote_start, es.id, s.published_start, {words}, s.id FROM event_sources es "
            f"JOIN sources s ON s.id = es.source_id WHERE {sources}",
            sources_params,
        ),
        (_FIGURE_TOTALS.format(events=figures), figures_params),
        (f"SELECT id, {', '.join(_REFRESHED)} FROM events WHERE {events}", events_params),
    ]


def _refresh_from(
    db: Driver, event_ids: list[int], read: list[list[Row]], added: dict[int, frozenset[str]] | None
) -> None:
    """Write the refreshed columns of the events from what ``_refresh_reads`` read."""
    rows, totals, found = read
    readings: dict[int, list[Row]] = {}
    for event_id, *reading in rows:
        readings.setdefault(event_id, []).append(tuple(reading))
    figures_of: dict[int, list[Row]] = {}
    for event_id, *total in totals:
        figures_of.setdefault(event_id, []).append(tuple(total))
    held = {event_id: dict(zip(_REFRESHED, columns, strict=True)) for event_id, *columns in found}
    dates = []  # the links' copies of each event's date (a link just added has none yet)
    for event_id in event_ids:
        if event_id not in held:
            continue  # no such event
        best = _refreshed(db, event_id, readings.get(event_id, []), figures_of.get(event_id, []),
                          held[event_id], None if added is None else added[event_id])  # fmt: skip
        if best is not None:
            start, end = db.date(best.start), db.date(best.end)
            dates.append((start, end, event_id, start, end))
    differs = "IS DISTINCT FROM" if db.postgres else "IS NOT"
    db.many(
        "UPDATE event_actors SET date_start = ?, date_end = ? "
        f"WHERE event_id = ? AND (date_start {differs} ? OR date_end {differs} ?)",
        dates,
    )


def _refreshed(
    db: Driver,
    event_id: int,
    rows: list[Row],
    figures: list[Row],
    held: dict[str, Any],
    added: frozenset[str] | None,
) -> Interval | None:
    """Write what changed of one event's refreshed columns (``_refresh``); its date."""
    published = [day for r in rows if (day := db.to_date(r[7])) is not None]
    # In lead order (as _lead sorts), not arrival order: ties below go the same way in any run.
    readings = sorted(rows, key=lambda r: (r[4], r[5], r[6]))
    intervals = [Interval(db.to_date(r[0]), db.to_date(r[1]), Precision(r[2] or "unknown")) for r in readings]
    best = narrowest(intervals)
    texts = [r[3] for r in readings if r[3]]
    values: dict[str, object] = {
        "date_text": texts[0] if texts else None,
        "reported_on": db.date(min(published)) if published else None,
        # NULL when a quote has no stored words (an older version's): computed when read
        "quote_words": None
        if added is not None or any(r[8] is None for r in rows)
        else _joined(frozenset(r[8].split()) for r in rows),
    }
    if best is not None:
        chosen = next(
            r for r, i in zip(readings, intervals, strict=True) if i.start == best.start and i.end == best.end
        )
        values.update(
            date_start=db.date(best.start),
            date_end=db.date(best.end),
            date_precision=str(best.precision),
            date_width=date_width(best.start, best.end),
            date_text=chosen[3] or values["date_text"],
        )
    values.update(_figures_from(figures))
    # Only what changed is written: an index holding an assigned column is rewritten even
    # when its value is the same (SQLite), and most reports add nothing new to the date.
    stored = [held[column] for column in values]
    if added is not None:
        had = held["quote_words"]
        values["quote_words"] = None if had is None else _joined([frozenset(had.split()), added])
    changed = {k: v for (k, v), old in zip(values.items(), stored, strict=True) if v != old}
    if changed:
        _set(db, "events", changed, "id = ?", (event_id,))
    return best


def best_figures(session: Session, event_id: int) -> dict[str, int | None]:
    """Per kind, the event's best figure: the total most sources agree on (ties: the larger)."""
    db = Driver(session)
    chosen, params = db.among("event_id", [event_id])
    return _figures_from([row[1:] for row in db.rows(_FIGURE_TOTALS.format(events=chosen), params)])


# The event columns a refresh may change.
_REFRESHED = (
    "date_text", "reported_on", "quote_words", "date_start", "date_end", "date_precision", "date_width",
    *KINDS,
)  # fmt: skip
# Each source's total per kind, and how many sources give each total, summed in SQL: an
# event many articles report has hundreds of figures.
_FIGURE_TOTALS = (
    "SELECT event_id, kind, total, count(*) FROM (SELECT event_id, source_id, kind, "
    "sum(coalesce(best, low)) AS total FROM casualty_figures WHERE {events} AND part_of_id IS NULL "
    "AND coalesce(best, low) IS NOT NULL GROUP BY event_id, source_id, kind) AS per_source "
    "GROUP BY event_id, kind, total"
)


def _figures_from(rows: list[Row]) -> dict[str, int | None]:
    """Per kind, the total most sources give (ties: the larger), from _FIGURE_TOTALS' rows."""
    out: dict[str, int | None] = {}
    for kind in KINDS:
        totals = [(int(n), int(v)) for k, v, n in rows if k == kind and v <= INT_MAX]
        out[kind] = max(totals)[1] if totals else None
    return out

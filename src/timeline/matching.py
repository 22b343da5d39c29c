"""Cross-source matching: the stored events a new reading may report, and the best of them.

The candidate filters admit a pair of readings in either order exactly when ``merge.match``
may accept it, so which of two reports arrives first never decides whether they merge.
Quote words and lead names are read only for candidates that could still pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from timeline.extract.events import EventDraft
from timeline.extract.merge import MERGE_THRESHOLD, Facts, content_words, match
from timeline.extract.model import Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.models import Actor, Event, EventActor, EventSource, Location, Source
from timeline.refdata import location_ids

KINDS = ("killed", "injured", "abducted", "disappeared")
CANDIDATE_LIMIT = 300
WORDS_WEIGHT = 0.2  # the most shared wording adds to a merge score (see merge.match)


def best_candidate(
    session: Session, mine: Facts, draft: EventDraft, doc: Document, ref: ReferenceView, claimed: set[int]
) -> tuple[int, float, dict[str, float]] | None:
    best: tuple[int, float, dict[str, float]] | None = None
    best_lead = ""
    found = [c for c in _candidates(session, mine, draft, doc, ref) if c[0] not in claimed]
    # Shared wording weighs at most WORDS_WEIGHT: read quotes only where it can decide.
    hopeful = []
    for event_id, theirs in found:
        result = match(theirs, mine, same_document=False)
        if result is not None and result[0] + WORDS_WEIGHT >= MERGE_THRESHOLD:
            hopeful.append((event_id, theirs))
    words, leads = _quotes(session, [event_id for event_id, _t in hopeful])
    for event_id, theirs in hopeful:
        theirs.words = words.get(event_id, frozenset())
        lead = leads.get(event_id, "")
        result = match(theirs, mine, same_document=False)
        if result is None or result[0] < MERGE_THRESHOLD:
            continue
        # Ties go to the event whose lead sorts first: the one a sequential run made first.
        if best is None or result[0] > best[1] or (result[0] == best[1] and lead < best_lead):
            best, best_lead = (event_id, result[0], result[1]), lead
    return best


def _quotes(session: Session, ids: list[int]) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    """For each event: the content words of its quotes, and its lead source's file name.

    The lead is compared in Python, never with SQL ``min``: PostgreSQL's collation may sort
    names differently from SQLite and from Python.
    """
    words: dict[int, frozenset[str]] = {}
    leads: dict[int, str] = {}
    if not ids:
        return words, leads
    length = EventSource.quote_end - EventSource.quote_start
    quote = func.substr(Source.text, EventSource.quote_start + 1, length)
    for event_id, snippet, file_name in session.connection().execute(
        select(EventSource.event_id, quote, Source.file_name)
        .join(Source, Source.id == EventSource.source_id)
        .where(EventSource.event_id.in_(ids))
    ):
        words[event_id] = words.get(event_id, frozenset()) | content_words(snippet or "")
        leads[event_id] = min(leads.get(event_id, file_name), file_name)
    return words, leads


def _candidates(
    session: Session, mine: Facts, draft: EventDraft, doc: Document, ref: ReferenceView
) -> Iterable[tuple[int, Facts]]:
    """Events this reading may report, each with its facts (quote words not read yet)."""
    line = [k for k in mine.place_line if k]
    place_ids = list(location_ids(session, line).values()) if line else []
    # Every filter here admits a pair in either order exactly when merge.match could accept
    # it, so which of two reports arrives first never decides whether they merge.
    conditions = []
    if mine.aggregate is not None:  # an event without figures is neither incident nor statistic
        no_figures = and_(*(getattr(Event, kind).is_(None) for kind in KINDS))
        conditions.append(or_(Event.aggregate == mine.aggregate, no_figures))
    published = doc.meta.published
    recent = None
    if published is not None and published.resolved:
        assert published.start and published.end
        window = dt.timedelta(days=120)
        # Events reported within the window of this publication (intervals: a "2021" source too).
        recent = (
            select(EventSource.event_id)
            .join(Source, Source.id == EventSource.source_id)
            .where(
                # The lower bound only lets the index stop early: a publication interval spans a year at most.
                Source.published_start >= published.start - window - dt.timedelta(days=366),
                Source.published_end >= published.start - window,
                Source.published_start <= published.end + window,
            )
        )
    if not mine.date.resolved:
        if recent is None:
            return []
        conditions.append(Event.id.in_(recent))
    else:
        overlap = and_(Event.date_start <= mine.date.end, Event.date_end >= mine.date.start)
        if recent is None:
            conditions.append(overlap)
        else:  # an undated event only when reported near this publication, as the reverse requires
            conditions.append(or_(overlap, and_(Event.date_start.is_(None), Event.id.in_(recent))))
    if place_ids and ref.place_kind(mine.place or "") != "country":
        # The same place, a place around it, a place inside it (down two levels: country >
        # state > town), or no place at all. Symmetric, as merge.match is: a reading at town
        # level finds a country-level event exactly when the reverse holds, in either order.
        # (A country-level reading takes every place: match() rules out other countries.)
        own = select(Location.id).where(Location.key == mine.place)
        inside = select(Location.id).where(Location.parent_id.in_(own))
        near = select(Location.id).where(
            or_(Location.id.in_(place_ids), Location.parent_id.in_(own), Location.parent_id.in_(inside))
        )
        conditions.append(or_(Event.location_id.is_(None), Event.location_id.in_(near)))
    rows = (
        session.connection()
        .execute(
            select(
                Event.id,
                Event.date_start,
                Event.date_end,
                Event.date_precision,
                Event.match_key,
                Event.aggregate,
                Event.killed,
                Event.injured,
                Event.abducted,
                Event.disappeared,
                Location.key,
            )
            .outerjoin(Location, Location.id == Event.location_id)
            .where(*conditions)
            .order_by(Event.id)
            .limit(CANDIDATE_LIMIT)
        )
        .all()
    )
    if not rows:
        return []
    ids = [r.id for r in rows]
    actors: dict[int, list[tuple[str, str, bool]]] = {}
    for event_id, key, role, generic in session.connection().execute(
        select(EventActor.event_id, Actor.key, EventActor.role, Actor.generic)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(ids))
    ):
        actors.setdefault(event_id, []).append((key, role, bool(generic)))
    out = []
    for r in rows:
        linked = actors.get(r.id, [])
        figures = {k: getattr(r, k) for k in KINDS if getattr(r, k) is not None}
        out.append(
            (
                r.id,
                Facts(
                    date=Interval(r.date_start, r.date_end, Precision(r.date_precision)),
                    place=r.key,
                    place_line=ref.place_line(r.key),
                    perpetrators=frozenset(k for k, role, g in linked if role == "perpetrator" and not g),
                    actors=frozenset(k for k, _role, g in linked if not g),
                    classes=frozenset(c for c in (r.match_key or "").split(",") if c),
                    figures=figures,
                    aggregate=bool(r.aggregate) if figures else None,
                ),
            )
        )
    return out

"""Undoing a cross-source merge: one source's reading moved back out into an event of its own.

A merge is recorded in ``event_merges`` (rule, score, what matched). Undoing it
moves that source's quotes and casualty figures to a new event dated by the
source's own reading, removes the merge record, and recomputes both events.
The new event keeps the merged event's type, place and actors (links are not
kept per source), which a later re-ingest of the document refines. Its date
columns (the width class, the actor links' date copies) are consistent from the
insert; ``refresh_event`` then redates it from its reading.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from timeline.db import lock_writers
from timeline.errors import InputError
from timeline.models import CasualtyFigure, Event, EventActor, EventMerge, EventSource, Source
from timeline.store import refresh_event
from timeline.tables import date_width


def unmerge(session: Session, event_id: int, document: str) -> int:
    """Move ``document``'s reading of event ``event_id`` into a new event; return the new event's id."""
    lock_writers(session)  # it changes events that any ingest may be matching (timeline.locks)
    event = session.get(Event, event_id)
    if event is None:
        raise InputError(f"No event {event_id} (list events with 'timeline chronology')")
    source_id = session.scalar(
        select(Source.id)
        .join(EventMerge, EventMerge.source_id == Source.id)
        .where(EventMerge.event_id == event_id, Source.file_name == document)
    )
    if source_id is None:
        merged = session.scalars(
            select(Source.file_name)
            .join(EventMerge, EventMerge.source_id == Source.id)
            .where(EventMerge.event_id == event_id)
        ).all()
        hint = ", ".join(merged) if merged else "none"
        raise InputError(
            f"Event {event_id} has no merge from {document!r} "
            f"(merged documents: {hint}; see 'timeline show {event_id}')"
        )
    values = {
        c.key: getattr(event, c.key)
        for c in Event.__table__.columns
        if c.key not in ("id", "killed", "injured", "abducted", "disappeared")
    }
    values["date_width"] = date_width(values["date_start"], values["date_end"])
    new_id = int(session.execute(insert(Event).returning(Event.id), [values]).scalar_one())
    session.execute(
        update(EventSource)
        .where(EventSource.event_id == event_id, EventSource.source_id == source_id)
        .values(event_id=new_id)
    )
    session.execute(
        update(CasualtyFigure)
        .where(CasualtyFigure.event_id == event_id, CasualtyFigure.source_id == source_id)
        .values(event_id=new_id)
    )
    links = session.execute(
        select(EventActor.actor_id, EventActor.role).where(EventActor.event_id == event_id)
    ).all()
    if links:
        dates = {"date_start": values["date_start"], "date_end": values["date_end"]}
        session.execute(
            insert(EventActor),
            [{"event_id": new_id, "actor_id": a, "role": r, **dates} for a, r in links],
        )
    session.execute(
        delete(EventMerge).where(EventMerge.event_id == event_id, EventMerge.source_id == source_id)
    )
    refresh_event(session, event_id)
    refresh_event(session, new_id)
    return new_id

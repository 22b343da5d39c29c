"""One event with all its evidence: each source's quotes, reading of the date, own figures, merges.

``show_event`` returns the contract EVENT (as ``timeline export`` writes it) plus
``merges`` (how other sources' reports were joined to it) and ``evidence``: per source,
its metadata, its own date reading, its own casualty figures (with the words they came
from) and its quotes split into plain and highlighted segments (date, actor, place,
figure) so any renderer can style them without knowing offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.errors import InputError
from timeline.models import (
    Actor,
    ActorAlias,
    CasualtyFigure,
    Event,
    EventActor,
    EventSource,
    Location,
    LocationAlias,
    Source,
)
from timeline.query import event_records, merges_of
from timeline.reports import published_at

HIGHLIGHT_ORDER = ("date", "figure", "actor", "place")  # who wins when spans overlap


def show_event(session: Session, event_id: int) -> dict[str, Any]:
    """The event ``event_id`` with merges and per-source evidence; InputError when there is none."""
    records = event_records(session, [event_id]) if session.get(Event, event_id) is not None else []
    if not records:
        raise InputError(f"No event {event_id} (list events with 'timeline chronology')")
    data = dict(records[0].data)
    event = session.get(Event, event_id)
    data["confidence"] = event.confidence if event is not None else None
    data["merges"] = merges_of(session, event_id)
    data["evidence"] = _evidence(session, event_id)
    return data


def _evidence(session: Session, event_id: int) -> list[dict[str, Any]]:
    actor_re = _alias_pattern(_actor_aliases(session, event_id))
    place_re = _alias_pattern(_place_aliases(session, event_id))
    figures_by_source: dict[int, list[CasualtyFigure]] = {}
    for f in session.scalars(
        select(CasualtyFigure).where(CasualtyFigure.event_id == event_id).order_by(CasualtyFigure.span_start)
    ):
        figures_by_source.setdefault(f.source_id, []).append(f)
    out: dict[int, dict[str, Any]] = {}
    links = session.execute(
        select(EventSource, Source).join(Source, Source.id == EventSource.source_id)
        .where(EventSource.event_id == event_id).order_by(Source.id, EventSource.quote_start)
    ).all()
    for link, src in links:
        figures = figures_by_source.get(src.id, [])
        entry = out.get(src.id)
        if entry is None:
            entry = out[src.id] = _source_entry(src, link, figures)
        spans = [(s, e, "figure") for s, e in ((f.span_start, f.span_end) for f in figures)]
        if link.date_span_start is not None and link.date_span_end is not None:
            spans.append((link.date_span_start, link.date_span_end, "date"))
        entry["quotes"].append(_quote(src.text, link.quote_start, link.quote_end, spans, actor_re, place_re))
    return list(out.values())


def _source_entry(src: Source, link: EventSource, figures: list[CasualtyFigure]) -> dict[str, Any]:
    return {
        "document": src.file_name, "title": src.title, "publisher": src.publisher,
        "published": published_at(src.published_start, src.published_precision),
        "url": src.url, "language": src.language,
        "date": {
            "start": link.date_start.isoformat() if link.date_start else None,
            "end": link.date_end.isoformat() if link.date_end else None,
            "precision": link.date_precision or "unknown", "text": link.date_text,
        },
        "figures": [
            {
                "kind": f.kind, "count": f.best, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                "victims": f.victims, "part_of": f.part_of_id is not None,
                "text": src.text[f.span_start : f.span_end], "start": f.span_start, "end": f.span_end,
            }
            for f in figures
        ],
        "quotes": [],
    }


def _actor_aliases(session: Session, event_id: int) -> list[str]:
    ids = select(EventActor.actor_id).where(EventActor.event_id == event_id)
    names = set(session.scalars(select(Actor.name).where(Actor.id.in_(ids))))
    names |= set(session.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id.in_(ids))))
    return sorted(names)


def _place_aliases(session: Session, event_id: int) -> list[str]:
    """Names of the event's place and the places above it (a quote may name the state only)."""
    location_id = session.scalar(select(Event.location_id).where(Event.id == event_id))
    chain: list[int] = []
    while location_id is not None and location_id not in chain and len(chain) < 6:
        chain.append(location_id)
        location_id = session.scalar(select(Location.parent_id).where(Location.id == location_id))
    if not chain:
        return []
    names = set(session.scalars(select(Location.name).where(Location.id.in_(chain))))
    names |= set(session.scalars(select(LocationAlias.alias).where(LocationAlias.location_id.in_(chain))))
    return sorted(names)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFKD", c)
    return base[0] if base and not unicodedata.combining(base[0]) else c


def fold(text: str) -> str:
    """Accents off, one character for one (offsets stay valid): "Andrés" -> "Andres"."""
    return "".join(_fold_char(c) for c in text)


def _alias_pattern(aliases: list[str]) -> re.Pattern[str] | None:
    words = sorted({fold(a) for a in aliases if len(a) > 1}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def _quote(
    text: str, start: int, end: int, spans: list[tuple[int, int, str]],
    actor_re: re.Pattern[str] | None, place_re: re.Pattern[str] | None,
) -> dict[str, Any]:
    """The quote as segments ``{"text", "kind"}`` (kind None for plain text); absolute offsets kept."""
    quote = text[start:end]
    found = [(max(s, start), min(e, end), kind) for s, e, kind in spans if s < end and e > start]
    for pattern, kind in ((actor_re, "actor"), (place_re, "place")):
        if pattern is not None:
            found += [(start + m.start(), start + m.end(), kind) for m in pattern.finditer(fold(quote))]
    found.sort(key=lambda x: (HIGHLIGHT_ORDER.index(x[2]), x[0], -(x[1] - x[0])))
    chosen: list[tuple[int, int, str]] = []
    for s, e, kind in found:
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, kind))
    chosen.sort()
    segments: list[dict[str, Any]] = []
    cursor = start
    for s, e, kind in chosen:
        if s > cursor:
            segments.append({"text": text[cursor:s], "kind": None})
        segments.append({"text": text[s:e], "kind": kind})
        cursor = e
    if cursor < end:
        segments.append({"text": text[cursor:end], "kind": None})
    return {"start": start, "end": end, "text": quote, "segments": segments}


__all__ = ["show_event"]

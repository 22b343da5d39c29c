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

from sqlalchemy import Connection, select

from timeline import tables
from timeline.errors import InputError
from timeline.query import ACT, CF, EA, ES, SRC, E, event_records, merges_of
from timeline.reports import LA, LOC, published_at

AA = tables.actor_aliases.c

HIGHLIGHT_ORDER = ("date", "figure", "actor", "place")  # who wins when spans overlap

Row = Any  # a Row of the columns read below


def show_event(conn: Connection, event_id: int) -> dict[str, Any]:
    """The event ``event_id`` with merges and per-source evidence; InputError when there is none."""
    found = conn.execute(select(E.confidence).where(E.id == event_id)).first()
    if found is None:
        raise InputError(f"No event {event_id} (list events with 'timeline chronology')")
    data = dict(event_records(conn, [event_id])[0].data)
    data["confidence"] = found.confidence
    data["merges"] = merges_of(conn, event_id)
    data["evidence"] = _evidence(conn, event_id)
    return data


_LINK_COLUMNS = (
    ES.quote_start, ES.quote_end, ES.date_start, ES.date_end, ES.date_precision, ES.date_text,
    ES.date_span_start, ES.date_span_end,
    SRC.id.label("source_id"), SRC.file_name, SRC.title, SRC.publisher, SRC.published_start,
    SRC.published_precision, SRC.url, SRC.language, SRC.text,
)  # fmt: skip


def _evidence(conn: Connection, event_id: int) -> list[dict[str, Any]]:
    actor_re = _alias_pattern(_actor_aliases(conn, event_id))
    place_re = _alias_pattern(_place_aliases(conn, event_id))
    figures_by_source: dict[int, list[Row]] = {}
    claims = select(tables.casualty_figures).where(CF.event_id == event_id).order_by(CF.span_start)
    for f in conn.execute(claims):
        figures_by_source.setdefault(f.source_id, []).append(f)
    out: dict[int, dict[str, Any]] = {}
    links = conn.execute(
        select(*_LINK_COLUMNS).join(tables.sources, SRC.id == ES.source_id)
        .where(ES.event_id == event_id).order_by(SRC.id, ES.quote_start)
    ).all()  # fmt: skip
    for link in links:
        figures = figures_by_source.get(link.source_id, [])
        entry = out.get(link.source_id)
        if entry is None:
            entry = out[link.source_id] = _source_entry(link, figures)
        spans = [(s, e, "figure") for s, e in ((f.span_start, f.span_end) for f in figures)]
        if link.date_span_start is not None and link.date_span_end is not None:
            spans.append((link.date_span_start, link.date_span_end, "date"))
        entry["quotes"].append(_quote(link.text, link.quote_start, link.quote_end, spans, actor_re, place_re))
    return list(out.values())


def _source_entry(link: Row, figures: list[Row]) -> dict[str, Any]:
    """A source's metadata, its own reading of the date and its own figures (``link``: _LINK_COLUMNS)."""
    return {
        "document": link.file_name, "title": link.title, "publisher": link.publisher,
        "published": published_at(link.published_start, link.published_precision),
        "url": link.url, "language": link.language,
        "date": {
            "start": link.date_start.isoformat() if link.date_start else None,
            "end": link.date_end.isoformat() if link.date_end else None,
            "precision": link.date_precision or "unknown", "text": link.date_text,
        },
        "figures": [
            {
                "kind": f.kind, "count": f.best, "low": f.low, "high": f.high, "qualifier": f.qualifier,
                "victims": f.victims, "part_of": f.part_of_id is not None,
                "text": link.text[f.span_start : f.span_end], "start": f.span_start, "end": f.span_end,
            }
            for f in figures
        ],
        "quotes": [],
    }


def _actor_aliases(conn: Connection, event_id: int) -> list[str]:
    ids = select(EA.actor_id).where(EA.event_id == event_id)
    names = set(conn.scalars(select(ACT.name).where(ACT.id.in_(ids))))
    names |= set(conn.scalars(select(AA.alias).where(AA.actor_id.in_(ids))))
    return sorted(names)


def _place_aliases(conn: Connection, event_id: int) -> list[str]:
    """Names of the event's place and the places above it (a quote may name the state only)."""
    location_id = conn.scalar(select(E.location_id).where(E.id == event_id))
    chain: list[int] = []
    while location_id is not None and location_id not in chain and len(chain) < 6:
        chain.append(location_id)
        location_id = conn.scalar(select(LOC.parent_id).where(LOC.id == location_id))
    if not chain:
        return []
    names = set(conn.scalars(select(LOC.name).where(LOC.id.in_(chain))))
    names |= set(conn.scalars(select(LA.alias).where(LA.location_id.in_(chain))))
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

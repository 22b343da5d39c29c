"""Cross-source matching: the stored events a new reading may report, and the best of them.

The candidate filters admit a pair of readings in either order exactly when ``merge.match``
may accept it, so which of two reports arrives first never decides whether they merge.
Quote words and lead names are read only for candidates that could still pass.

The events whose dates overlap the reading's are read as one bounded index range per
width class (``models.date_width``): an event at most ``WIDTH_DAYS[w]`` days wide that
overlaps ``[start, end]`` starts in ``[start - WIDTH_DAYS[w], end]``. So the search
reads the events near the reading's date, not every earlier event, however large the
database grows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from timeline.driver import Driver, placeholders
from timeline.extract.events import EventDraft
from timeline.extract.merge import MERGE_THRESHOLD, Facts, content_words, match
from timeline.extract.model import Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.models import WIDE, WIDTH_DAYS
from timeline.places import PlaceTree

KINDS = ("killed", "injured", "abducted", "disappeared")
CANDIDATE_LIMIT = 300
WORDS_WEIGHT = 0.2  # the most shared wording adds to a merge score (see merge.match)
RECENT_DAYS = 120  # an undated event is a candidate when reported this near the publication

_COLUMNS = (
    "e.id, e.date_start, e.date_end, e.date_precision, e.match_key, e.aggregate, "
    "e.killed, e.injured, e.abducted, e.disappeared, e.location_id"
)
# Events reported by a source published near this one (a publication interval spans a
# year at most, so the lower bound on its start only lets the index stop early).
_RECENT = (
    "SELECT es.event_id FROM event_sources es JOIN sources s ON s.id = es.source_id "
    "WHERE s.published_start >= ? AND s.published_end >= ? AND s.published_start <= ?"
)
_NO_FIGURES = " AND ".join(f"e.{kind} IS NULL" for kind in KINDS)


def best_candidate(
    db: Driver, mine: Facts, draft: EventDraft, doc: Document, ref: ReferenceView, claimed: set[int]
) -> tuple[int, float, dict[str, float]] | None:
    best: tuple[int, float, dict[str, float]] | None = None
    best_lead = ""
    found = [c for c in _candidates(db, mine, doc, ref) if c[0] not in claimed]
    # Shared wording weighs at most WORDS_WEIGHT: read quotes only where it can decide.
    hopeful = []
    for event_id, theirs in found:
        result = match(theirs, mine, same_document=False)
        if result is not None and result[0] + WORDS_WEIGHT >= MERGE_THRESHOLD:
            hopeful.append((event_id, theirs))
    words, leads = _quotes(db, [event_id for event_id, _t in hopeful])
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


def _quotes(db: Driver, ids: list[int]) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    """For each event: the content words of its quotes, and its lead source's file name.

    The lead is compared in Python, never with SQL ``min``: PostgreSQL's collation may sort
    names differently from SQLite and from Python.
    """
    words: dict[int, frozenset[str]] = {}
    leads: dict[int, str] = {}
    if not ids:
        return words, leads
    rows = db.rows(
        "SELECT es.event_id, substr(s.text, es.quote_start + 1, es.quote_end - es.quote_start), s.file_name "
        "FROM event_sources es JOIN sources s ON s.id = es.source_id "
        f"WHERE es.event_id IN ({placeholders(len(ids))})",
        ids,
    )
    for event_id, snippet, file_name in rows:
        words[event_id] = words.get(event_id, frozenset()) | content_words(snippet or "")
        leads[event_id] = min(leads.get(event_id, file_name), file_name)
    return words, leads


def _candidates(db: Driver, mine: Facts, doc: Document, ref: ReferenceView) -> list[tuple[int, Facts]]:
    """Events this reading may report, each with its facts (quote words not read yet)."""
    tree = PlaceTree.of(db)
    # Every filter here admits a pair in either order exactly when merge.match could accept
    # it, so which of two reports arrives first never decides whether they merge.
    where, params = _place_and_kind(db, tree, mine, ref)
    recent = _recent_window(db, doc)
    branches: list[tuple[str, list[Any]]] = []
    if not mine.date.resolved:
        if recent is None:
            return []
        branches.append((f"e.id IN ({_RECENT})", recent))
    else:
        assert mine.date.start is not None and mine.date.end is not None
        start, end = mine.date.start, mine.date.end
        for width, days in enumerate(WIDTH_DAYS):
            low = _shift(start, -days)
            branches.append(
                (
                    "e.date_width = ? AND e.date_start >= ? AND e.date_start <= ? AND e.date_end >= ?",
                    [width, db.date(low), db.date(end), db.date(start)],
                )
            )
        branches.append(
            (
                "e.date_width = ? AND e.date_start <= ? AND e.date_end >= ?",
                [WIDE, db.date(end), db.date(start)],
            )
        )
        if (
            recent is not None
        ):  # an undated event only when reported near this publication, as the reverse requires
            branches.append((f"e.date_start IS NULL AND e.id IN ({_RECENT})", recent))
    sql = " UNION ALL ".join(f"SELECT {_COLUMNS} FROM events e WHERE {cond}{where}" for cond, _ in branches)
    rows = db.rows(
        f"{sql} ORDER BY 1 LIMIT {CANDIDATE_LIMIT}",
        [p for _cond, branch in branches for p in (*branch, *params)],
    )
    if not rows:
        return []
    actors = _actors(db, [r[0] for r in rows])
    out = []
    for event_id, start_, end_, precision, match_key, aggregate, *figures_, location_id in rows:
        linked = actors.get(event_id, [])
        figures = {k: v for k, v in zip(KINDS, figures_, strict=True) if v is not None}
        key = tree.key(db, location_id)
        out.append(
            (
                event_id,
                Facts(
                    date=Interval(db.to_date(start_), db.to_date(end_), Precision(precision)),
                    place=key,
                    place_line=ref.place_line(key),
                    perpetrators=frozenset(k for k, role, g in linked if role == "perpetrator" and not g),
                    actors=frozenset(k for k, _role, g in linked if not g),
                    classes=frozenset(c for c in (match_key or "").split(",") if c),
                    figures=figures,
                    aggregate=bool(aggregate) if figures else None,
                ),
            )
        )
    return out


def _place_and_kind(db: Driver, tree: PlaceTree, mine: Facts, ref: ReferenceView) -> tuple[str, list[Any]]:
    """The conditions every branch shares: incident or statistic, and the place."""
    where = ""
    params: list[Any] = []
    if mine.aggregate is not None:  # an event without figures is neither incident nor statistic
        where += f" AND (e.aggregate = ? OR ({_NO_FIGURES}))"
        params.append(mine.aggregate)
    line = [k for k in mine.place_line if k]
    line_ids = [i for i in (tree.id(db, k) for k in line) if i is not None]
    if line_ids and ref.place_kind(mine.place or "") != "country":
        # The same place, a place around it, a place inside it (down two levels: country >
        # state > town), or no place at all. Symmetric, as merge.match is: a reading at town
        # level finds a country-level event exactly when the reverse holds, in either order.
        # (A country-level reading takes every place: match() rules out other countries.)
        own = tree.id(db, mine.place) if mine.place else None
        near = sorted(set(line_ids) | tree.below(own, levels=2))
        where += f" AND (e.location_id IS NULL OR e.location_id IN ({placeholders(len(near))}))"
        params += near
    return where, params


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (a hostile "year 1" or "9999")."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _recent_window(db: Driver, doc: Document) -> list[Any] | None:
    """The parameters of ``_RECENT`` for this document's publication date, if it has one."""
    published = doc.meta.published
    if published is None or not published.resolved:
        return None
    assert published.start and published.end
    return [
        db.date(_shift(published.start, -RECENT_DAYS - 366)),
        db.date(_shift(published.start, -RECENT_DAYS)),
        db.date(_shift(published.end, RECENT_DAYS)),
    ]


def _actors(db: Driver, ids: list[int]) -> dict[int, list[tuple[str, str, bool]]]:
    """Each event's linked actors: (key, role, generic)."""
    actors: dict[int, list[tuple[str, str, bool]]] = {}
    rows = db.rows(
        "SELECT ea.event_id, a.key, ea.role, a.generic FROM event_actors ea "
        f"JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id IN ({placeholders(len(ids))})",
        ids,
    )
    for event_id, key, role, generic in rows:
        actors.setdefault(event_id, []).append((key, role, bool(generic)))
    return actors

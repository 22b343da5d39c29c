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
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from timeline.driver import Driver, Row, placeholders
from timeline.extract.merge import MERGE_THRESHOLD, Facts, content_words, match
from timeline.extract.model import UNKNOWN_DATE, Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.models import CASUALTY_KINDS as KINDS
from timeline.models import WIDE, WIDTH_DAYS
from timeline.places import PlaceKeys

CANDIDATE_LIMIT = 300
WORDS_WEIGHT = 0.2  # the most shared wording adds to a merge score (see merge.match)
RECENT_DAYS = 120  # an undated event is a candidate when reported this near the publication

_COLUMNS = (
    "e.id, e.date_start, e.date_end, e.date_precision, e.match_key, e.aggregate, "
    "e.killed, e.injured, e.abducted, e.disappeared, e.location_id"
)
_FIGURES_END = 10  # _COLUMNS: row[6:10] are the figures,
_LOCATION = 10  # row[10] the place (and, from _reported_near, its parent and grandparent)
_PLACE_JOINS = " LEFT JOIN locations l ON l.id = e.location_id LEFT JOIN locations lp ON lp.id = l.parent_id"
_NO_FIGURES = " AND ".join(f"e.{kind} IS NULL" for kind in KINDS)


class Matcher:
    """One document's search for the stored events its readings report.

    The events reported near the document's publication date (the candidates of an
    undated reading, and the undated candidates of a dated one) are read once per
    document: within it only the events its readings merge into change, and those are
    claimed, never candidates again.
    """

    def __init__(self, db: Driver, doc: Document, ref: ReferenceView) -> None:
        self.db, self.doc, self.ref = db, doc, ref
        self.places = PlaceKeys.of(db)
        self._near: dict[bool, _Near] = {}  # undated only? -> rows

    def best(self, mine: Facts, claimed: set[int]) -> tuple[int, float, dict[str, float]] | None:
        """The stored event this reading reports (id, score, details), if any."""
        best: tuple[int, float, dict[str, float]] | None = None
        best_lead = ""
        # Shared wording weighs at most WORDS_WEIGHT: read quotes only where it can decide.
        hopeful = []
        for event_id, theirs in self._candidates(mine, claimed):
            result = match(theirs, mine, same_document=False)
            if result is not None and result[0] + WORDS_WEIGHT >= MERGE_THRESHOLD:
                hopeful.append((event_id, theirs))
        words, leads = _quotes(self.db, [event_id for event_id, _t in hopeful])
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

    def _candidates(self, mine: Facts, claimed: set[int]) -> list[tuple[int, Facts]]:
        """The first CANDIDATE_LIMIT unclaimed events this reading may report, with their facts
        (quote words not read yet)."""
        db = self.db
        # Every filter here admits a pair in either order exactly when merge.match could accept
        # it, so which of two reports arrives first never decides whether they merge.
        place = _Place.of(self.places, db, mine, self.ref)
        rows: list[Row] = []
        if mine.date.resolved:
            rows = self._overlapping(mine, place, CANDIDATE_LIMIT + len(claimed))
        rows += self._reported_near(undated=mine.date.resolved).admitted(place, mine)
        rows = sorted((r for r in rows if r[0] not in claimed), key=lambda r: r[0])[:CANDIDATE_LIMIT]
        # Events of another kind of happening cannot match (merge.match's first test after the
        # aggregate one): dropped before their actors are read and their facts built.
        families = mine.families
        rows = [r for r in rows if _families(r[4]) & families]
        if not rows:
            return []
        actors = _actors(db, [r[0] for r in rows])
        return [(r[0], self._facts(r, actors.get(r[0], []))) for r in rows]

    def _overlapping(self, mine: Facts, place: _Place, limit: int) -> list[Row]:
        """The dated events whose dates overlap the reading's, in the right place and kind:
        one bounded index range per width class."""
        db = self.db
        assert mine.date.start is not None and mine.date.end is not None
        start, end = db.date(mine.date.start), db.date(mine.date.end)
        where, params = place.sql(mine)
        arms: list[tuple[str, list[Any]]] = []
        for width, days in enumerate(WIDTH_DAYS):
            arms.append(
                (
                    f"SELECT {_COLUMNS} FROM events e{place.joins} WHERE e.date_width = ? "
                    f"AND e.date_start >= ? AND e.date_start <= ? AND e.date_end >= ?{where}",
                    [width, db.date(_shift(mine.date.start, -days)), end, start, *params],
                )
            )
        arms.append(
            (
                f"SELECT {_COLUMNS} FROM events e{place.joins} WHERE e.date_width = ? "
                f"AND e.date_start <= ? AND e.date_end >= ?{where}",
                [WIDE, end, start, *params],
            )
        )
        return db.rows(  # the limit a parameter: one statement text, prepared once on PostgreSQL
            " UNION ALL ".join(sql for sql, _ in arms) + " ORDER BY 1 LIMIT ?",
            [*(p for _sql, arm in arms for p in arm), limit],
        )

    def _reported_near(self, *, undated: bool) -> _Near:
        """Events reported by a source published near this document: undated ones for a dated
        reading (as the reverse requires), all of them for an undated one. Read from the
        sources (CROSS JOIN keeps SQLite's join order), not by testing every undated event;
        for undated ones, only the sources' links to undated events (``event_undated``)."""
        if undated not in self._near:
            window = _recent_window(self.db, self.doc)
            sql = (
                f"SELECT DISTINCT {_COLUMNS}, l.parent_id, lp.parent_id "
                f"FROM sources s CROSS JOIN event_sources es CROSS JOIN events e{_PLACE_JOINS} "
                "WHERE es.source_id = s.id AND e.id = es.event_id "
                "AND s.published_start >= ? AND s.published_end >= ? AND s.published_start <= ?"
            )
            if window is not None and undated:
                # Only the links to undated events (the index's second column), not every event.
                sql += " AND es.event_undated = ? AND e.date_start IS NULL"
                window = [*window, True]
            self._near[undated] = _Near([] if window is None else self.db.rows(sql, window))
        return self._near[undated]

    def _facts(self, row: Row, linked: list[tuple[str, str, bool]]) -> Facts:
        _id, start, end, precision, match_key, aggregate, *figures_ = row[:_FIGURES_END]
        figures = {k: v for k, v in zip(KINDS, figures_, strict=True) if v is not None}
        key = self.places.key(self.db, row[_LOCATION])
        return Facts(
            date=Interval(self.db.to_date(start), self.db.to_date(end), _PRECISION[precision]),
            place=key,
            place_line=_place_line(self.ref, key),
            perpetrators=frozenset(k for k, role, g in linked if role == "perpetrator" and not g),
            actors=frozenset(k for k, _role, g in linked if not g),
            classes=frozenset(c for c in (match_key or "").split(",") if c),
            figures=figures,
            aggregate=bool(aggregate) if figures else None,
        )


class _Place:
    """A reading's place and kind filter, in SQL (dated arms) and in Python (events reported near).

    The same place, a place around it, a place inside it (down two levels: country > state >
    town), or no place at all. Symmetric, as merge.match is: a reading at town level finds a
    country-level event exactly when the reverse holds, in either order. (A country-level
    reading takes every place: match() rules out other countries.) Inside is tested on the
    event's place and its parent, not with the hundreds of towns of a state as parameters.
    """

    __slots__ = ("line_ids", "own", "joins")

    def __init__(self, line_ids: list[int], own: int | None) -> None:
        self.line_ids, self.own = line_ids, own
        self.joins = _PLACE_JOINS if own is not None else ""

    @classmethod
    def of(cls, places: PlaceKeys, db: Driver, mine: Facts, ref: ReferenceView) -> _Place:
        line_ids = [i for i in (places.id(db, k) for k in mine.place_line if k) if i is not None]
        if not line_ids or ref.place_kind(mine.place or "") == "country":
            return cls([], None)
        return cls(line_ids, places.id(db, mine.place) if mine.place else None)

    def sql(self, mine: Facts) -> tuple[str, list[Any]]:
        where = ""
        params: list[Any] = []
        if mine.aggregate is not None:  # an event without figures is neither incident nor statistic
            where += f" AND (e.aggregate = ? OR ({_NO_FIGURES}))"
            params.append(mine.aggregate)
        if self.line_ids:
            near = f"e.location_id IS NULL OR e.location_id IN ({placeholders(len(self.line_ids))})"
            params += self.line_ids
            if self.own is not None:
                near += " OR l.parent_id = ? OR lp.parent_id = ?"
                params += [self.own, self.own]
            where += f" AND ({near})"
        return where, params

    def kind_admits(self, row: Row, mine: Facts) -> bool:
        """``sql``'s incident-or-statistic condition on a row of ``Matcher._reported_near``."""
        has_figures = any(v is not None for v in row[6:_FIGURES_END])
        return mine.aggregate is None or bool(row[5]) == mine.aggregate or not has_figures


class _Near:
    """The events reported near a document, grouped by their place and its parent and
    grandparent, so that each reading looks only at those in places it admits (at 10,000
    articles a document has hundreds, and each of its readings a few places)."""

    __slots__ = ("rows", "_by_place", "_by_ancestor")

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self._by_place: dict[int | None, list[Row]] = {}
        self._by_ancestor: dict[int, list[Row]] = {}
        for row in rows:
            self._by_place.setdefault(row[_LOCATION], []).append(row)
            for ancestor in {row[_LOCATION + 1], row[_LOCATION + 2]} - {None}:
                self._by_ancestor.setdefault(ancestor, []).append(row)

    def admitted(self, place: _Place, mine: Facts) -> list[Row]:
        """``_Place.sql``'s conditions applied to these rows."""
        if not place.line_ids:
            chosen: Iterable[Row] = self.rows
        else:
            picked: dict[int, Row] = {}
            for location in (None, *place.line_ids):
                picked.update((r[0], r) for r in self._by_place.get(location, ()))
            if place.own is not None:
                picked.update((r[0], r) for r in self._by_ancestor.get(place.own, ()))
            chosen = picked.values()
        return [r for r in chosen if place.kind_admits(r, mine)]


def _quotes(db: Driver, ids: list[int]) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    """For each event: the content words of its quotes, and its lead source's file name.

    The words are stored with each quote; a quote stored without them (written by an
    older version) has them computed from its source's text.
    The lead is compared in Python, never with SQL ``min``: PostgreSQL's collation may sort
    names differently from SQLite and from Python.
    """
    words: dict[int, frozenset[str]] = {}
    leads: dict[int, str] = {}
    if not ids:
        return words, leads
    # Each source looked up by its key: with a join, PostgreSQL (its statistics lagging a
    # growing table) hashed every source, text and all, for a few quotes.
    rows = db.rows(
        "SELECT es.event_id, (SELECT s.file_name FROM sources s WHERE s.id = es.source_id), "
        "es.quote_words, CASE WHEN es.quote_words IS NULL THEN (SELECT substr(s.text, "
        "es.quote_start + 1, es.quote_end - es.quote_start) FROM sources s WHERE s.id = es.source_id) END "
        f"FROM event_sources es WHERE es.event_id IN ({placeholders(len(ids))})",
        ids,
    )
    for event_id, file_name, stored, snippet in rows:
        quote = frozenset(stored.split()) if stored is not None else content_words(snippet or "")
        words[event_id] = words.get(event_id, frozenset()) | quote
        leads[event_id] = min(leads.get(event_id, file_name), file_name)
    return words, leads


_PRECISION = {p.value: p for p in Precision}


@lru_cache(maxsize=1024)
def _families(match_key: str | None) -> frozenset[str]:
    """The trigger families of a stored event's classes (its match key)."""
    return Facts(date=UNKNOWN_DATE, classes=frozenset(c for c in (match_key or "").split(",") if c)).families


@lru_cache(maxsize=4096)
def _place_line(ref: ReferenceView, key: str | None) -> tuple[str, ...]:
    return ref.place_line(key)


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (a hostile "year 1" or "9999")."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _recent_window(db: Driver, doc: Document) -> list[Any] | None:
    """The publication window of the sources "near" this document's (bounds on
    ``published_start`` and ``published_end``), if it has a publication date."""
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

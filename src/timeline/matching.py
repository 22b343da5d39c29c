"""Cross-source matching: the stored events a new reading may report, and the best of them.

A reading's candidates are the events in the places it admits (its own, the places around
it, those inside it two levels down, or no place; a country-level or unplaced reading admits
every place) and of a kind it may match, whose dates overlap its own, or, when either has no
date, that were first reported near its publication date. The search reads each index
range in order up to a limit (``_Arm``), so what it reads, builds and scores stays bounded
however dense the coverage of one region and month grows: of each range, at most
``CANDIDATE_LIMIT`` events; of each group (first reported near it; overlapping its dates),
the ``CANDIDATE_LIMIT`` nearest in date, then the earliest stored. Only a search of every
place for events first reported near a date reads its whole range (no index serves it).

The filters admit a pair of readings in either order exactly when ``merge.match`` may
accept it; only the caps are one-sided, and they bind only where one range (a region, a
width class) holds more candidates than that. Quote words are read only for candidates that could still
pass, and lead names only to break a tie.

Each search is a few bounded index ranges: one region's events overlapping a date are one
range of ``ix_events_region_date`` per width class (``tables.date_width``: an event at most
``WIDTH_DAYS[w]`` days wide that overlaps ``[start, end]`` starts in ``[start -
WIDTH_DAYS[w], end]``), read from its end back; one region's events first reported near a
date, two ranges of ``ix_events_region_reported`` read outward from it. Both indexes hold
the id after the date, so ties are read in order too. A search's arms and statement depend
only on the reading's place, kind and whether it is dated, so each such shape is built once
per connection (``Matcher._search``) and its dates are filled in per reading (``_Slot``).
"""

from __future__ import annotations

import datetime as dt
import heapq
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from timeline.driver import Driver, Row, placeholders
from timeline.extract.merge import (
    MERGE_THRESHOLD,
    Facts,
    content_words,
    family_classes,
    match,
    parts,
    rescored,
    total,
)
from timeline.extract.model import Document, Interval, Precision
from timeline.extract.reference_view import ReferenceView
from timeline.places import PlaceKeys
from timeline.tables import CASUALTY_KINDS as KINDS
from timeline.tables import WIDE, WIDTH_DAYS

CANDIDATE_LIMIT = 30  # events scored per reading, of each kind (dated, undated)
WORDS_WEIGHT = 0.2  # the most shared wording adds to a merge score (see merge.match)
RECENT_DAYS = 120  # an undated reading or event matches what was first reported this near

_COLUMNS = (
    "e.id, e.date_start, e.date_end, e.date_precision, e.match_key, e.aggregate, "
    "e.killed, e.injured, e.abducted, e.disappeared, e.location_id"
)
_FIGURES_END = 10  # _COLUMNS: row[6:10] are the figures,
_LOCATION = 10  # row[10] the place
_RANKED = "{arm}, e.id, e.location_id"  # what the search ranks on: (arm, id, place, distance, date)
_LATEST_REPORTED = "e.reported_on DESC, e.id DESC"
_NO_FIGURES = " AND ".join(f"e.{kind} IS NULL" for kind in KINDS)


class Matcher:
    """One document's search for the stored events its readings report."""

    def __init__(self, db: Driver, doc: Document, ref: ReferenceView, seen: Seen | None = None) -> None:
        self.db, self.doc, self.ref = db, doc, ref
        self.places = PlaceKeys.of(db)
        self.window = _recent_window(db, doc)
        # What was read of a candidate, kept for the document's later readings: the events
        # its readings merge into are claimed (never candidates again) and its new events are
        # written after the last reading, so no candidate changes while the document is stored.
        # On SQLite, kept for the ingest's later documents too (``Seen``).
        self._facts, self._words = _read(db, seen)
        self._prepared: dict[int, tuple[int, list[Row]]] = {}  # by reading (``prepare``): (limit, rows)

    def forget(self, event_id: int) -> None:
        """This event was changed (a merge): what was read of it is stale."""
        self._facts.pop(event_id, None)
        self._words.pop(event_id, None)

    def forget_all(self) -> None:
        """Events anywhere may have changed (a document replaced)."""
        self._facts.clear()
        self._words.clear()

    def best(self, mine: Facts, claimed: set[int]) -> tuple[int, float, dict[str, float]] | None:
        """The stored event this reading reports (id, score, details), if any."""
        # Shared wording weighs at most WORDS_WEIGHT: read words only where it can decide.
        hopeful = []
        for event_id, theirs in self._candidates(mine, claimed):
            found = parts(theirs, mine, same_document=False)
            if found is not None and total(found) + WORDS_WEIGHT >= MERGE_THRESHOLD:
                hopeful.append((event_id, theirs, found))
        unread = [event_id for event_id, _t, _p in hopeful if event_id not in self._words]
        if unread:
            words = _words(self.db, unread)
            self._words.update((event_id, words.get(event_id, frozenset())) for event_id in unread)
        passed: list[tuple[int, float, Facts]] = []
        for event_id, theirs, found in hopeful:
            theirs.words = self._words[event_id]
            rescore = rescored(found, theirs.words, mine.words)  # only the words' part changes
            if rescore >= MERGE_THRESHOLD:
                passed.append((event_id, rescore, theirs))
        if not passed:
            return None
        top = max(found for _id, found, _facts in passed)
        tied = [p for p in passed if p[1] == top]
        if len(tied) > 1:
            # Ties go to the event whose lead sorts first: the one a sequential run made first.
            leads = _leads(self.db, [event_id for event_id, _s, _f in tied])
            tied.sort(key=lambda p: (leads.get(p[0], ""), p[0]))
        event_id, _top, theirs = tied[0]
        result = match(theirs, mine, same_document=False)
        assert result is not None
        return event_id, *result

    def _candidates(self, mine: Facts, claimed: set[int]) -> list[tuple[int, Facts]]:
        """The nearest unclaimed events this reading may report, with their facts (quote words
        not read yet): at most CANDIDATE_LIMIT first reported near it (undated ones, for a dated
        reading), then at most CANDIDATE_LIMIT overlapping its dates.

        Each arm (one index range: a place range and a width class, or a side of the
        publication date) yields its first CANDIDATE_LIMIT admitted, unclaimed events in its
        own order (``_Arm``), so the rows read stay bounded however dense a region's coverage
        grows; of those, each group keeps the CANDIDATE_LIMIT nearest in date, then the
        earliest stored. One statement reads every arm's rows (ids, places, distances, sorted
        here: in SQL the sorting cost more than the few rows), one reads the chosen whole
        (those this document's earlier readings have not read).
        """
        db = self.db
        if not mine.families:  # merge.match's first test after the aggregate one
            return []
        search = self._search(mine)
        place, arms = search.place, search.arms
        if not arms:
            return []
        # SQL cannot see the claimed events nor every place test: ask for that many more, and
        # again for more where an arm came back full but short of admitted rows (rare). A
        # search ``prepare`` made asked for at least as many: its rows serve, as the first of
        # a range are the same rows whatever the limit.
        limit = CANDIDATE_LIMIT + len(claimed)
        prepared = self._prepared.pop(id(mine), None)
        while True:
            if prepared is not None and prepared[0] >= limit:
                (limit, rows), prepared = prepared, None
            else:
                rows = db.rows(search.sql, search.bound(self._values(mine, limit)))
            found = _found(arms, rows, place, claimed)
            if all(n < limit or len(f) >= CANDIDATE_LIMIT or arm.whole
                   for arm, (n, f) in zip(arms, found, strict=True)):  # fmt: skip
                break
            limit *= 4
        ids = _nearest(arms, found, CANDIDATE_LIMIT)
        self._read_events([i for i in ids if i not in self._facts])
        return [(i, self._facts[i]) for i in ids]

    def prepare(self, readings: list[Facts]) -> None:
        """Search for the candidates of all the document's readings at once, then read what
        they are (facts, actors, words), so that ``best`` mostly finds them read: on
        PostgreSQL two round trips to the server for the document, not about three a reading
        (1,000 articles: storing 16.3-17.2 -> 10.6-12.9 ms a document, the server's CPU -20%).

        Each search asks for as many more rows as the document has other readings (as many
        as they can claim), and its candidates are read to that many more of each range and
        group, so that the candidates a reading has once earlier ones claimed events are
        among them. ``best`` reads whatever is still missing, so the outcome is the same.
        On SQLite, where a statement is no round trip, reading that many more cost 15-20% of
        storing at 30,000 articles: ``store`` prepares on PostgreSQL only.
        """
        slack = len(readings) - 1
        limit = CANDIDATE_LIMIT + slack
        searches = [(mine, self._search(mine)) for mine in readings if mine.families]
        searches = [(mine, search) for mine, search in searches if search.arms]
        statements = [(search.sql, search.bound(self._values(mine, limit))) for mine, search in searches]
        ids: set[int] = set()
        for (mine, search), rows in zip(searches, self.db.rows_together(statements), strict=True):
            self._prepared[id(mine)] = (limit, rows)
            found = _found(search.arms, rows, search.place, set())
            ids.update(_nearest(search.arms, found, CANDIDATE_LIMIT + slack))
        self._read_events(sorted(i for i in ids if i not in self._facts), words=True)

    def _read_events(self, ids: list[int], words: bool = False) -> None:
        """Read these events' facts (and quote words) for the document's readings."""
        if not ids:
            return
        db = self.db
        chosen, params = db.among("e.id", ids)
        linked, linked_params = db.among("ea.event_id", ids)
        statements = [
            (f"SELECT {_COLUMNS} FROM events e WHERE {chosen}", params),
            (_ACTORS + linked, linked_params),
        ]
        if words:
            statements.append((f"SELECT e.id, e.quote_words FROM events e WHERE {chosen}", params))
        rows, actor_rows, *word_rows = db.rows_together(statements)  # one round trip on PostgreSQL
        actors: dict[int, list[tuple[str, str, bool]]] = {}
        for event_id, key, role, generic in actor_rows:
            actors.setdefault(event_id, []).append((key, role, bool(generic)))
        for row in rows:
            self._facts[row[0]] = self._facts_of(row, actors.get(row[0], []))
        for event_id, stored in word_rows[0] if word_rows else ():
            if stored is not None:  # else computed from its quotes when needed (_words)
                self._words[event_id] = frozenset(stored.split())

    def _search(self, mine: Facts) -> _Search:
        """The search for a reading of this place, kind and dating (its arms and statement),
        built once per connection: it depends on nothing else, and the places never change
        (``places.PlaceKeys``); the dates are parameters (``_values``)."""
        shape = (mine.place, mine.families, mine.aggregate, mine.date.resolved, self.window is not None)
        searches: dict[tuple[Any, ...], _Search] = self._cached()[2]
        found = searches.get(shape)
        if found is None:
            place = self._place(mine)
            arms = self._reported(mine, place, undated_only=mine.date.resolved) if self.window else []
            if mine.date.resolved:
                arms += self._overlapping(mine, place)
            found = searches[shape] = _Search(self.db, place, arms)
        return found

    def regions(self, mine: Facts) -> list[int] | None:
        """The regions whose events this reading's search reads (and events of no region),
        its own event's among them; None: every region (a country-level or unplaced reading)."""
        return self._place(mine).regions

    def _place(self, mine: Facts) -> _Place:
        places: dict[str | None, _Place] = self._cached()[3]  # one per place: a state's holds its towns
        return places.get(mine.place) or places.setdefault(
            mine.place, _Place.of(self.places, self.db, mine, self.ref)
        )

    def _cached(self) -> _Cached:
        """The connection's searches and places, for these places and this reference data."""
        cached: Any = self.db.cache.get("searches")  # (places, reference, searches, _Places)
        current = cached is not None and cached[0] is self.places and cached[1] is self.ref
        if not current or len(cached[2]) > _SEARCHES:
            cached = self.db.cache["searches"] = (self.places, self.ref, {}, {})
        return cached  # type: ignore[no-any-return]

    def _values(self, mine: Facts, limit: int) -> dict[_Slot, Any]:
        """The reading's and the document's dates, and the rows asked of each range, for the
        slots of a search's parameters."""
        db = self.db
        values: dict[_Slot, Any] = {LIMIT: limit}
        if self.window is not None:
            values[LOW], values[HIGH], values[PUBLISHED] = self.window
        if mine.date.resolved:
            assert mine.date.start is not None and mine.date.end is not None
            values[START], values[END] = db.date(mine.date.start), db.date(mine.date.end)
            for slot, days in zip(_EARLIEST, WIDTH_DAYS, strict=True):
                values[slot] = db.date(_shift(mine.date.start, -days))
        return values

    def _overlapping(self, mine: Facts, place: _Place) -> list[_Arm]:
        """The dated events whose dates overlap the reading's, in the places and of the kind it
        admits (group 1): one index range per width class and place range, read from the
        reading's end back (an overlapping event starts on or before it)."""
        db = self.db
        near = f"{db.days_from('e.date_start')} + {db.days_from('e.date_end')}"
        kind, kind_params = place.kind_sql(db, mine)
        arms: list[_Arm] = []
        for where, where_params in place.arms(db):
            for width, earliest in enumerate((*_EARLIEST, None)):
                arms.append(
                    _Arm(
                        1,
                        f"SELECT {_RANKED}, {near}, e.date_start FROM events e "
                        f"WHERE {where} AND e.date_width = ? "
                        + ("" if earliest is None else "AND e.date_start >= ? ")
                        + f"AND e.date_start <= ? AND e.date_end >= ?{kind}",
                        [START, END, *where_params, width if earliest is not None else WIDE,
                         *([] if earliest is None else [earliest]), END, START, *kind_params],
                        order="e.date_start DESC, e.id DESC",
                        key=_by_start,
                        latest=True,
                    )
                )  # fmt: skip
        return arms

    def _reported(self, mine: Facts, place: _Place, *, undated_only: bool) -> list[_Arm]:
        """The events first reported near this document's publication, in the places and of the
        kind the reading admits (group 0): the undated ones for a dated reading (as the reverse
        requires), all of them for an undated one. Per place range, two index ranges read
        outward from the publication date: those first reported on or after it, and before."""
        db = self.db
        kind, kind_params = place.kind_sql(db, mine)
        undated = " AND e.date_width IS NULL" if undated_only else ""
        near = db.days_from("e.reported_on")
        if place.regions is None:  # every place: from the sources published then (no index on the date alone)
            return [
                _Arm(
                    0,
                    f"SELECT DISTINCT {_RANKED}, {near}, e.date_start "
                    "FROM sources s CROSS JOIN event_sources es CROSS JOIN events e "
                    "WHERE s.published_start >= ? AND s.published_start <= ? "
                    "AND es.source_id = s.id AND e.id = es.event_id "
                    f"AND e.reported_on >= ? AND e.reported_on <= ?{undated}{kind}",
                    [PUBLISHED, LOW, HIGH, LOW, HIGH, *kind_params],
                )
            ]
        select = f"SELECT {_RANKED}, {near}, e.reported_on FROM events e WHERE "  # from the index alone
        arms = []
        for where, where_params in place.arms(db):
            sides = (  # on or after the publication date, nearest first; before it, nearest first
                ("e.reported_on >= ? AND e.reported_on <= ?", [PUBLISHED, HIGH], "e.reported_on, e.id"),
                ("e.reported_on >= ? AND e.reported_on < ?", [LOW, PUBLISHED], _LATEST_REPORTED),
            )
            for (bounds, span, order), key in zip(sides, (_by_distance, _by_distance_latest), strict=True):
                arms.append(
                    _Arm(0, f"{select}{where} AND {bounds}{undated}{kind}",
                         [PUBLISHED, *where_params, *span, *kind_params], order=order, key=key)
                )  # fmt: skip
        return arms

    def _facts_of(self, row: Row, linked: list[tuple[str, str, bool]]) -> Facts:
        _id, start, end, precision, match_key, aggregate, *figures_ = row[:_FIGURES_END]
        figures = {k: v for k, v in zip(KINDS, figures_, strict=True) if v is not None}
        key = self.places.key(self.db, row[_LOCATION])
        return Facts(
            date=Interval(self.db.to_date(start), self.db.to_date(end), _PRECISION[precision]),
            place=key,
            place_line=_place_line(self.ref, key),
            perpetrators=frozenset(k for k, role, g in linked if role == "perpetrator" and not g),
            actors=frozenset(k for k, _role, g in linked if not g),
            classes=_classes(match_key),
            figures=figures,
            aggregate=bool(aggregate) if figures else None,
        )


def _found(
    arms: list[_Arm], rows: list[Row], place: _Place, claimed: set[int]
) -> list[tuple[int, list[Row]]]:
    """Per arm of a search, how many rows it returned, and those of them admitted and not
    claimed, in its order."""
    returned = [0] * len(arms)
    kept: list[list[Row]] = [[] for _arm in arms]
    for row in rows:
        returned[row[0]] += 1
        if row[1] not in claimed and place.admits(row[2]):
            kept[row[0]].append(row)
    return list(zip(returned, kept, strict=True))


def _nearest(arms: list[_Arm], found: list[tuple[int, list[Row]]], cap: int) -> list[int]:
    """The events a search chose: of each arm, its first ``cap`` rows; of each group, the
    ``cap`` nearest in date, then the earliest stored."""
    groups: tuple[list[Row], list[Row]] = ([], [])
    for arm, (_n, rows) in zip(arms, found, strict=True):
        groups[arm.group].extend(arm.first(rows, cap))
    return [r[1] for group in groups for r in heapq.nsmallest(cap, group, key=_by_distance)]


def _by_distance(row: Row) -> tuple[float, int]:
    """A ranked row's (arm, id, place, distance, start): nearest first, then the earliest stored."""
    return (row[3], row[1])


class _Arm:
    """One index range of a candidate search, read in its index's order up to a limit.

    Its rows are (arm, id, place, distance, date); ``first`` picks the first
    CANDIDATE_LIMIT of its admitted, unclaimed rows in the same order, ``key`` (``order``
    in SQL, which the index holds: the date, then the id). The events of a width class
    overlapping the reading: latest start first, then the latest stored (those of a class
    narrower than the reading, "in 2019" against that year's day events, are all about as
    near as each other). The events first reported on or after the publication date: the
    nearest first, then the earliest stored; before it: the nearest, then the latest stored.
    Without ``order``, the arm reads its whole range, nearest first.
    """

    __slots__ = ("group", "select", "params", "order", "key", "latest")

    def __init__(
        self,
        group: int,
        select: str,
        params: list[Any],
        order: str | None = None,
        key: Callable[[Row], Any] = _by_distance,
        latest: bool = False,
    ) -> None:
        self.group, self.select, self.order = group, sys.intern(select), order  # one text for many shapes
        self.params = params if self.whole else [*params, LIMIT]  # values and _Slots
        self.key, self.latest = key, latest

    @property
    def whole(self) -> bool:
        return self.order is None

    def sql(self, number: int) -> str:
        select = self.select.replace("{arm}", str(number), 1)
        if self.whole:
            return select
        return f"SELECT * FROM ({select} ORDER BY {self.order} LIMIT ?) AS arm{number}"

    def first(self, rows: list[Row], cap: int = CANDIDATE_LIMIT) -> list[Row]:
        if len(rows) <= cap:  # all of them (the group's ranking orders them)
            return rows
        pick = heapq.nlargest if self.latest else heapq.nsmallest
        return pick(cap, rows, key=self.key)


class _Search:
    """The arms of one shape of search (``Matcher._search``) and their statement."""

    __slots__ = ("place", "arms", "sql", "params", "slots")

    def __init__(self, db: Driver, place: _Place, arms: list[_Arm]) -> None:
        self.place, self.arms = place, arms
        # Each date, place list and class list once, though every arm tests it: 165
        # parameters become about 12.
        union = " UNION ALL ".join(arm.sql(i) for i, arm in enumerate(arms))
        sql, self.params = db.numbered(union, [p for arm in arms for p in arm.params])
        # Equal texts and slot lists are kept once: many shapes (places, kinds) share them
        # (449 shapes, 36 statement texts at 1,000 articles).
        self.sql = sys.intern(sql)
        slots = tuple((i, p) for i, p in enumerate(self.params) if isinstance(p, _Slot))
        if len(_SLOTS) > _SEARCHES:
            _SLOTS.clear()
        self.slots = _SLOTS.setdefault(slots, slots)
        for arm in arms:  # in self.params now: an arm's own are not needed again
            arm.params = []

    def bound(self, values: dict[_Slot, Any]) -> list[Any]:
        """The statement's parameters, the slots filled from ``values`` (the dates, the limit)."""
        params = self.params.copy()
        for i, slot in self.slots:
            params[i] = values[slot]
        return params


class _Slot:
    """A search parameter that each reading fills in: one of its dates, or the limit."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


START, END, PUBLISHED, LOW, HIGH, LIMIT = map(_Slot, ("start", "end", "published", "low", "high", "limit"))
_EARLIEST = tuple(_Slot(f"start - {days} days") for days in WIDTH_DAYS)  # where each width class begins
_Cached = tuple[PlaceKeys, ReferenceView, dict[tuple[Any, ...], "_Search"], dict[str | None, "_Place"]]
_SEARCHES = 1024  # search shapes kept per connection (a place, a kind, dated or not): ~5 KB each
_SLOTS: dict[Any, tuple[tuple[int, _Slot], ...]] = {}  # slot lists (where each slot goes), each kept once


_FACTS = 16_384  # events whose facts one ingest keeps on SQLite (about 1 KB each)


class Seen:
    """What was read of stored events (their facts, their quotes' words, by id), kept across
    one ingest's documents on SQLite.

    Nothing else writes while the ingest's transaction is open (BEGIN IMMEDIATE), and what
    the ingest changes it forgets (``Matcher.forget``); between its transactions, ``PRAGMA
    data_version`` tells whether another connection committed (then it is all dropped, as
    when the ingest's transaction comes on another connection). Three in four candidates a
    document reads were read by an earlier document (1,000 articles into 20,000). On
    PostgreSQL other writers change events while a transaction is open: what was read is
    kept for one document only.
    """

    __slots__ = ("where", "facts", "words")

    def __init__(self) -> None:
        self.where: tuple[int, Any] | None = None  # (connection, data_version)
        self.facts: dict[int, Facts] = {}
        self.words: dict[int, frozenset[str]] = {}

    def clear(self) -> None:
        self.where = None
        self.facts.clear()
        self.words.clear()


def _read(db: Driver, seen: Seen | None) -> tuple[dict[int, Facts], dict[int, frozenset[str]]]:
    """The facts and words this document may reuse, and where it keeps what it reads."""
    if seen is None or db.postgres:
        return {}, {}
    where = (db.connection_key, db.scalar("PRAGMA data_version"))
    if seen.where != where or len(seen.facts) > _FACTS:
        seen.clear()
        seen.where = where
    return seen.facts, seen.words


def _by_start(row: Row) -> tuple[Any, int]:
    return (row[4], row[1])


def _by_distance_latest(row: Row) -> tuple[float, int]:
    return (row[3], -row[1])


class _Place:
    """The places a reading admits, as SQL conditions on ``events e`` and a test on its rows.

    The same place, a place around it, a place inside it (down two levels: country > state >
    town), or no place at all. Symmetric, as merge.match is: a reading at town level finds a
    country-level event exactly when the reverse holds, in either order. A country-level or
    unplaced reading admits every place (match() rules out other countries).

    Read by region (``events.region_id``): every admitted place lies in the region of one of
    the reading's places, so a state-level reading reads one region, not its hundreds of
    towns one by one; the places are tested in the index (a short list) and on the rows.
    """

    __slots__ = ("regions", "admitted")

    SHORT = 64  # admitted places tested in SQL too, up to this many

    def __init__(self, regions: list[int] | None, admitted: frozenset[int]) -> None:
        self.regions, self.admitted = regions, admitted  # regions None: every place

    @classmethod
    def of(cls, places: PlaceKeys, db: Driver, mine: Facts, ref: ReferenceView) -> _Place:
        line_ids = [i for i in (places.id(db, k) for k in mine.place_line if k) if i is not None]
        if not line_ids or ref.place_kind(mine.place or "") == "country":
            return cls(None, frozenset())
        own = places.id(db, mine.place) if mine.place else None
        admitted = frozenset({*line_ids, *(places.below(own) if own is not None else ())})
        return cls(sorted({r for r in map(places.region, line_ids) if r is not None}), admitted)

    def arms(self, db: Driver) -> list[tuple[str, list[Any]]]:
        """The place conditions, one index range each (read in order): each region, and no place."""
        if self.regions is None:
            return [("1 = 1", [])]
        places, more = "", list[Any]()
        if len(self.admitted) <= self.SHORT:
            places, more = db.among("e.location_id", sorted(self.admitted))
            places = f" AND {places}"
        regions = [(f"e.region_id = ?{places}", [r, *more]) for r in self.regions]
        return [*regions, ("e.region_id IS NULL", [])]

    def admits(self, location: int | None) -> bool:
        return self.regions is None or location is None or location in self.admitted

    @staticmethod
    def kind_sql(db: Driver, mine: Facts) -> tuple[str, list[Any]]:
        """A trigger class of the reading's families; and an incident matches no statistic (an
        event without figures is neither)."""
        classes = sorted(family_classes(mine.families))
        params: list[Any]
        if db.postgres:  # one array parameter: one statement text whatever the classes
            sql, params = " AND string_to_array(e.match_key, ',') && ?", [classes]
        else:
            # instr, not LIKE ?: SQLite prepares a statement again for every pattern bound to a LIKE
            sql = " AND (" + " OR ".join(["instr(',' || e.match_key || ',', ?) > 0"] * len(classes)) + ")"
            params = [f",{c}," for c in classes]
        if mine.aggregate is not None:
            sql += f" AND (e.aggregate = ? OR ({_NO_FIGURES}))"
            params.append(mine.aggregate)
        return sql, params


def _words(db: Driver, ids: list[int]) -> dict[int, frozenset[str]]:
    """The content words of each event's quotes: stored on the event, or, where an older
    version did not store them, computed from its quotes (their stored words, else the text)."""
    words: dict[int, frozenset[str]] = {}
    if not ids:
        return words
    missing = []
    chosen, params = db.among("id", ids)
    for event_id, stored in db.rows(f"SELECT id, quote_words FROM events WHERE {chosen}", params):
        if stored is None:
            missing.append(event_id)
        else:
            words[event_id] = frozenset(stored.split())
    if missing:
        rows = db.rows(
            "SELECT es.event_id, es.quote_words, CASE WHEN es.quote_words IS NULL THEN "
            "(SELECT substr(s.text, es.quote_start + 1, es.quote_end - es.quote_start) "
            "FROM sources s WHERE s.id = es.source_id) END "
            f"FROM event_sources es WHERE es.event_id IN ({placeholders(len(missing))})",
            missing,
        )
        for event_id, stored, snippet in rows:
            quote = frozenset(stored.split()) if stored is not None else content_words(snippet or "")
            words[event_id] = words.get(event_id, frozenset()) | quote
    return words


def _leads(db: Driver, ids: list[int]) -> dict[int, str]:
    """Each event's lead source's file name (the first in code-point order).

    Compared in Python, never with SQL ``min``: PostgreSQL's collation may sort names
    differently from SQLite and from Python. Each source is looked up by its key: with a
    join, PostgreSQL (its statistics lagging a growing table) hashed every source, text and
    all, for a few quotes.
    """
    leads: dict[int, str] = {}
    rows = db.rows(
        "SELECT es.event_id, (SELECT s.file_name FROM sources s WHERE s.id = es.source_id) "
        f"FROM event_sources es WHERE es.event_id IN ({placeholders(len(ids))})",
        ids,
    )
    for event_id, file_name in rows:
        leads[event_id] = min(leads.get(event_id, file_name), file_name)
    return leads


_PRECISION = {p.value: p for p in Precision}


@lru_cache(maxsize=1024)
def _classes(match_key: str | None) -> frozenset[str]:
    return frozenset(c for c in (match_key or "").split(",") if c)


@lru_cache(maxsize=4096)
def _place_line(ref: ReferenceView, key: str | None) -> tuple[str, ...]:
    return ref.place_line(key)


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (a hostile "year 1" or "9999")."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def _recent_window(db: Driver, doc: Document) -> tuple[Any, Any, Any] | None:
    """The days an event first reported "near" this document was first reported in (low,
    high), and its publication date, if it has one."""
    published = doc.meta.published
    if published is None or not published.resolved:
        return None
    assert published.start and published.end
    return (
        db.date(_shift(published.start, -RECENT_DAYS)),
        db.date(_shift(published.end, RECENT_DAYS)),
        db.date(published.start),
    )


# Each chosen event's linked actors: (event, key, role, generic)
_ACTORS = (
    "SELECT ea.event_id, a.key, ea.role, a.generic "
    "FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE "
)

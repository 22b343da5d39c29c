"""When two readings are one real event: the single rule used within a document
and across documents.

Two readings match when their dates overlap, their places are compatible (the
same, or one inside the other), their perpetrators do not contradict, their
trigger classes agree, and their casualty figures do not conflict (within one
document; across sources differing figures are kept as each source's claim).
The score says how strongly; the details say why, so a merge can be explained
and undone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from timeline.extract.model import Interval, Precision

STOPWORDS = frozenset(
    """a an the and or of in on at to for from by with as is was were be been being has have had
    that this these those it its their his her they he she we you our your which who whom whose
    not no but if then than so such into over after before since during while about also more most
    said says told reported according el la los las de del en y o que por con para un una unos unas
    se su sus al lo es fue fueron ha han""".split()  # noqa: SIM905 (a word list reads better as text)
)
_WORD_RE = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

# Trigger classes that describe the same kind of happening.
_FAMILIES = {
    "clash": "violence",
    "attack": "violence",
    "kill": "violence",
    "explosion": "violence",
    "territory": "violence",
    "abduction": "violence",
    "property": "violence",
    "arrest": "arrest",
    "threat": "threat",
    "policy": "policy",
    "uprising": "uprising",
    "protest": "protest",
    "riot": "violence",
}

MERGE_THRESHOLD = 0.55


@lru_cache(maxsize=256)
def family_classes(families: frozenset[str]) -> frozenset[str]:
    """The trigger classes of these families (a class outside ``_FAMILIES`` is its own family)."""
    return frozenset({c for c, f in _FAMILIES.items() if f in families} | (families - _FAMILIES.keys()))


@lru_cache(maxsize=8192)  # storing asks again for the words of the sentences the reading just used
def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.group(0).lower() for m in _WORD_RE.finditer(text)) if w not in STOPWORDS)


@dataclass(slots=True)
class Facts:
    """What a merge decision needs to know about one reading of an event."""

    date: Interval
    place: str | None = None
    place_line: tuple[str, ...] = ()  # the place and its ancestors, most specific first
    perpetrators: frozenset[str] = frozenset()  # non-generic actor keys
    actors: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    figures: dict[str, int] = field(default_factory=dict)  # kind -> top-level total
    aggregate: bool | None = False  # None: no figures, so neither incident nor statistic
    words: frozenset[str] = frozenset()
    families: frozenset[str] = field(init=False)  # the classes' families, which every comparison tests
    # The date as every comparison tests it (None: unresolved): its loosened first and last
    # day as ordinals, its length in days, and whether it is a day. A search compares one
    # reading with dozens of stored events: the Intervals are not rebuilt for each pair.
    span: tuple[int, int, int, bool] | None = field(init=False)

    def __post_init__(self) -> None:
        self.families = frozenset(_FAMILIES.get(c, c) for c in self.classes)
        self.span = _span(self.date)


def _span(i: Interval) -> tuple[int, int, int, bool] | None:
    """``Facts.span``. An approximate date ("two weeks since", "about a year ago") is
    loosened by its tolerance: a third of its length, at least two days, on each side."""
    if i.start is None or i.end is None:
        return None
    first, last = i.start.toordinal(), i.end.toordinal()
    days = last - first + 1
    if i.approximate:
        margin = max(2, days // 3)
        first, last = first - margin, last + margin  # ordinals: no overflow at the calendar's ends
    return first, last, days, i.precision == Precision.DAY


def _place_score(a: Facts, b: Facts) -> float | None:
    if a.place is None or b.place is None:
        return 0.4
    if a.place == b.place:
        return 1.0
    if a.place in b.place_line or b.place in a.place_line:
        return 0.7
    return None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def match(a: Facts, b: Facts, *, same_document: bool) -> tuple[float, dict[str, float]] | None:
    """The score (0..1) that a and b are one event, with its parts; None when they cannot be."""
    parts = _parts(a, b, same_document)
    if parts is None:
        return None
    date, place, actors, figures, words, classes = parts
    details = {
        "date": round(date, 3),
        "place": round(place, 3),
        "actors": round(actors, 3),
        "figures": figures,
        "words": round(words, 3),
        "classes": classes,
    }
    return _score(parts), details


def score(a: Facts, b: Facts, *, same_document: bool) -> float | None:
    """``match``'s score alone (what a search for the best of many candidates needs)."""
    parts = _parts(a, b, same_document)
    return None if parts is None else _score(parts)


Parts = tuple[float, float, float, float, float, float]


def parts(a: Facts, b: Facts, *, same_document: bool) -> Parts | None:
    """The parts ``score`` adds up (None when a and b cannot be one event)."""
    return _parts(a, b, same_document)


def rescored(found: Parts, a_words: frozenset[str], b_words: frozenset[str]) -> float:
    """``score`` of the pair ``found`` came from, with these words: every part but the words'
    is the same (what a search needs once it has read a candidate's words)."""
    date, place, actors, figures, _words, classes = found
    return _score((date, place, actors, figures, _jaccard(a_words, b_words), classes))


def total(found: Parts) -> float:
    """``score`` from its parts."""
    return _score(found)


def _parts(a: Facts, b: Facts, same_document: bool) -> Parts | None:
    if a.aggregate is not None and b.aggregate is not None and a.aggregate != b.aggregate:
        return None
    if a.families.isdisjoint(b.families):
        return None
    x, y = a.span, b.span  # the dates: overlapping (loosened), and how alike in length
    if x is None or y is None:
        if same_document:
            return None
        date = 0.3  # an unknown date neither confirms nor contradicts
    elif x[0] > y[1] or y[0] > x[1]:
        return None
    elif x[3] and y[3]:
        date = 1.0
    else:
        date = 0.4 + 0.6 * (x[2] / y[2] if x[2] <= y[2] else y[2] / x[2])
    place = _place_score(a, b)
    if place is None:
        return None
    if a.perpetrators and b.perpetrators and a.perpetrators.isdisjoint(b.perpetrators):
        return None
    figures = 0.5  # no kind in common
    if a.figures and b.figures:
        shared_kinds = a.figures.keys() & b.figures.keys()
        if shared_kinds:
            conflict = any(a.figures[k] != b.figures[k] for k in shared_kinds)
            if conflict and same_document:
                return None
            figures = 0.2 if conflict else 1.0
    actors = _jaccard(a.actors, b.actors) if (a.actors and b.actors) else 0.3
    return date, place, actors, figures, _jaccard(a.words, b.words), _classes_score(a.classes, b.classes)


@lru_cache(maxsize=1024)
def _classes_score(a: frozenset[str], b: frozenset[str]) -> float:
    return round(_jaccard(a, b), 3)


def _score(found: Parts) -> float:
    date, place, actors, figures, words, classes = found
    total = (
        0.25 * date
        + 0.15 * place
        + 0.15 * actors
        + 0.15 * figures
        + 0.2 * min(1.0, words * 3)
        + 0.1 * classes
    )
    return round(min(total, 1.0), 3)


def narrowest(intervals: list[Interval]) -> Interval | None:
    """The most precise resolved reading among several (ties: the finer precision)."""
    resolved = [i for i in intervals if i.resolved]
    if not resolved:
        return None
    from timeline.extract.model import PRECISION_RANK

    return min(resolved, key=lambda i: (i.days or 0, PRECISION_RANK[i.precision], i.approximate))

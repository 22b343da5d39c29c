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

import datetime as dt
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

    def __post_init__(self) -> None:
        self.families = frozenset(_FAMILIES.get(c, c) for c in self.classes)


def _loosened(i: Interval) -> Interval:
    """An approximate date ("two weeks since", "about a year ago") with its tolerance: a
    third of its length, at least two days, on each side."""
    if not i.approximate or not i.resolved:
        return i
    assert i.start and i.end
    margin = dt.timedelta(days=max(2, ((i.end - i.start).days + 1) // 3))
    return Interval(i.start - margin, i.end + margin, i.precision, True)


def _date_score(a: Interval, b: Interval) -> float | None:
    if not (a.resolved and b.resolved):
        return 0.3  # an unknown date neither confirms nor contradicts
    if not _loosened(a).overlaps(_loosened(b)):
        return None
    assert a.days and b.days
    narrow, wide = sorted((a.days, b.days))
    if a.precision == b.precision == Precision.DAY:
        return 1.0
    return 0.4 + 0.6 * (narrow / wide)


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
    if not (a.families & b.families):
        return None
    date = _date_score(a.date, b.date)
    place = _place_score(a, b)
    if date is None or place is None:
        return None
    if same_document and not (a.date.resolved and b.date.resolved):
        return None
    if a.perpetrators and b.perpetrators and not (a.perpetrators & b.perpetrators):
        return None
    shared_kinds = set(a.figures) & set(b.figures)
    conflict = any(a.figures[k] != b.figures[k] for k in shared_kinds)
    if conflict and same_document:
        return None
    figures = 0.5 if not shared_kinds else (0.2 if conflict else 1.0)
    actors = _jaccard(a.actors, b.actors) if (a.actors and b.actors) else 0.3
    return date, place, actors, figures, _jaccard(a.words, b.words), round(_jaccard(a.classes, b.classes), 3)


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

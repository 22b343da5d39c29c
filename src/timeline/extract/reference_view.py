"""What the events stage asks of the reference data: actor types, place kinds and lines."""

from __future__ import annotations

from collections import Counter
from functools import cache

from timeline.extract.model import Document

_KIND_RANK = {"site": 0, "locality": 1, "admin2": 2, "admin1": 3, "country": 4}


class ReferenceView:
    """A read-only view of the actors and places gazetteer for the events stage."""

    def __init__(self, actors: dict, places: dict) -> None:  # type: ignore[type-arg]
        self._actors = actors
        self._places = places

    def actor_type(self, key: str) -> str:
        record = self._actors.get(key)
        if record is None:
            return "criminal_group" if key.startswith("discovered:") else "other"
        return str(record.type)

    def actor_generic(self, key: str) -> bool:
        record = self._actors.get(key)
        if record is None:
            return not key.startswith("discovered:")
        return bool(getattr(record, "generic", False))

    def place_kind(self, key: str) -> str:
        record = self._places.get(key)
        return str(record.kind) if record is not None else "site"

    def place_line(self, key: str | None) -> tuple[str, ...]:
        line: list[str] = []
        while key and key not in line:
            line.append(key)
            record = self._places.get(key)
            key = record.parent if record is not None else None
        return tuple(line)

    def most_specific(self, keys: list[str]) -> str | None:
        if not keys:
            return None
        return min(keys, key=lambda k: (_KIND_RANK.get(self.place_kind(k), 5), keys.index(k)))

    def dominant_place(self, doc: Document) -> str | None:
        """The place a document is about, for events whose sentences name none.

        The country with the most mentions (its states and towns count for it);
        within it, a state that holds at least half of them (and is named at
        least twice); else the country itself.
        """
        counts = Counter(p.key for p in doc.places)
        if not counts:
            return None
        by_country: Counter[str] = Counter()
        by_state: Counter[str] = Counter()
        for key, n in counts.items():
            line = self.place_line(key)
            country = next((k for k in line if self.place_kind(k) == "country"), None)
            state = next((k for k in line if self.place_kind(k) == "admin1"), None)
            if country:
                by_country[country] += n
            if state:
                by_state[state] += n
        if not by_country:
            return counts.most_common(1)[0][0]
        country, total = by_country.most_common(1)[0]
        states = [(k, n) for k, n in by_state.most_common() if country in self.place_line(k)]
        if states and states[0][1] >= 2 and states[0][1] * 2 >= total:
            return states[0][0]
        return country


@cache
def default_view() -> ReferenceView:
    from timeline.reference.load import actors, places

    return ReferenceView(actors(), places())

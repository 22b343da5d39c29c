"""The stored places' ids, keys and tree, read once per database connection.

Places come only from the reference data (``refdata.sync_reference``) and are never
renamed or deleted, so what one read returns stays true; a key or id it does not know
(another process synced a newer reference since) reads them again.
"""

from __future__ import annotations

from timeline.driver import Driver


class PlaceKeys:
    __slots__ = ("_ids", "_keys", "_parents", "_children", "_below")

    def __init__(self, rows: list[tuple[int, str, int | None]]) -> None:
        self._ids = {key: id_ for id_, key, _parent in rows}
        self._keys = {id_: key for id_, key, _parent in rows}
        self._parents = {id_: parent for id_, _key, parent in rows}
        self._children: dict[int, list[int]] = {}
        for id_, _key, parent in rows:
            if parent is not None:
                self._children.setdefault(parent, []).append(id_)
        self._below: dict[int, tuple[int, ...]] = {}

    @classmethod
    def of(cls, db: Driver) -> PlaceKeys:
        """This connection's places (read on first use)."""
        found: PlaceKeys | None = db.cache.get("places")
        return found if found is not None else cls.read(db)

    @classmethod
    def read(cls, db: Driver) -> PlaceKeys:
        places = cls(db.rows("SELECT id, key, parent_id FROM locations"))
        db.cache["places"] = places
        return places

    def id(self, db: Driver, key: str) -> int | None:
        """The id of a place key, None when the database has no such place."""
        found = self._ids.get(key)
        if found is None and db.scalar("SELECT id FROM locations WHERE key = ?", (key,)) is not None:
            found = PlaceKeys.read(db)._ids.get(key)
        return found

    def key(self, db: Driver, id_: int | None) -> str | None:
        if id_ is None:
            return None
        found = self._keys.get(id_)
        if found is None:
            found = PlaceKeys.read(db)._keys.get(id_)
        return found

    def below(self, id_: int) -> tuple[int, ...]:
        """The places inside this one, two levels down (a state's towns and their localities)."""
        found = self._below.get(id_)
        if found is None:
            children = self._children.get(id_, [])
            found = tuple(sorted({*children, *(g for c in children for g in self._children.get(c, ()))}))
            self._below[id_] = found
        return found

    def region(self, id_: int | None) -> int | None:
        """The region of a place (``events.region_id``): the ancestor just below the top of its
        tree (a town's state; a state is its own), or the place itself at the top (a country)."""
        if id_ is None:
            return None
        line = [id_]
        while (parent := self._parents.get(line[-1])) is not None and len(line) < 64:
            line.append(parent)
        return line[-2] if len(line) > 1 else line[0]

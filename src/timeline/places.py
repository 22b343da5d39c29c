"""The stored place tree (id, key, parent), read once per database connection.

Places come only from the reference data (``refdata.sync_reference``) and are never
renamed or deleted, so what one read returns stays true; a key or id it does not know
(another process synced a newer reference since) reads the tree again.
"""

from __future__ import annotations

from timeline.driver import Driver


class PlaceTree:
    __slots__ = ("_ids", "_keys", "_children")

    def __init__(self, rows: list[tuple[int, str, int | None]]) -> None:
        self._ids = {key: id_ for id_, key, _parent in rows}
        self._keys = {id_: key for id_, key, _parent in rows}
        self._children: dict[int, list[int]] = {}
        for id_, _key, parent in rows:
            if parent is not None:
                self._children.setdefault(parent, []).append(id_)

    @classmethod
    def of(cls, db: Driver) -> PlaceTree:
        """This connection's tree (read on first use)."""
        tree: PlaceTree | None = db.cache.get("places")
        if tree is None:
            tree = cls.read(db)
        return tree

    @classmethod
    def read(cls, db: Driver) -> PlaceTree:
        tree = cls(db.rows("SELECT id, key, parent_id FROM locations"))
        db.cache["places"] = tree
        return tree

    def id(self, db: Driver, key: str) -> int | None:
        """The id of a place key, None when the database has no such place."""
        found = self._ids.get(key)
        if found is None and db.scalar("SELECT id FROM locations WHERE key = ?", (key,)) is not None:
            found = PlaceTree.read(db)._ids.get(key)
        return found

    def key(self, db: Driver, id_: int | None) -> str | None:
        if id_ is None:
            return None
        found = self._keys.get(id_)
        if found is None:
            found = PlaceTree.read(db)._keys.get(id_)
        return found

    def below(self, id_: int | None, levels: int) -> set[int]:
        """The places inside ``id_``, down ``levels`` levels."""
        out: set[int] = set()
        frontier = [id_] if id_ is not None else []
        for _ in range(levels):
            frontier = [child for parent in frontier for child in self._children.get(parent, ())]
            out.update(frontier)
        return out

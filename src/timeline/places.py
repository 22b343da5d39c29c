"""The stored places' ids and keys, read once per database connection.

Places come only from the reference data (``refdata.sync_reference``) and are never
renamed or deleted, so what one read returns stays true; a key or id it does not know
(another process synced a newer reference since) reads them again.
"""

from __future__ import annotations

from timeline.driver import Driver


class PlaceKeys:
    __slots__ = ("_ids", "_keys")

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self._ids = {key: id_ for id_, key in rows}
        self._keys = {id_: key for id_, key in rows}

    @classmethod
    def of(cls, db: Driver) -> PlaceKeys:
        """This connection's places (read on first use)."""
        found: PlaceKeys | None = db.cache.get("places")
        return found if found is not None else cls.read(db)

    @classmethod
    def read(cls, db: Driver) -> PlaceKeys:
        places = cls(db.rows("SELECT id, key FROM locations"))
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

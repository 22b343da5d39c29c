"""The write path's statements, sent straight to the database driver.

Storing a document takes a few dozen small statements. Through SQLAlchemy each
cost about 0.1–1 ms of statement building, cache-key and result set-up on top
of the 10–100 µs the database needs (bench/README.md: 72% of storing time was
SQLAlchemy); here they are fixed SQL strings run on the session's own DBAPI
connection, inside the session's transaction.

SQL is written once with ``?`` placeholders (sqlite3's style) and rewritten once per
text to PostgreSQL's own ``$1, $2, ...`` for psycopg's ``RawCursor``, which sends them as
they are: psycopg's default cursor parses every statement's text for its ``%s`` again on
each execution once it is longer than 4 KB or has over 50 parameters (the candidate
search has both: 0.4 ms of its 1.4 ms, bench/README.md). Dates go to SQLite as ISO text,
the form SQLAlchemy's ``Date`` type stores, and come back as ``datetime.date`` on both. Driver
errors are raised as SQLAlchemy's exceptions (``IntegrityError``,
``OperationalError``, ...), so callers handle them as any other statement's.

``cache`` is a dict kept with the DBAPI connection across transactions, for
facts that never change once committed (a reference place's id, the place tree).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

Row = tuple[Any, ...]


@lru_cache(maxsize=1024)
def _numbered(sql: str) -> str:
    """``?`` placeholders as ``$1, $2, ...`` (a text already numbered has none left)."""
    chunks = sql.split("?")
    return chunks[0] + "".join(f"${i}{chunk}" for i, chunk in enumerate(chunks[1:], 1))


def placeholders(n: int) -> str:
    """``?, ?, ?`` for an ``IN (...)`` of n values."""
    return ", ".join("?" * n)


def forget_cached(session: Session) -> None:
    """Drop what ``Driver.cache`` keeps for the session's connection (before a rollback that
    may take back rows whose ids it holds)."""
    session.connection().connection.info.pop(CACHE_KEY, None)


CACHE_KEY = "timeline.driver"


class Driver:
    """The session's DBAPI connection, in the session's transaction."""

    __slots__ = ("postgres", "cache", "connection_key", "_cursor", "_errors")

    def __init__(self, session: Session) -> None:
        conn = session.connection()
        pooled = conn.connection
        self.postgres = conn.dialect.name == "postgresql"
        self.cache: dict[str, Any] = pooled.info.setdefault(CACHE_KEY, {})
        raw: Any = pooled.dbapi_connection
        self.connection_key = id(raw)  # which DBAPI connection (a pool reuses a few)
        if self.postgres:
            from psycopg import RawCursor

            self._cursor: Any = RawCursor(raw)
        else:
            self._cursor = raw.cursor()
        self._errors: type[Exception] = conn.dialect.loaded_dbapi.Error

    # --- values -------------------------------------------------------------------------

    def date(self, value: dt.date | None) -> Any:
        """A date as this driver takes it."""
        if value is None or self.postgres:
            return value
        return value.isoformat()

    def days_from(self, column: str) -> str:
        """SQL for the days between a date column and a date parameter (``?``), unsigned."""
        if self.postgres:
            return f"abs({column} - CAST(? AS date))"
        return f"abs(julianday({column}) - julianday(?))"

    def among(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """SQL (and its parameters) testing that a column is one of ``values``. On PostgreSQL
        one array parameter, so that the statement's text, and the plan psycopg prepares for
        it, do not change with the number of values."""
        if self.postgres:
            return f"{column} = ANY(?)", [list(values)]
        return f"{column} IN ({placeholders(len(values))})", list(values)

    @staticmethod
    def to_date(value: Any) -> dt.date | None:
        """A date column's value as a date (SQLite returns the stored text)."""
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(value)

    def numbered(self, sql: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
        """``sql`` (``?`` placeholders) with one numbered placeholder per distinct value of
        ``params`` (``?1`` on SQLite, ``$1`` on PostgreSQL), and those values: a value the
        statement uses in many places is sent, and adapted, once. Values are distinct by type
        and value (a list by its items); other objects (a placeholder for a value to come) by
        identity, unless they define equality."""
        sign = "$" if self.postgres else "?"
        chunks = sql.split("?")
        if len(chunks) != len(params) + 1:
            raise ValueError(f"{len(chunks) - 1} placeholders for {len(params)} parameters")
        numbers: dict[tuple[type, Any], int] = {}
        distinct: list[Any] = []
        out = [chunks[0]]
        for value, chunk in zip(params, chunks[1:], strict=True):
            key = (type(value), tuple(value) if isinstance(value, list) else value)
            number = numbers.get(key)
            if number is None:
                distinct.append(value)
                number = numbers[key] = len(distinct)
            out.append(f"{sign}{number}{chunk}")
        return "".join(out), distinct

    @contextlib.contextmanager
    def pipeline(self) -> Iterator[None]:
        """PostgreSQL: statements whose results are not read are sent without waiting for them
        (psycopg's pipeline mode), and reading a result waits for everything sent before it.
        A write the server refuses raises at the next read, or at the end of the block. On
        SQLite, nothing changes."""
        if not self.postgres:
            yield
            return
        try:
            with self._cursor.connection.pipeline():
                yield
        except self._errors as exc:  # a write refused, found as the block ended
            raise DBAPIError.instance("(the statements sent before)", (), exc, self._errors) from exc

    # --- statements ---------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = (), fetch: str = "") -> Any:
        """Run a statement; with ``fetch`` ("all", "one"), its rows (in a pipeline, fetching is
        when an earlier statement's error arrives)."""
        if self.postgres:
            sql = _numbered(sql)
        cursor = self._cursor
        try:
            cursor.execute(sql, params)
            if fetch:
                return cursor.fetchall() if fetch == "all" else cursor.fetchone()
        except self._errors as exc:
            raise DBAPIError.instance(sql, params, exc, self._errors) from exc
        return cursor

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._execute(sql, params, "all"))

    def rows_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
        """Each statement's rows, in order. On PostgreSQL, in a pipeline, every statement is
        sent before the first result is waited for: one round trip to the server, not one
        each (and a refusal raises as its own result is read, as ``rows`` would)."""
        if not self.postgres or len(statements) < 2:
            return [self.rows(sql, params) for sql, params in statements]
        from psycopg import RawCursor

        cursors = []
        for sql, params in statements:
            cursor: Any = RawCursor(self._cursor.connection)
            try:
                cursor.execute(_numbered(sql), params)
            except self._errors as exc:
                raise DBAPIError.instance(sql, params, exc, self._errors) from exc
            cursors.append(cursor)
        out = []
        for cursor, (sql, params) in zip(cursors, statements, strict=True):
            with cursor:
                try:
                    out.append(cursor.fetchall())
                except self._errors as exc:
                    raise DBAPIError.instance(sql, params, exc, self._errors) from exc
        return out

    def first(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._execute(sql, params, "one")
        return row

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.first(sql, params)
        return None if row is None else row[0]

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A statement whose result is not read: in a pipeline, not waited for."""
        self._execute(sql, params)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        if self.postgres:
            sql = _numbered(sql)
        try:
            self._cursor.executemany(sql, rows)
        except self._errors as exc:
            raise DBAPIError.instance(sql, rows[0], exc, self._errors) from exc

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row; its new id."""
        sql = _insert_sql(table, tuple(row))
        values = tuple(row.values())
        if self.postgres:
            return int(self._execute(sql + " RETURNING id", values, "one")[0])
        return int(self._execute(sql, values).lastrowid)

    def insert_ids(self, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert rows that all have the same columns; their new ids, in order. On PostgreSQL
        one executemany that returns them (one round trip, not one a row)."""
        if not self.postgres or len(rows) < 2:
            return [self.insert(table, row) for row in rows]
        from psycopg import RawCursor

        sql = _numbered(_insert_sql(table, tuple(rows[0])) + " RETURNING id")
        values = [tuple(r.values()) for r in rows]
        # A cursor of its own: in a pipeline, results still due to the shared cursor (its
        # writes are not waited for) would be counted among this executemany's.
        ids = []
        try:
            cursor: Any
            with RawCursor(self._cursor.connection) as cursor:
                cursor.executemany(sql, values, returning=True)
                while True:
                    ids.append(int(cursor.fetchone()[0]))  # each statement returns its row's id
                    if not cursor.nextset():
                        break
        except self._errors as exc:
            raise DBAPIError.instance(sql, values[0], exc, self._errors) from exc
        return ids

    def insert_many(
        self, table: str, rows: Sequence[dict[str, Any]], skip_conflicts: Sequence[str] = ()
    ) -> None:
        """Insert rows that all have the same columns, in one executemany; with
        ``skip_conflicts`` (unique columns), a row whose key is taken is skipped.

        On PostgreSQL, many rows (the reference data's thousands) go MULTI_ROWS to a
        statement: an executemany runs one statement per row on the server even in a
        pipeline, and copying the reference places took 1.0-1.3 s that way."""
        if not rows:
            return
        columns = tuple(rows[0])
        conflicts = f" ON CONFLICT ({', '.join(skip_conflicts)}) DO NOTHING" if skip_conflicts else ""
        if self.postgres and len(rows) > MULTI_ROWS:
            for i in range(0, len(rows), MULTI_ROWS):
                chunk = rows[i : i + MULTI_ROWS]
                values = [v for r in chunk for v in r.values()]
                self.run(_insert_sql(table, columns, len(chunk)) + conflicts, values)
            return
        self.many(_insert_sql(table, columns) + conflicts, [tuple(r.values()) for r in rows])


MULTI_ROWS = 500  # rows per INSERT statement when many are inserted at once on PostgreSQL


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int = 1) -> str:
    values = ", ".join([f"({placeholders(len(columns))})"] * rows)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"

"""Engines, sessions and schema migrations for SQLite and PostgreSQL.

Nothing here is global: callers make an engine with ``make_engine(url)`` and
pass sessions around. SQLite gets foreign keys on, a busy timeout and
``BEGIN IMMEDIATE`` write transactions (deferred transactions failed with
"database is locked" for half of concurrent writers, see ../shared/NOTES.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError

from timeline.errors import DatabaseError, InputError, SchemaOutdatedError

if TYPE_CHECKING:  # the ORM is imported by the commands that write, not by those that read
    from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///timeline.db"
URL_ENV = "TIMELINE_DATABASE_URL"
SQLITE_BUSY_MS = 30_000
# Prepared statements kept per connection: the drivers keep 128 (sqlite3) and 100 (psycopg),
# and storing runs about 220 distinct statements, so the oldest were prepared again and again.
PREPARED_STATEMENTS = 1024
WRITE_LOCK_ID = 0x71EE1  # pg_advisory_xact_lock key: shared by every writer, exclusive for one alone
SCHEMA_LOCK_ID = 0x71EE0  # pg_advisory_xact_lock key for "the schema is being created or migrated"


def resolve_url(url: str | None = None) -> str:
    """The database URL: the given one, else $TIMELINE_DATABASE_URL, else ./timeline.db."""
    return url or os.environ.get(URL_ENV) or DEFAULT_URL


def mask_url(url: str | URL) -> str:
    """The URL with its password hidden, for every message and log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        text = str(url)
        return text if "@" not in text else "<unparseable database URL>"


def one_line(error: object) -> str:
    """A driver's (often multi-line) message as one line."""
    return " ".join(str(error).split())


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(
            f"Not a database URL: {mask_url(url)!r} "
            "(use sqlite:///path/to/file.db or postgresql+psycopg://user@host/dbname)"
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the project's connection settings."""
    parsed = _parse(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            connect = {"timeout": SQLITE_BUSY_MS / 1000, "cached_statements": PREPARED_STATEMENTS}
            engine = create_engine(parsed, connect_args=connect)
            _configure_sqlite(engine)
        else:
            # Pinned, whatever the server's default: a writer must see what others committed
            # while it waited for the writers' lock (see lock_writers).
            engine = create_engine(parsed, pool_pre_ping=True, isolation_level="READ COMMITTED")
            _configure_postgres(engine)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise InputError(
            f"No driver for {mask_url(parsed)} (install the postgres extra: pip install 'timeline[postgres]')"
        ) from exc
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write", True) else "BEGIN")


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # psycopg prepares a statement run five times, and keeps 100 (storing uses ~220)
        dbapi_conn.prepared_max = PREPARED_STATEMENTS


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=engine, expire_on_commit=False)


def lock_writers(session: Session) -> None:
    """Keep every other writer out until the transaction ends (PostgreSQL; SQLite's BEGIN
    IMMEDIATE already does).

    What changes stored events anywhere, or the reference data, takes it: storing a
    document takes it shared, with locks of its own for what it reads (``timeline.locks``).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_ID})


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    with session_factory(engine)() as session, session.begin():
        yield session


# --- migrations -----------------------------------------------------------------


def migrations_dir() -> Path:
    """The Alembic scripts: shipped in the wheel as ``timeline/migrations``, else the checkout's."""
    packaged = resources.files("timeline") / "migrations"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(engine: Engine | None = None, connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        # ConfigParser interpolates '%': a password like 'p%40ss' would raise with the URL in the message.
        url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# The newest migration's revision; tests/test_db.py checks it against the scripts' head.
SCHEMA_REVISION = "0006"


def _stored_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version``, or None when there is none (or no such table).

    One statement, without Alembic. Read in a plain transaction (``BEGIN`` on SQLite,
    not ``BEGIN IMMEDIATE``), so opening a database never waits for a writer.
    """
    try:
        conn = engine.connect()
    except OperationalError as exc:
        raise _cannot_open(engine, exc) from exc
    with conn:
        conn.info["write"] = False
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except (OperationalError, ProgrammingError):
            return None
        finally:
            conn.info.pop("write", None)


def _cannot_open(engine: Engine, exc: OperationalError) -> DatabaseError:
    return DatabaseError(
        f"Cannot open database {mask_url(engine.url)}: {one_line(exc.orig)} "
        "(check the URL, that the server is running, and that the file's folder exists)"
    )


def _outdated(engine: Engine, current: str, expected: str) -> SchemaOutdatedError:
    return SchemaOutdatedError(
        f"Database {mask_url(engine.url)} is at revision {current}, code expects {expected} "
        "(run 'timeline db upgrade')"
    )


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise _cannot_open(engine, exc) from exc


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that only one process at a time holds: SQLite's write
    lock (``BEGIN IMMEDIATE``), PostgreSQL's advisory lock. Migrations run inside it, so two
    first ingests into one new database create the schema once (PostgreSQL's concurrent
    ``CREATE TABLE alembic_version`` failed with a unique violation without it)."""
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:
                # With foreign keys on, a batch table rebuild silently deletes every
                # ON DELETE CASCADE child row; a PRAGMA inside a transaction is ignored.
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    if not sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_ID})
                    yield conn
            finally:
                if sqlite:
                    conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    except OperationalError as exc:
        raise DatabaseError(
            f"Cannot migrate database {mask_url(engine.url)}: {one_line(exc.orig)} "
            "(check the URL, that the server is running, and that the file's folder exists)"
        ) from exc


def _run(engine: Engine, action: str, revision: str) -> None:
    from alembic import command

    with _schema_lock(engine) as conn:
        getattr(command, action)(alembic_config(engine, conn), revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def ensure_schema(engine: Engine) -> None:
    """Create and migrate a new empty database; refuse one at another revision.

    Data is never migrated silently: an older database gets a clear error. Safe when
    several processes start on one new database at once: the check is repeated under
    the schema lock, and the schema is created once.

    A database with a revision is checked with one statement against the pinned
    ``SCHEMA_REVISION``, without loading Alembic and its scripts (0.28 s of a query's
    start-up): at it, the command goes on; at another, it is refused. Only a database
    without a revision (new, or not ours) takes the Alembic path.
    """
    stored = _stored_revision(engine)
    if stored == SCHEMA_REVISION:
        return
    if stored is not None:
        raise _outdated(engine, stored, SCHEMA_REVISION)
    head = head_revision()
    if current_revision(engine) == head:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _schema_lock(engine) as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None:
            raise _outdated(engine, current, head)
        if set(inspect(conn).get_table_names()) - {"alembic_version"}:
            raise SchemaOutdatedError(
                f"Database {mask_url(engine.url)} has tables but no timeline schema revision "
                "(point --db at a timeline database or an empty one)"
            )
        command.upgrade(alembic_config(engine, conn), "head")


def open_database(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine for the chosen database, its schema checked (and created when new)."""
    engine = make_engine(resolve_url(url))
    if create:
        ensure_schema(engine)
    return engine

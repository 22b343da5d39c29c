"""Alembic environment: the standard template plus target metadata, an injected
connection when given (``timeline db`` and the tests pass one), and batch mode on SQLite."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, Engine

from timeline.db import make_engine
from timeline.tables import metadata

config = context.config
target_metadata = metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or os.environ.get(
        "TIMELINE_DATABASE_URL", "sqlite:///timeline.db"
    )


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run_with(given)
        return
    # pytest-alembic injects an Engine; the alembic command line gets one from the URL.
    engine = given if isinstance(given, Engine) else make_engine(_url())
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        _run_with(conn)
        conn.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""One suite, backend chosen by a switch.

SQLite always; PostgreSQL too whenever TIMELINE_TEST_POSTGRES_URL is set (CI sets
it). Each PostgreSQL test gets a fresh database, dropped afterwards. With
TIMELINE_TEST_REQUIRE_POSTGRES=1 the run fails unless PostgreSQL tests passed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "corpus"

_pg_passed = 0


def _pg_admin_url() -> str:
    assert PG_URL
    url = make_url(PG_URL)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_admin():
    engine = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def new_database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin = request.getfixturevalue("pg_admin")
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend (a fresh PostgreSQL database per test)."""
    yield from new_database_url(request.param, tmp_path, request)


@pytest.fixture(scope="session")
def templates(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[str, str]]:
    """One migrated database with the reference data loaded, per backend, cloned by each test.

    Loading 10,000 places takes seconds on PostgreSQL; cloning a template takes milliseconds.
    """
    from timeline.db import open_database, transaction
    from timeline.refdata import sync_reference

    made: dict[str, str] = {}
    path = tmp_path_factory.mktemp("template") / "template.db"
    made["sqlite"] = str(path)
    urls = [("sqlite", f"sqlite:///{path}")]
    if PG_URL:
        name = f"timeline_tmpl_{uuid.uuid4().hex[:12]}"
        with request.getfixturevalue("pg_admin").connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made["postgresql"] = name
        urls.append(
            ("postgresql", make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False))
        )
    for _backend, url in urls:
        engine = open_database(url)
        with transaction(engine) as session:
            sync_reference(session)
        engine.dispose()
    yield made
    if "postgresql" in made:
        with request.getfixturevalue("pg_admin").connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{made["postgresql"]}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path, templates: dict[str, str]):
    """A migrated database with the reference actors and places, on each backend."""
    import shutil

    from timeline.db import open_database

    if request.param == "sqlite":
        target = tmp_path / "test.db"
        shutil.copy(templates["sqlite"], target)
        engine = open_database(f"sqlite:///{target}")
        yield engine
        engine.dispose()
        return
    admin = request.getfixturevalue("pg_admin")
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{templates["postgresql"]}"'))
    engine = open_database(make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _pg_passed
    if report.when == "call" and report.passed and "postgresql" in report.nodeid:
        _pg_passed += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    terminalreporter.write_line(f"PostgreSQL tests passed: {_pg_passed}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("TIMELINE_TEST_REQUIRE_POSTGRES") == "1" and _pg_passed == 0 and exitstatus == 0:
        session.exitstatus = 1
        print("\nERROR: TIMELINE_TEST_REQUIRE_POSTGRES=1 but no PostgreSQL test passed")

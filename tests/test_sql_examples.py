"""Every ```sql block of docs/sql.md (and README.md) runs on SQLite and PostgreSQL and gives the same rows.

The blocks run over the same data on both backends: the known fixture database
(tests/reportdata.py) and, when the extraction pipeline imports, the seed corpus
ingested. They also run unchanged in the ``sqlite3`` and ``psql`` programs when installed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from tests.conftest import BACKENDS, ROOT, SEEDS, new_database_url
from tests.reportdata import populate
from timeline.db import open_database

SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.DOTALL)


def blocks(path: Path) -> list[tuple[str, str]]:
    if not path.exists():
        return []
    return [
        (f"{path.name}#{i}", sql.strip())
        for i, sql in enumerate(SQL_BLOCK.findall(path.read_text("utf-8")), 1)
    ]


DOCS = blocks(ROOT / "docs" / "sql.md")
README = blocks(ROOT / "README.md")


def test_docs_have_examples() -> None:
    assert len(DOCS) >= 3


def _fill(engine: Engine, data: str) -> None:
    if data == "fixture":
        populate(engine)
        return
    pytest.importorskip("timeline.extract.pipeline", reason="the extraction pipeline does not import yet")
    from timeline.ingest import ingest_paths

    report = ingest_paths(engine, [str(SEEDS)])
    assert report.ok, report.failures


@pytest.fixture(scope="module", params=["fixture", "corpus"], ids=lambda p: f"{p}-{'+'.join(BACKENDS)}")
def engines(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Engine]]:
    """One database per backend, each filled with the same data."""
    generators = [new_database_url(b, tmp_path_factory.mktemp(f"sql-{b}"), request) for b in BACKENDS]
    out: dict[str, Engine] = {}
    try:
        for backend, gen in zip(BACKENDS, generators, strict=True):
            out[backend] = open_database(next(gen))
            _fill(out[backend], request.param)
        yield out
    finally:
        for engine in out.values():
            engine.dispose()
        for gen in generators:
            gen.close()


def normal(value: Any) -> Any:
    """One spelling per value: booleans as 0/1, dates as ISO text, whole decimals as int, floats rounded."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else round(float(value), 6)
    if isinstance(value, float):
        return round(value, 6)
    return value


def run(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(normal(v) for v in row) for row in conn.exec_driver_sql(sql)]


@pytest.mark.parametrize(("name", "sql"), DOCS + README, ids=[n for n, _ in DOCS + README])
def test_example_gives_the_same_rows_on_every_backend(
    engines: dict[str, Engine], name: str, sql: str
) -> None:
    results = {backend: run(engine, sql) for backend, engine in engines.items()}
    first = results["sqlite"]
    if name.startswith("sql.md"):
        assert first, f"{name} returned no rows"
    for backend, rows in results.items():
        assert rows == first, f"{name}: {backend} differs from sqlite"


def test_example_values_on_the_fixture(engines: dict[str, Engine]) -> None:
    """The documented queries answer what they say (checked on the known data)."""
    engine = engines["sqlite"]
    if run(engine, "SELECT COUNT(*) FROM sources WHERE file_name = 'ap.txt'")[0][0] != 1:
        pytest.skip("values are known for the fixture data only")
    per_year = dict((r[0], r[1:]) for r in run(engine, DOCS[0][1]))
    assert per_year == {"2021": (2, 5)}  # the actor itself: El Mencho's 2026 event is not counted
    states = run(engine, DOCS[1][1])
    assert states == [("Jalisco", 3, 31, 1), ("Michoacán", 3, 9, 0)]
    assert [r[0] for r in run(engine, DOCS[2][1])] == [2]


def _psql_url(engine: Engine) -> str:
    return make_url(engine.url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.mark.parametrize(("name", "sql"), DOCS, ids=[n for n, _ in DOCS])
def test_example_runs_unchanged_in_the_command_line_clients(
    engines: dict[str, Engine], name: str, sql: str
) -> None:
    ran = 0
    sqlite_bin = shutil.which("sqlite3")
    if sqlite_bin:
        database = engines["sqlite"].url.database
        done = subprocess.run([sqlite_bin, "-bail", str(database)], input=sql, capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (0, ""), name
        assert done.stdout.strip(), name
        ran += 1
    psql_bin = shutil.which("psql")
    if psql_bin and "postgresql" in engines:
        done = subprocess.run(
            [psql_bin, "-X", "-v", "ON_ERROR_STOP=1", "-q", _psql_url(engines["postgresql"])],
            input=sql,
            capture_output=True,
            text=True,
        )
        assert (done.returncode, done.stderr) == (0, ""), name
        ran += 1
    if not ran:
        pytest.skip("neither sqlite3 nor psql is installed")

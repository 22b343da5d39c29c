"""A read command starts fast: it never loads the extraction stack, Alembic or the ORM
(reads use the Core tables), and an outdated or foreign database still gets its
one-line error.

The import check runs the commands in a fresh interpreter (this one has loaded
everything) and reads its ``sys.modules``; no test here measures time (bench/ does).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from tests.conftest import BACKENDS, ROOT
from tests.reportdata import cli_runner, database
from timeline import db

HEAVY = (
    "dateparser", "alembic", "timeline.extract", "timeline.ingest", "timeline.store", "trafilatura",
    "sqlalchemy.orm", "timeline.models",
)  # fmt: skip

PROBE = """
import sys

from timeline.cli import main

url, commands = sys.argv[1], sys.argv[2:]
for command in commands:
    sys.argv = ["timeline", "--db", url, *command.split()]
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, (command, exc.code)
print("\\nloaded:", *sorted(sys.modules))
"""

Db = tuple[Engine, dict[str, int]]


@pytest.fixture(scope="module", params=BACKENDS)
def populated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    yield from database(request.param, tmp_path_factory.mktemp("startup"), request)


def test_read_commands_load_no_extraction_no_alembic_and_no_orm(populated: Db) -> None:
    engine, ids = populated
    commands = [
        "chronology --actor CJNG --limit 50",
        "chronology --format json",
        "export --format csv",
        f"show {ids['day2021']}",
        "actors",
        "places --format json",
        "sources",
        "stats",
        "casualties --by month",
    ]
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url, *commands],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="200"),
    )
    assert done.returncode == 0, done.stderr
    assert "Jalisco New Generation Cartel" in done.stdout  # the commands did their work
    loaded = done.stdout.rsplit("\nloaded:", 1)[1].split()
    assert "sqlalchemy" in loaded and "timeline.query" in loaded
    assert [m for m in loaded if m.startswith(HEAVY)] == []
    # only the database's own dialect (the models' options once imported both: 90 ms)
    other = "postgresql" if engine.dialect.name == "sqlite" else "sqlite"
    assert f"sqlalchemy.dialects.{other}" not in loaded


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    engine = db.make_engine(db_url)
    yield cli_runner(engine, monkeypatch, capsys)
    engine.dispose()


@pytest.mark.parametrize("command", [["chronology"], ["stats", "--format", "json"], ["export"]])
def test_outdated_schema_is_one_line_with_the_fix(cli, db_url: str, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    engine = db.open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    engine.dispose()
    shown = db.mask_url(db_url)
    assert cli(*command) == (
        1,
        "",
        f"Error: Database {shown} is at revision 0000, code expects {db.SCHEMA_REVISION} "
        "(run 'timeline db upgrade')\n",
    )


def test_foreign_database_is_refused_not_migrated(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    engine = db.make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    assert cli("stats") == (
        1,
        "",
        f"Error: Database {db.mask_url(db_url)} has tables but no timeline schema revision "
        "(point --db at a timeline database or an empty one)\n",
    )
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 0  # untouched
    engine.dispose()


def test_new_database_is_created_by_a_read(cli, db_url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("stats", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["events"] == 0
    engine = db.make_engine(db_url)
    assert db.current_revision(engine) == db.SCHEMA_REVISION
    engine.dispose()


def test_an_in_process_run_gives_the_collector_back(cli) -> None:  # type: ignore[no-untyped-def]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert cli("stats", "--format", "json")[0] == 0
    assert cli("show", "42")[0] == 1  # an error after the database was opened
    assert gc.isenabled() and gc.get_freeze_count() == 0

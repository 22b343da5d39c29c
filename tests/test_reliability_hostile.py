"""Hostile values, end to end through the command line on every backend.

File names, manifest fields and filters containing quotes, %, _, ;, SQL keywords
or control characters are data, never SQL and never patterns: a document named
like an injection is stored and found by that exact name, a ``%`` filter matches
nothing, and the tables are all still there. Impossible dates and reversed
ranges get one clear ``Error:`` line and exit 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, inspect, select

from timeline.db import session_factory
from timeline.models import Event, Source

HOSTILE_NAME = "O'Brien 100%_; DROP TABLE sources;--.txt"
HOSTILE_TITLE = "Robert'); DROP TABLE events;-- \x00\x1b[31m 100% _ \"quoted\""
HOSTILE_PUBLISHER = "50%_off'--; SELECT 1"
TEXTS = {
    HOSTILE_NAME: "Gunmen killed three police officers in Celaya, Guanajuato, on March 3, 2020.\n",
    "plain.txt": "Hombres armados asesinaron a dos militares en Culiacán, Sinaloa, el 5 de abril de 2021.\n",
}
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run(*args) -> (exit code, stdout, stderr)`` of ``timeline --db URL ARGS...``, in-process."""
    from timeline.cli import main

    url = engine.url.render_as_string(hide_password=False)

    def call(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["timeline", "--db", url, *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def ingested(run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    manifest = [
        {"file": HOSTILE_NAME, "title": HOSTILE_TITLE, "publisher": HOSTILE_PUBLISHER,
         "url": "https://example.org/?q=' OR 1=1 --", "published": "2020-03-04", "language": "en"},
        {"file": "plain.txt", "published": "2021-04-06", "language": "es"},
    ]  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _out, err = run("ingest", str(folder))
    assert code == 0, err
    return folder


def events(run: Run, *filters: str) -> list[dict[str, Any]]:
    code, out, err = run("export", "--format", "json", *filters)
    assert code == 0, err
    return list(json.loads(out)["events"])


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_hostile_names_are_stored_as_written(engine: Engine, ingested: Path) -> None:
    with session_factory(engine)() as s:
        source = s.execute(select(Source).where(Source.file_name == HOSTILE_NAME)).scalar_one()
        assert source.title == HOSTILE_TITLE.replace("\x00", "")  # the one character PostgreSQL refuses
        assert source.publisher == HOSTILE_PUBLISHER


def test_hostile_filters_are_data(engine: Engine, run: Run, ingested: Path) -> None:
    before = tables(engine)
    everything = events(run)
    assert len(everything) >= 2
    (mine,) = events(run, "--source", HOSTILE_NAME)
    assert [s["document"] for s in mine["sources"]] == [HOSTILE_NAME]
    assert events(run, "--source", HOSTILE_PUBLISHER) == [mine]
    for pattern in ("%", "_", "%%", "' OR '1'='1", "plain.tx_", "plain%"):
        assert events(run, "--source", pattern) == [], pattern
        assert events(run, "--type", pattern) == [], pattern
    assert events(run, "--type", "battles' OR 1=1 --") == []
    assert events(run) == everything and tables(engine) == before


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--actor", "x'; DROP TABLE events;--", "Error: No actor named \"x'; DROP TABLE events;--\" "
                                                "(list them with 'timeline actors')"),
        ("--actor", "%", "Error: No actor named '%' (list them with 'timeline actors')"),
        ("--place", "_", "Error: No place named '_' (list them with 'timeline places')"),
        ("--place", "Celaya'; DELETE FROM events; --",
         "Error: No place named \"Celaya'; DELETE FROM events; --\" (list them with 'timeline places')"),
        ("--actor", "\x1b[2J\x07CJNG\r\n", "Error: No actor named '\\x1b[2J\\x07CJNG\\r\\n' "
                                           "(list them with 'timeline actors')"),
    ],
)  # fmt: skip
def test_unknown_hostile_names_are_one_clear_error(
    engine: Engine, run: Run, ingested: Path, option: str, value: str, message: str
) -> None:
    with session_factory(engine)() as s:
        count = s.scalar(select(func.count()).select_from(Event))
    code, out, err = run("chronology", option, value)
    assert (code, out, err) == (1, "", message + "\n")
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == count


BAD_DATES = [
    (["--from", "2015-13-45"], "--from '2015-13-45' is not a valid date (month must be in 1..12; "
                               "use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--to", "2015-02-30"], "--to '2015-02-30' is not a valid date (day is out of range for month; "
                             "use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--from", "15/01/2015"], "--from '15/01/2015' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--from", "2015; DROP TABLE events"], "--from '2015; DROP TABLE events' is not a date "
                                            "(use YYYY, YYYY-MM or YYYY-MM-DD)"),
    (["--from", "2026", "--to", "2015"], "--from 2026-01-01 is after --to 2015-12-31 (swap them)"),
]  # fmt: skip


def test_bad_dates_are_one_clear_error(engine: Engine, run: Run) -> None:
    for command in ("chronology", "export", "actors", "places", "casualties"):
        for args, message in BAD_DATES:
            assert run(command, *args) == (1, "", f"Error: {message}\n"), (command, args)


def test_bad_published_date_on_ingest(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(TEXTS["plain.txt"], encoding="utf-8")
    code, out, err = run("ingest", str(path), "--published", "2015-13-45")
    assert (code, out) == (1, "")
    assert err.startswith("Error: published date '2015-13-45' is not a real date") and err.count("\n") == 1


def test_a_figure_no_integer_column_holds_is_dropped_not_fatal(run: Run, tmp_path: Path) -> None:
    """PostgreSQL's INTEGER ends at 2**31 - 1: the document and its event are kept, the figure is not."""
    path = tmp_path / "absurd.txt"
    path.write_text("Gunmen killed 99999999999 people in Celaya, Guanajuato, on March 3, 2020.\n")
    code, _out, err = run("ingest", str(path), "--published", "2020-03-04")
    assert code == 0, err
    (event,) = events(run)
    assert event["casualties"] == [] and event["date"]["start"] == "2020-03-03"

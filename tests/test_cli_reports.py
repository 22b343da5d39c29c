"""The reporting commands: argument mapping, exit codes, exact output and exact error text."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import BACKENDS
from tests.reportdata import HOSTILE, cli_runner, database

Db = tuple[Engine, dict[str, int]]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    yield from database(request.param, tmp_path_factory.mktemp("cli"), request)


@pytest.fixture
def cli(db: Db, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``timeline --db URL ARGS...`` in-process: (exit code, stdout, stderr)."""
    return cli_runner(db[0], monkeypatch, capsys)


SHOW_2021 = """\
Event {id}: 12 May 2021 · attack · Apatzingán, Michoacán
Summary: CJNG gunmen kill three police officers in Apatzingán
Actors: Jalisco New Generation Cartel (perpetrator); police (target)
Casualties: killed 3, victims: police
Confidence: 0.80

Source 1 of 2: Mexican cartels are hunting down police
  Associated Press · published 2021-05-30 · ap.txt
  https://example.org/ap
  Date as this source reads it: 12 May 2021 ("May 12")
  Its figures: killed 3, victims: police "killed three police officers"
  > On May 12, CJNG gunmen killed three police officers in Apatzingán, Michoacán.

Source 2 of 2: Asesinan a tres policías en Apatzingán
  El Universal · published 2021-05-31 · universal.txt
  https://example.org/universal
  Date as this source reads it: 12 May 2021 ("12 de mayo")
  Its figures: killed 3, victims: police "tres policías"
  > El 12 de mayo, sicarios del Cártel Jalisco Nueva Generación mataron a tres policías en Apatzingán.

Merges:
  universal.txt joined by rule cross-source, score 0.90 (date 1.0, place 1.0)
"""


def test_show_table(cli, db: Db) -> None:  # type: ignore[no-untyped-def]
    event_id = db[1]["day2021"]
    assert cli("show", str(event_id)) == (0, SHOW_2021.format(id=event_id), "")


def test_show_json_and_markdown(cli, db: Db) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("show", str(db[1]["day2021"]), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == str(db[1]["day2021"])
    assert [m["source"] for m in data["merges"]] == ["universal.txt"]
    assert [f["text"] for e in data["evidence"] for f in e["figures"]] == [
        "killed three police officers",
        "tres policías",
    ]
    code, out, _ = cli("show", str(db[1]["day2021"]), "--format", "markdown")
    assert (
        "> El **12 de mayo**, sicarios del **Cártel Jalisco Nueva Generación** mataron a "
        "**tres policías** en **Apatzingán**." in out
    )


def test_show_unknown_event(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("show", "42") == (1, "", "Error: No event 42 (list events with 'timeline chronology')\n")


def test_show_needs_a_number(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("show", "forty-two")
    assert code == 2 and out == "" and "Invalid value for 'event_id'" in err


CASUALTIES_CSV = """\
section,bucket,placed,events,killed,injured,abducted,disappeared
incidents,2014,True,1,1,0,0,0
incidents,2021,True,3,10,1,0,0
incidents,2026,True,1,25,0,0,0
incidents,not placed,False,2,4,0,0,0
incidents,total,False,7,40,1,0,0
aggregates,not placed,False,1,262,0,0,0
aggregates,total,False,1,262,0,0,0
"""


def test_casualties_csv(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("casualties", "--format", "csv") == (0, CASUALTIES_CSV, "")


def test_casualties_options_reach_the_report(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        "casualties", "--by", "month", "--place", "Michoacán", "--no-aggregates", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["by"] == "month"
    assert [(r["bucket"], r["events"], r["killed"]) for r in data["incidents"]] == [
        ("2014-05", 1, 1),
        ("2021-05", 1, 3),
        ("not placed", 1, 5),
        ("total", 3, 9),
    ]
    assert data["aggregates"][-1]["events"] == 0


def test_casualties_markdown_keeps_sections_apart(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("casualties", "--by", "place", "--format", "markdown")
    assert code == 0
    incidents, statistics = out.split("## Statistics over periods by place (not added to incidents)")
    assert "## Incidents by place" in incidents and "| Jalisco | 3 | 31 | 1 | 0 | 0 |" in incidents
    assert "| not placed | 1 | 262 | 0 | 0 | 0 |" in statistics


def test_casualties_bad_grouping_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("casualties", "--by", "week")
    assert code == 2 and out == "" and "'week' is not one of" in err


def test_reversed_dates(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("casualties", "--from", "2021", "--to", "2014") == (
        1,
        "",
        "Error: --from 2021-01-01 is after --to 2014-12-31 (swap them)\n",
    )


@pytest.mark.parametrize("command", ["actors", "places", "casualties", "chart"])
def test_hostile_actor_filter_is_data(cli, command: str) -> None:  # type: ignore[no-untyped-def]
    extra = ["--output", "x.svg"] if command == "chart" else []
    assert cli(command, "--actor", "x'; DROP TABLE events;--", *extra) == (
        1,
        "",
        "Error: No actor named \"x'; DROP TABLE events;--\" (list them with 'timeline actors')\n",
    )
    assert json.loads(cli("stats", "--format", "json")[1])["events"] == 8


def test_actors_search_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("actors", "--search", "%", "--format", "json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == [HOSTILE]


def test_places_csv(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("places", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["name"] for r in rows] == [
        "Jalisco",
        "Apatzingán",
        "Michoacán",
        "Guadalajara",
        "Mexico",
    ]
    assert rows[-1]["admin1"] == "" and rows[-1]["aggregates"] == "1"


def test_sources_table(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("sources", "--search", "universal")
    assert code == 0 and "Sources (1)" in out and "Asesinan a tres policías en Apatzingán" in out


def test_stats_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("stats", "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["killed_incidents"], data["aggregates"], data["events_merged"]) == (40, 1, 1)


# --- chart ------------------------------------------------------------------------------


@pytest.fixture
def sqlite_only(db: Db) -> None:
    if db[0].dialect.name != "sqlite":
        pytest.skip(
            "drawing does not depend on the backend (chart_series runs on every backend in test_reports)"
        )


def test_chart_svg(cli, sqlite_only: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "events.svg"
    code, out, err = cli("chart", "--output", str(target), "--title", "Violence in Mexico")
    assert (code, out) == (0, "")
    assert err == f"Wrote {target}: 7 events, 5 in the bars, 1 dated too widely for a bar, 1 statistics\n"
    svg = target.read_text(encoding="utf-8")
    assert "<svg" in svg and "Violence in Mexico" in svg and "Jalisco New Generation Cartel" in svg


def test_chart_png_with_filters(cli, sqlite_only: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "cjng.png"
    code, _, err = cli("chart", "--actor", "CJNG", "-o", str(target))
    assert code == 0 and "3 events, 3 in the bars" in err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_errors(cli, sqlite_only: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("chart", "-o", str(tmp_path / "c.txt")) == (
        1,
        "",
        "Error: Cannot write a chart to 'c.txt' (name the file .svg or .png)\n",
    )
    assert cli("chart", "-o", str(tmp_path / "c.svg"), "--from", "1990", "--to", "1991") == (
        1,
        "",
        "Error: No dated events to chart (ingest articles or relax the filters)\n",
    )
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert cli("chart", "-o", str(tmp_path / "c.svg")) == (
        1,
        "",
        "Error: Charts need matplotlib, which is not installed (pip install 'timeline[chart]')\n",
    )
    assert not list(tmp_path.iterdir())

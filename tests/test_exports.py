"""Table, JSON and CSV say the same thing; GeoJSON and TimelineJS exports have the structure tools read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.conftest import BACKENDS
from tests.reportdata import TEXTS, cli_runner, database
from timeline import render
from timeline.cli_reports import ACTOR_COLUMNS, PLACE_COLUMNS, SOURCE_COLUMNS

Db = tuple[Engine, dict[str, int]]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    yield from database(request.param, tmp_path_factory.mktemp("exports"), request)


@pytest.fixture
def cli(db: Db, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    return cli_runner(db[0], monkeypatch, capsys)


def output(cli: Any, *args: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = cli(*args)
    assert (code, err) == (0, ""), err
    return out


def table_rows(text: str) -> list[list[str]]:
    """The body cells of a Rich table (wide enough not to wrap)."""
    return [
        [c.strip() for c in line.strip().strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def as_csv(value: Any) -> str:
    return "" if value is None else str(value)


def as_table(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return as_csv(value)


def agree(
    rows: list[dict[str, Any]], csv_text: str, table_text: str, columns: Sequence[tuple[str, str]]
) -> None:
    parsed = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(parsed) == len(rows) > 0
    for row, line in zip(rows, parsed, strict=True):
        assert {k: as_csv(v) for k, v in row.items()} == line
    cells = table_rows(table_text)
    assert cells == [[as_table(row[k]) for k, _ in columns] for row in rows]


@pytest.mark.parametrize(
    ("command", "columns"),
    [("actors", ACTOR_COLUMNS), ("places", PLACE_COLUMNS), ("sources", SOURCE_COLUMNS)],
)
def test_listings_agree(cli, command: str, columns: Sequence[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(output(cli, command, "--format", "json"))
    agree(rows, output(cli, command, "--format", "csv"), output(cli, command), columns)
    markdown = output(cli, command, "--format", "markdown").splitlines()
    assert len(markdown) == len(rows) + 2


@pytest.mark.parametrize("by", ["year", "month", "actor", "place", "victims"])
def test_casualties_agree(cli, by: str) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(output(cli, "casualties", "--by", by, "--format", "json"))
    flat = [{"section": s, **r} for s in ("incidents", "aggregates") for r in report[s]]
    parsed = list(csv.DictReader(io.StringIO(output(cli, "casualties", "--by", by, "--format", "csv"))))
    assert parsed == [{k: as_csv(v) for k, v in row.items()} for row in flat]
    keys = ("bucket", "events", "killed", "injured", "abducted", "disappeared")
    assert table_rows(output(cli, "casualties", "--by", by)) == [[as_table(r[k]) for k in keys] for r in flat]


def test_stats_agree(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(output(cli, "stats", "--format", "json"))
    parsed = list(csv.DictReader(io.StringIO(output(cli, "stats", "--format", "csv"))))
    assert {r["metric"]: r["value"] for r in parsed} == {k: as_csv(v) for k, v in data.items()}
    assert table_rows(output(cli, "stats")) == [[k, as_table(v)] for k, v in data.items()]


def test_chronology_table_json_csv_agree(cli) -> None:  # type: ignore[no-untyped-def]
    events = json.loads(output(cli, "chronology", "--format", "json"))["events"]
    parsed = list(csv.DictReader(io.StringIO(output(cli, "chronology", "--format", "csv"))))
    table = table_rows(output(cli, "chronology"))
    assert len(events) == len(parsed) == len(table) == 8
    headers = [
        k for k, _ in render.visible_columns([render.event_row(e) for e in events], render.CHRONOLOGY_COLUMNS)
    ]
    for event, line, cells in zip(events, parsed, table, strict=True):
        assert line["id"] == event["id"]
        assert (line["date_start"], line["date_end"], line["precision"]) == (
            as_csv(event["date"]["start"]),
            as_csv(event["date"]["end"]),
            event["date"]["precision"],
        )
        killed = sum(c["count"] for c in event["casualties"] if c["kind"] == "killed") or None
        assert line["killed"] == as_csv(killed) == cells[headers.index("killed")]
        assert line["date"] == cells[headers.index("date")]
        assert line["summary"] == event["summary"] == cells[headers.index("summary")]
        assert line["sources"] == str(len({s["document"] for s in event["sources"]}))
    assert [line["date"] for line in parsed][:3] == ["week of 4 May 2014", "2018 – 12 May 2021", "2021"]


def test_export_json_contract(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(output(cli, "export", "--format", "json"))
    assert (data["format"], data["version"], len(data["events"])) == ("timeline-events", 1, 8)
    for event in data["events"]:
        assert event["sources"], event["id"]
        for source in event["sources"]:
            assert TEXTS[source["document"]][source["start"] : source["end"]] == source["quote"]


def test_export_csv_matches_json(cli) -> None:  # type: ignore[no-untyped-def]
    events = json.loads(output(cli, "export", "--format", "json"))["events"]
    rows = list(csv.DictReader(io.StringIO(output(cli, "export", "--format", "csv"))))
    assert [r["event_id"] for r in rows] == [e["id"] for e in events]
    assert sum(int(r["fatalities"]) for r in rows if r["aggregate"] == "False") == 40


def test_geojson_is_a_valid_feature_collection(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(output(cli, "export", "--format", "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == 7  # every located event; the undated one has no place
    for f in features:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert -118 < lon < -86 and 14 < lat < 33  # Mexico: [lon, lat], not swapped
    assert len({f["id"] for f in features}) == len(features)


def _tl_date(value: dict[str, Any]) -> dt.date:
    assert set(value) <= {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    assert isinstance(value["year"], int)
    return dt.date(value["year"], value.get("month", 1), value.get("day", 1))  # raises when out of range


def test_timelinejs_structure(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(output(cli, "export", "--format", "timelinejs"))
    assert data["title"]["text"]["headline"]
    slides = data["events"]
    assert len(slides) == 7  # every dated event
    assert len({s["unique_id"] for s in slides}) == len(slides)
    for slide in slides:
        start = _tl_date(slide["start_date"])
        if "end_date" in slide:
            assert _tl_date(slide["end_date"]) >= start
        assert isinstance(slide["text"]["headline"], str) and slide["text"]["headline"]
    by_text = {s["text"]["text"]: s for s in slides}
    assert by_text["Five people killed in Michoacán in 2021"]["start_date"] == {
        "year": 2021
    }  # no fake 1 January
    assert by_text["Knights Templar gunmen kill a militia member near Apatzingán"]["start_date"][
        "display_date"
    ] == ("week of 4 May 2014")


def test_export_events_have_exactly_the_contract_fields(cli) -> None:  # type: ignore[no-untyped-def]
    """Other tools depend on the contract: no field more, none less."""
    data = json.loads(output(cli, "export", "--format", "json"))
    for event in data["events"]:
        assert set(event) == {
            "id",
            "date",
            "type",
            "subtype",
            "aggregate",
            "summary",
            "location",
            "actors",
            "casualties",
            "sources",
        }
        assert set(event["date"]) == {"start", "end", "precision", "approximate", "text"}
        for source in event["sources"]:
            assert set(source) == {
                "document",
                "title",
                "publisher",
                "published",
                "url",
                "quote",
                "start",
                "end",
            }
        for figure in event["casualties"]:
            assert set(figure) == {"kind", "count", "low", "high", "qualifier", "victims"}
        for actor in event["actors"]:
            assert {"name", "type", "role"} <= set(actor) <= {"name", "aliases", "type", "role"}

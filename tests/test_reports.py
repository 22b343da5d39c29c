"""The report functions over a small, exactly known database (tests/reportdata.py), on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from tests.conftest import BACKENDS
from tests.reportdata import HOSTILE, database
from timeline import reports
from timeline.errors import InputError
from timeline.models import Event
from timeline.query import Filters
from timeline.reports_casualties import casualties, chart_series
from timeline.reports_show import show_event

Db = tuple[Engine, dict[str, int]]


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    yield from database(request.param, tmp_path_factory.mktemp("reports"), request)


def run(db: Db, fn: Any, *args: Any, **kwargs: Any) -> Any:
    return reports.using(db[0], fn, *args, **kwargs)


def counts(rows: list[dict[str, Any]]) -> list[tuple[str, int, int, int]]:
    return [(r["bucket"], r["events"], r["killed"], r["injured"]) for r in rows]


# --- casualties -------------------------------------------------------------------------

EXPECTED = {
    "year": (
        [
            ("2014", 1, 1, 0),
            ("2021", 3, 10, 1),
            ("2026", 1, 25, 0),
            ("not placed", 2, 4, 0),
            ("total", 7, 40, 1),
        ],
        [("not placed", 1, 262, 0), ("total", 1, 262, 0)],
    ),
    "month": (
        [
            ("2014-05", 1, 1, 0),
            ("2021-05", 2, 5, 1),
            ("2026-02", 1, 25, 0),
            ("not placed", 3, 9, 0),
            ("total", 7, 40, 1),
        ],
        [("not placed", 1, 262, 0), ("total", 1, 262, 0)],
    ),
    "place": (
        [("Jalisco", 3, 31, 1), ("Michoacán", 3, 9, 0), ("not placed", 1, 0, 0), ("total", 7, 40, 1)],
        [("not placed", 1, 262, 0), ("total", 1, 262, 0)],
    ),
    "victims": (
        [
            ("unknown", 3, 34, 0),
            ("police", 1, 3, 0),
            ("civilians", 1, 2, 1),
            ("armed_group", 1, 1, 0),
            ("not placed", 1, 0, 0),
            ("total", 7, 40, 1),
        ],
        [("police", 1, 262, 0), ("total", 1, 262, 0)],
    ),
}


@pytest.mark.parametrize("by", sorted(EXPECTED))
def test_casualties_exact(db: Db, by: str) -> None:
    report = run(db, casualties, by)
    incidents, aggregates = EXPECTED[by]
    assert report["by"] == by
    assert counts(report["incidents"]) == incidents
    assert counts(report["aggregates"]) == aggregates


def test_casualties_by_actor_counts_an_event_under_each_of_its_actors(db: Db) -> None:
    rows = {r["bucket"]: r for r in run(db, casualties, "actor")["incidents"]}
    assert (
        rows["Jalisco New Generation Cartel"]["events"],
        rows["Jalisco New Generation Cartel"]["killed"],
    ) == (2, 5)
    assert rows["El Mencho"]["killed"] == rows["Secretariat of National Defense"]["killed"] == 25
    assert rows[HOSTILE]["events"] == 1
    assert (rows["not placed"]["events"], rows["not placed"]["killed"]) == (1, 5)  # year2021 has no actor
    assert rows["total"]["killed"] == 40  # each event once, not the sum of the rows


def test_year_precise_event_is_in_its_year_never_in_a_month(db: Db) -> None:
    only = Filters(place="Michoacán", date_from=None)
    by_year = counts(run(db, casualties, "year", only)["incidents"])
    by_month = counts(run(db, casualties, "month", only)["incidents"])
    assert ("2021", 2, 8, 0) in by_year  # day2021 (3) + year2021 (5)
    assert ("2021-05", 1, 3, 0) in by_month and ("not placed", 1, 5, 0) in by_month


def test_statistics_never_added_to_incidents(db: Db) -> None:
    report = run(db, casualties, "year")
    assert report["incidents"][-1]["killed"] == 40
    assert all(r["killed"] != 302 for r in report["incidents"] + report["aggregates"])
    assert run(db, casualties, "year", Filters(aggregates=False))["aggregates"] == [
        {
            "bucket": "total",
            "placed": False,
            "events": 0,
            "killed": 0,
            "injured": 0,
            "abducted": 0,
            "disappeared": 0,
        }
    ]


def test_casualties_filtered_by_actor_include_its_leaders(db: Db) -> None:
    rows = counts(run(db, casualties, "year", Filters(actor="CJNG"))["incidents"])
    assert rows == [("2021", 2, 5, 1), ("2026", 1, 25, 0), ("total", 3, 30, 1)]


def test_casualties_unknown_grouping(db: Db) -> None:
    with pytest.raises(
        InputError, match=r"^Cannot group casualties by 'week' \(use one of: year, month, actor"
    ):
        run(db, casualties, "week")


# --- listings ---------------------------------------------------------------------------


def test_actors_listing(db: Db) -> None:
    rows = run(db, reports.actors)
    assert [r["name"] for r in rows][:2] == ["Jalisco New Generation Cartel", "police"]
    cjng = rows[0]
    assert {
        k: cjng[k]
        for k in (
            "type",
            "origin",
            "events",
            "aggregates",
            "killed",
            "perpetrator",
            "target",
            "first",
            "last",
        )
    } == {
        "type": "cartel",
        "origin": "reference",
        "events": 2,
        "aggregates": 0,
        "killed": 5,
        "perpetrator": 2,
        "target": 0,
        "first": "2021-05-01",
        "last": "2021-05-31",
    }
    police = next(r for r in rows if r["key"] == "police")
    assert (police["events"], police["aggregates"], police["killed"]) == (1, 1, 3)  # 262 stays out
    mencho = next(r for r in rows if r["key"] == "el-mencho")
    assert mencho["part_of"] == "Jalisco New Generation Cartel"
    assert len(rows) == 8


@pytest.mark.parametrize(
    ("search", "keys"),
    [
        ("cartel jalisco", {"cjng"}),  # Spanish alias, accents folded
        ("Cártel Jalisco Nueva", {"cjng"}),
        ("templar", {"knights-templar"}),
        ("%", {"discovered:hostile"}),  # a LIKE wildcard is a character here
        ("_", {"discovered:hostile"}),
        ("; DROP TABLE events;--", {"discovered:hostile"}),
        ("O'Brien", {"discovered:hostile"}),
        ("zzz-nothing", set()),
    ],
)
def test_actor_search_is_data_not_sql(db: Db, search: str, keys: set[str]) -> None:
    assert {r["key"] for r in run(db, reports.actors, search=search)} == keys
    with db[0].connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Event)) == 8


def test_actors_all_includes_unused_reference_actors(db: Db) -> None:
    rows = run(db, reports.actors, search="Sinaloa", include_unused=True)
    assert "sinaloa-cartel" in {r["key"] for r in rows}
    assert all(r["events"] == 0 for r in rows if r["key"] == "sinaloa-cartel")


def test_places_listing(db: Db) -> None:
    rows = run(db, reports.places)
    got = {r["name"]: (r["kind"], r["admin1"], r["events"], r["aggregates"], r["killed"]) for r in rows}
    assert got == {
        "Jalisco": ("admin1", "Jalisco", 2, 0, 29),
        "Apatzingán": ("locality", "Michoacán", 2, 0, 4),
        "Michoacán": ("admin1", "Michoacán", 1, 0, 5),
        "Guadalajara": ("locality", "Jalisco", 1, 0, 2),
        "Mexico": ("country", None, 0, 1, 0),
    }
    assert {r["name"] for r in run(db, reports.places, search="michoacan")} == {"Michoacán"}
    assert run(db, reports.places, search="%") == []


def test_places_filtered_by_actor(db: Db) -> None:
    rows = run(db, reports.places, Filters(actor="Knights Templar"))
    assert [(r["name"], r["events"]) for r in rows] == [("Apatzingán", 1)]


def test_sources_listing(db: Db) -> None:
    rows = run(db, reports.sources)
    assert [
        (r["document"], r["published"], r["language"], r["events"], r["figures"], r["merged"]) for r in rows
    ] == [
        ("kqed.txt", "2014-05", "en", 1, 1, 0),
        ("ap.txt", "2021-05-30", "en", 4, 5, 0),
        ("universal.txt", "2021-05-31", "es", 1, 1, 1),
        ("marxist.txt", "2026-03-12", "en", 3, 2, 0),
    ]
    assert [r["document"] for r in run(db, reports.sources, search="UNIVERSAL")] == ["universal.txt"]
    assert run(db, reports.sources, search="%") == []


def test_stats(db: Db) -> None:
    data = run(db, reports.stats)
    assert {k: v for k, v in data.items() if k != "actors_reference"} == {
        "sources": 4,
        "events": 8,
        "events_dated": 7,
        "events_undated": 1,
        "incidents": 7,
        "aggregates": 1,
        "events_merged": 1,
        "merges": 1,
        "actors_discovered": 1,
        "actors_in_events": 8,
        "places_used": 5,
        "killed_incidents": 40,
        "injured_incidents": 1,
        "abducted_incidents": 0,
        "disappeared_incidents": 0,
        "date_first": "2014-05-04",
        "date_last": "2026-02-22",
    }
    assert data["actors_reference"] > 100
    assert reports.stats_rows(data)[0] == {"metric": "sources", "value": 4}


# --- hostile filters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        Filters(source="x' OR '1'='1"),
        Filters(source="%"),
        Filters(type="%"),
        Filters(type="battles; DROP TABLE events"),
    ],
)
def test_hostile_filter_values_match_nothing(db: Db, filters: Filters) -> None:
    assert run(db, reports.scoped_events, filters) == []
    assert counts(run(db, casualties, "year", filters)["incidents"]) == [("total", 0, 0, 0)]


@pytest.mark.parametrize("name", ["x'; DROP TABLE events;--", "%", "_", "SELECT"])
def test_hostile_actor_names_are_unknown_actors(db: Db, name: str) -> None:
    with pytest.raises(InputError, match=r"^No actor named .* \(list them with 'timeline actors'\)$"):
        run(db, reports.actors, Filters(actor=name))


# --- one event --------------------------------------------------------------------------


def test_show_event_with_merge_and_spanish_source(db: Db) -> None:
    data = run(db, show_event, db[1]["day2021"])
    assert data["merges"] == [
        {
            "source": "universal.txt",
            "rule": "cross-source",
            "score": 0.9,
            "details": {"date": 1.0, "place": 1.0},
        }
    ]
    assert [e["document"] for e in data["evidence"]] == ["ap.txt", "universal.txt"]
    es = data["evidence"][1]
    assert es["date"] == {
        "start": "2021-05-12",
        "end": "2021-05-12",
        "precision": "day",
        "text": "12 de mayo",
    }
    assert [(f["kind"], f["count"], f["victims"], f["text"]) for f in es["figures"]] == [
        ("killed", 3, "police", "tres policías")
    ]
    marked = [(s["text"], s["kind"]) for s in es["quotes"][0]["segments"] if s["kind"]]
    assert marked == [
        ("12 de mayo", "date"),
        ("Cártel Jalisco Nueva Generación", "actor"),
        ("tres policías", "figure"),
        ("Apatzingán", "place"),
    ]
    assert "".join(s["text"] for s in es["quotes"][0]["segments"]) == es["quotes"][0]["text"]
    en = [(s["text"], s["kind"]) for s in data["evidence"][0]["quotes"][0]["segments"] if s["kind"]]
    assert en == [
        ("May 12", "date"),
        ("CJNG", "actor"),
        ("killed three police officers", "figure"),
        ("Apatzingán", "place"),
        ("Michoacán", "place"),
    ]
    assert data["sources"][0]["quote"].startswith("On May 12")  # the contract event is all there


def test_show_undated_event_with_hostile_actor(db: Db) -> None:
    data = run(db, show_event, db[1]["undated"])
    assert data["date"]["start"] is None and data["merges"] == []
    segments = data["evidence"][0]["quotes"][0]["segments"]
    assert (HOSTILE, "actor") in [(s["text"], s["kind"]) for s in segments]


@pytest.mark.parametrize("event_id", [0, 42, -1])
def test_show_unknown_event(db: Db, event_id: int) -> None:
    with pytest.raises(
        InputError, match=rf"^No event {event_id} \(list events with 'timeline chronology'\)$"
    ):
        run(db, show_event, event_id)


# --- chart series -----------------------------------------------------------------------


def test_chart_series_lead_actor_and_dated_only(db: Db) -> None:
    rows = run(db, chart_series)
    lead = {r["id"]: r["actor"] for r in rows}
    ids = db[1]
    assert ids["undated"] not in lead
    assert lead[ids["day2026"]] == "Secretariat of National Defense"  # the perpetrator, not the target
    assert lead[ids["year2021"]] == "unattributed"
    assert lead[ids["stat"]] == "police"
    assert [r["id"] for r in rows][0] == ids["week2014"]

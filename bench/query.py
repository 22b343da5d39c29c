"""Chronology latency over a database of N events, and the `timeline chronology` command's wall time.

    .venv/bin/python bench/query.py --events 1000000 --db sqlite:////tmp/q.db --json
    .venv/bin/python bench/query.py --events 1000000 \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/timeline_bench --json

Empties the database, migrates it, loads the reference actors and places, then
fills it with N synthetic events through the raw driver (SQLite executemany,
PostgreSQL COPY; not the ingest path): dates over 2006-2025 at day, month or
year precision (and ranges of up to four years), Mexican towns, 1-3 actors
each with a skewed popularity (the CJNG and its leaders on about a third of
the events, some actors on a few hundred), a source quote and a casualty
figure. No ANALYZE is run on SQLite
(``timeline ingest`` never runs it); PostgreSQL's autovacuum would, so it is.

Each case calls what the command calls (``query.chronology_ids`` then
``query.event_records``, 50 events, a fresh connection each time) and reports
p50/p95 in ms, for the ids alone and with the records. The command itself is
run as a subprocess and timed end to end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import code_state  # noqa: E402
from ingest import empty_database as empty_ingest_database  # noqa: E402

FIRST_DAY = dt.date(2006, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days
CHUNK = 50_000
LIMIT = 50
# Perpetrator popularity: (actor key, weight); every other reference actor shares the rest.
POPULAR = [("cjng", 20), ("el-mencho", 3), ("sinaloa-cartel", 12), ("los-chapitos", 6), ("gunmen", 15),
           ("santa-rosa-de-lima-cartel", 4), ("la-familia-michoacana", 4), ("cartel-del-noreste", 3),
           ("gulf-cartel", 3), ("national-guard", 4), ("police", 6)]  # fmt: skip
RARE_ACTOR = "los-tlacos"  # gets ~0.02% of the events


def empty_database(url: str) -> Any:
    """An empty, schema-ready database with the reference actors and places loaded."""
    from timeline import db
    from timeline.refdata import sync_reference

    engine = empty_ingest_database(url)
    with db.transaction(engine) as session:
        sync_reference(session)
    return engine


# --- synthetic rows ------------------------------------------------------------------------


def _date(r: random.Random) -> tuple[dt.date | None, dt.date | None, str]:
    x = r.random()
    if x < 0.02:
        return None, None, "unknown"
    day = FIRST_DAY + dt.timedelta(days=r.randrange(DAYS))
    if x < 0.82:
        return day, day, "day"
    if x < 0.92:
        first = day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), "month"
    if x < 0.93:  # "since 2018", "between March and June": ranges, some over years
        return day, day + dt.timedelta(days=r.randint(30, 1500)), "range"
    return day.replace(month=1, day=1), day.replace(month=12, day=31), "year"


def rows(n: int, actor_ids: dict[str, int], towns: Sequence[int], seed: int = 0) -> Iterator[dict[str, list]]:
    """Chunks of rows per table, ids assigned here (1..n), deterministic from ``seed``."""
    from timeline.tables import date_width

    r = random.Random(seed)
    keys = list(actor_ids)
    rest = [k for k in keys if k not in dict(POPULAR) and k != RARE_ACTOR]
    weights = [w for _, w in POPULAR] + [20 / len(rest)] * len(rest) + [0.02]
    pool = [k for k, _ in POPULAR] + rest + [RARE_ACTOR]
    cum = list(_accumulate(weights))
    source_text = "Gunmen attacked a police patrol in the town; three officers were killed. " * 5
    published: dt.date | None = None
    for lo in range(1, n + 1, CHUNK):
        out: dict[str, list] = {"sources": [], "events": [], "event_actors": [], "event_sources": [],
                                "casualty_figures": []}  # fmt: skip
        for event_id in range(lo, min(n, lo + CHUNK - 1) + 1):
            start, end, precision = _date(r)
            source_id = (event_id + 3) // 4
            if event_id % 4 == 1:
                published = start  # the source's date, and its events' first report
                out["sources"].append((source_id, f"bench/{source_id:07d}.txt", "Report", "Bench News", "en",
                                       start, end, precision if start else "unknown", f"{source_id:064x}",
                                       source_text, "bench"))  # fmt: skip
            killed = r.choice([None, 1, 2, 3, 5, 8])
            town = r.choice(towns) if r.random() < 0.95 else None
            out["events"].append((event_id, start, end, precision, False, "violence_against_civilians",
                                  "attack", "attack", False, "An attack.", town, 0.7, killed, None, None,
                                  None, "attack", date_width(start, end), published))  # fmt: skip
            chosen = {pool[_pick(cum, r.random() * cum[-1])] for _ in range(r.choice([1, 1, 2, 3]))}
            for i, key in enumerate(sorted(chosen)):
                out["event_actors"].append(
                    (event_id, actor_ids[key], "perpetrator" if i == 0 else "target", start, end)
                )
            quote = 75 * (event_id % 4)
            out["event_sources"].append(
                (event_id, event_id, source_id, quote, quote + 74, start, end, precision)
            )
            if killed:
                out["casualty_figures"].append((event_id, event_id, source_id, "killed", killed, "exact",
                                                "police", quote + 40, quote + 60))  # fmt: skip
        yield out


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _pick(cum: Sequence[float], x: float) -> int:
    import bisect

    return min(bisect.bisect_right(cum, x), len(cum) - 1)


COLUMNS = {
    "sources": "id, file_name, title, publisher, language, published_start, published_end, "
               "published_precision, content_sha256, text, extractor_version",
    "events": "id, date_start, date_end, date_precision, date_approximate, type, subtype, match_key, "
              "aggregate, summary, location_id, confidence, killed, injured, abducted, disappeared, "
              "date_text, date_width, reported_on",
    "event_actors": "event_id, actor_id, role, date_start, date_end",
    "event_sources": "id, event_id, source_id, quote_start, quote_end, date_start, date_end, date_precision",
    "casualty_figures": "id, event_id, source_id, kind, best, qualifier, victims, span_start, span_end",
}  # fmt: skip
ORDER = ["sources", "events", "event_actors", "event_sources", "casualty_figures"]


def fill(engine: Any, n: int) -> tuple[float, int]:
    """Bulk-load n events through the raw driver; return the seconds it took and the rows written."""
    from sqlalchemy import text

    with engine.connect() as conn:
        actor_ids = {k: i for k, i in conn.execute(text("SELECT key, id FROM actors"))}
        towns = [i for (i,) in conn.execute(text(
            "SELECT l.id FROM locations l JOIN locations p ON p.id = l.parent_id "
            "WHERE l.country_code = 'MX' AND l.kind = 'locality'"))]  # fmt: skip
    t0 = time.perf_counter()
    written = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        pg = engine.dialect.name == "postgresql"
        if not pg:
            cur.execute("BEGIN")  # the project's SQLite connections are in autocommit mode
        for chunk in rows(n, actor_ids, sorted(towns)):
            for table in ORDER:
                written += len(chunk[table])
                if pg:
                    with cur.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                        for row in chunk[table]:
                            copy.write_row(row)
                else:
                    marks = ", ".join("?" * len(COLUMNS[table].split(",")))
                    cur.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", chunk[table])
        if pg:
            for table in ("sources", "events", "event_sources", "casualty_figures"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        raw.commit()
        if pg:  # what autovacuum would do after a bulk load
            driver = raw.driver_connection
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute("VACUUM ANALYZE")  # type: ignore[union-attr]
            driver.autocommit = False  # type: ignore[union-attr]
    finally:
        raw.close()
    return time.perf_counter() - t0, written


# --- timing --------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
    }


def time_case(engine: Any, filters: Any, repeat: int) -> dict[str, Any]:
    from timeline.query import chronology_ids, event_records

    ids_ms, full_ms = [], []
    count = 0
    for i in range(repeat + 3):
        with engine.connect() as conn:
            t0 = time.perf_counter()
            ids = chronology_ids(conn, filters)
            t1 = time.perf_counter()
            records = event_records(conn, ids)
            t2 = time.perf_counter()
        if i >= 3:  # warm-up runs are not counted
            ids_ms.append((t1 - t0) * 1000)
            full_ms.append((t2 - t0) * 1000)
        count = len(records)
    return {"events": count, "ids": percentiles(ids_ms), **percentiles(full_ms)}


def time_command(url: str, args: list[str], repeat: int) -> dict[str, Any]:
    exe = str(Path(sys.executable).with_name("timeline"))
    walls = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([exe, "--db", url, "chronology", *args], check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
    return {
        "args": " ".join(args),
        "p50_s": round(statistics.median(walls), 3),
        "max_s": round(max(walls), 3),
    }


def cases() -> dict[str, Callable[[], Any]]:
    from timeline.query import Filters

    return {
        "most_common_actor": lambda: Filters(actor="CJNG", limit=LIMIT),
        "most_common_actor_2015": lambda: Filters(
            actor="CJNG", date_from=dt.date(2015, 1, 1), date_to=dt.date(2015, 12, 31), limit=LIMIT
        ),
        "rare_actor": lambda: Filters(actor="Los Tlacos", limit=LIMIT),
        "state_with_towns": lambda: Filters(place="Sinaloa", limit=LIMIT),
        "date_window": lambda: Filters(
            date_from=dt.date(2020, 3, 1), date_to=dt.date(2020, 3, 31), limit=LIMIT
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", required=True, help="Database URL; it is emptied first.")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="Keep the filled database from an earlier run.")
    parser.add_argument("--json", action="store_true", help="Print JSON (the only output format).")
    args = parser.parse_args()
    from timeline import db

    if args.reuse:
        engine, seconds, written = db.open_database(args.db), 0.0, 0
    else:
        engine = empty_database(args.db)
        seconds, written = fill(engine, args.events)
    result: dict[str, Any] = {
        "events": args.events,
        "db": args.db.split("://")[0],
        "fill_seconds": round(seconds, 1),
        "fill_rows": written,
        "fill_rows_per_s": round(written / seconds) if seconds else None,
    }
    for name, make in cases().items():
        result[name] = time_case(engine, make(), args.repeat)
    engine.dispose()
    result["command"] = time_command(args.db, ["--actor", "CJNG", "--limit", str(LIMIT)], 5)
    result["command_json"] = time_command(
        args.db, ["--actor", "CJNG", "--limit", str(LIMIT), "--format", "json"], 5
    )
    result["code"] = code_state()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

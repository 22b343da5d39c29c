"""Print the README's results tables (Markdown) from bench/results/*.json.

.venv/bin/python bench/table.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BACKENDS = (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):  # not run, or still running
        return None


def cell(value: Any) -> str:
    return "–" if value is None else str(value)


def ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def rss(j1: dict[str, Any], j2: dict[str, Any] | None) -> str:
    tail = f" ({j2['peak_rss_mb']} / {j2['peak_worker_rss_mb']})" if j2 else ""
    return f"{j1['peak_rss_mb']}{tail}"


def ingest_table() -> list[str]:
    rows = [
        ("articles/s, 1 job", lambda j1, j2: j1["articles_per_s"]),
        ("articles/s, --jobs 2", lambda j1, j2: j2 and j2["articles_per_s"]),
        ("--jobs 2 ÷ 1 job", lambda j1, j2: j2 and round(j2["articles_per_s"] / j1["articles_per_s"], 2)),
        ("MB/s, 1 job", lambda j1, j2: j1["mb_per_s"]),
        ("articles/s, first → last tenth (1 job)",
         lambda j1, j2: f'{j1["articles_per_s_by_decile"][0]} → {j1["articles_per_s_by_decile"][-1]}'),
        ("peak RSS MiB, 1 job (main / worker with --jobs 2)", rss),
        ("naive baseline articles/s (same run, same articles)", lambda j1, j2: j1["baseline_articles_per_s"]),
        ("ratio vs baseline (whole ingest)", lambda j1, j2: j1["ratio_vs_baseline"]),
        ("pipeline alone, no database: articles/s", lambda j1, j2: j1["extract_only_articles_per_s"]),
        ("pipeline alone ÷ baseline", lambda j1, j2: j1["extract_only_ratio_vs_baseline"]),
        ("events new + merged", lambda j1, j2: f'{j1["events_new"]} + {j1["events_merged"]}'),
    ]  # fmt: skip
    out = ["| 1,000 articles (2.9 MB) | " + " | ".join(label for _, label in BACKENDS) + " |",
           "|---|" + "---|" * len(BACKENDS)]  # fmt: skip
    runs = {b: (load(f"ingest-{b}-1000-j1"), load(f"ingest-{b}-1000-j2")) for b, _ in BACKENDS}
    for label, get in rows:
        values = [cell(get(*runs[b])) if runs[b][0] else "–" for b, _ in BACKENDS]
        out.append(f"| {label} | " + " | ".join(values) + " |")
    return out


QUERY_CASES = [("most_common_actor", "most common actor (CJNG, 36%)"),
               ("most_common_actor_2015", "most common actor, 2015 only"),
               ("rare_actor", "rare actor (Los Tlacos)"),
               ("state_with_towns", "a state with its towns (Sinaloa)"),
               ("date_window", "a date window (March 2020)")]  # fmt: skip


def query_table() -> list[str]:
    runs = {b: load(f"query-{b}-1000000") for b, _ in BACKENDS}
    out = ["| 1,000,000 events, 50 per page: p50 / p95 ms | "
           + " | ".join(f"{label} ids | {label} ids + records" for _, label in BACKENDS) + " |",
           "|---|" + "---|" * (2 * len(BACKENDS))]  # fmt: skip
    for key, label in QUERY_CASES:
        values = []
        for b, _ in BACKENDS:
            r = runs[b]
            if r is None:
                values += ["–", "–"]
                continue
            c = r[key]
            values += [
                f"{ms(c['ids']['p50_ms'])} / {ms(c['ids']['p95_ms'])}",
                f"{ms(c['p50_ms'])} / {ms(c['p95_ms'])}",
            ]
        out.append(f"| {label} | " + " | ".join(values) + " |")
    done = [r for r in (runs[b] for b, _ in BACKENDS)]
    walls = [f"{r['command']['p50_s']} s" if r else "–" for r in done]
    out.append(
        "| `timeline chronology --actor CJNG --limit 50`, wall | "
        + " | ".join(f"{w} | " for w in walls)
        + "|"
    )
    fills = [
        "–" if not r
        else f"{r['fill_seconds']} s ({r['fill_rows_per_s']:,} rows/s)" if r.get("fill_rows_per_s")
        else "(reused)"
        for r in done
    ]  # fmt: skip
    out.append("| bulk fill (driver executemany / COPY) | " + " | ".join(f"{f} | " for f in fills) + "|")
    return out


def before_after_table() -> list[str]:
    """The previous query.py against the current one, from the same process (query-before-after-*.json)."""
    runs = {b: load(f"query-before-after-{b}-1000000") for b, _ in BACKENDS}
    out = ["| p50 ms, ids + records (ids alone) | "
           + " | ".join(f"{label} before | {label} after" for _, label in BACKENDS) + " |",
           "|---|" + "---|" * (2 * len(BACKENDS))]  # fmt: skip
    for key, label in QUERY_CASES:
        values = []
        for b, _ in BACKENDS:
            r = runs[b]
            for when in ("before", "after"):
                c = r[key][when] if r else None
                values.append(f"{ms(c['ids_records_p50_ms'])} ({ms(c['ids_p50_ms'])})" if c else "–")
        out.append(f"| {label.split(' (')[0]} | " + " | ".join(values) + " |")
    return out


if __name__ == "__main__":
    print("\n".join(ingest_table()))
    print()
    print("\n".join(query_table()))
    print()
    print("\n".join(before_after_table()))

"""Several `timeline ingest` processes against one database: throughput and correctness.

    .venv/bin/python bench/scaleout.py --articles 1000 --processes 2 \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/timeline_bench --json

Empties the database, splits the corpus of ``bench/corpus.py`` into
``--processes`` disjoint lists of files and runs one ``timeline ingest --jobs J``
per list at the same time (as separate machines would). Then it checks what
must hold however the writers interleave: one source per article, no content
hash twice, every event linked to a source, and that a second round (every
process given the whole corpus again) adds nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PLACES, corpus_folder, write_corpus  # noqa: E402
from ingest import code_state, empty_database  # noqa: E402

EXE = str(Path(sys.executable).with_name("timeline"))


def files_under(folder: str) -> list[str]:
    return sorted(str(p) for p in Path(folder).rglob("*.txt"))


def run_all(url: str, lists: list[list[str]], jobs: int) -> tuple[float, list[int]]:
    """Start one ingest per list at once; the wall time until the last ends, and exit codes."""
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in lists]
        t0 = time.perf_counter()
        procs = [
            subprocess.Popen(
                [EXE, "--db", url, "ingest", "--jobs", str(jobs), *files],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            for files, log in zip(lists, logs, strict=True)
        ]
        codes = [p.wait() for p in procs]
        seconds = time.perf_counter() - t0
        for code, log in zip(codes, logs, strict=True):
            log.seek(0)
            summary = log.read().decode(errors="replace").strip().splitlines()
            print(f"exit {code}: {summary[-1] if summary else ''}", file=sys.stderr)
    return seconds, codes


def counts(url: str) -> dict[str, int]:
    from sqlalchemy import text

    from timeline import db

    engine = db.make_engine(url)
    queries = {
        "sources": "SELECT count(*) FROM sources",
        "duplicate_hashes": "SELECT count(*) - count(DISTINCT content_sha256) FROM sources",
        "events": "SELECT count(*) FROM events",
        "events_without_source": "SELECT count(*) FROM events e WHERE NOT EXISTS "
        "(SELECT 1 FROM event_sources es WHERE es.event_id = e.id)",
        "merges": "SELECT count(*) FROM event_merges",
    }
    with engine.connect() as conn:
        out = {name: int(conn.execute(text(sql)).scalar_one()) for name, sql in queries.items()}
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", required=True, help="Database URL; it is emptied first.")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--places", choices=PLACES, default="fixed", help="Where events happen (corpus.py).")
    parser.add_argument("--json", action="store_true", help="Print JSON (the only output format).")
    args = parser.parse_args()
    corpus = corpus_folder(args.articles, args.seed, args.places)
    write_corpus(corpus, args.articles, args.seed, args.places)
    files = files_under(corpus)
    empty_database(args.db).dispose()
    lists = [files[i :: args.processes] for i in range(args.processes)]
    seconds, codes = run_all(args.db, lists, args.jobs)
    after_first = counts(args.db)
    again, codes_again = run_all(args.db, [files] * args.processes, args.jobs)
    result: dict[str, Any] = {
        "articles": args.articles, "processes": args.processes, "jobs_each": args.jobs,
        "db": args.db.split("://")[0], "seconds": round(seconds, 1),
        "articles_per_s": round(args.articles / seconds, 1), "exit_codes": codes,
        "after_first_round": after_first,
        "second_round_seconds": round(again, 1), "second_round_exit_codes": codes_again,
        "after_second_round": counts(args.db), "cpus": os.cpu_count(), "code": code_state(),
    }  # fmt: skip
    result["correct"] = (
        after_first["sources"] == args.articles
        and after_first["duplicate_hashes"] == 0
        and after_first["events_without_source"] == 0
        and result["after_second_round"] == after_first
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

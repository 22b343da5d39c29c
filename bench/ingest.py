"""Ingest throughput, memory and the naive-baseline ratio, measured in one run.

    .venv/bin/python bench/ingest.py --articles 1000 --db sqlite:////tmp/bench.db --json
    .venv/bin/python bench/ingest.py --articles 1000 --jobs 2 \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/timeline_bench --json

Generates (or reuses) the corpus of ``bench/corpus.py``, empties the database,
then ingests the corpus with ``timeline.ingest.ingest_paths``, the function
behind ``timeline ingest``. In the same run, on the first ``--baseline-articles``
of the same documents, it times the naive approach: ``dateparser.search_dates``
over each whole article with ``languages`` and ``RELATIVE_BASE`` set, dates
only (reading excluded, parser warm), so the ratio flatters the baseline.

Prints one JSON object: articles, seconds, articles_per_s, mb_per_s,
peak_rss_mb (this process and, with --jobs, the largest worker; MiB),
rss_mb_by_decile (flat means streaming), articles_per_s_by_decile,
baseline_articles_per_s and ratio_vs_baseline, and, on the same sample, the
pipeline alone without the database (extract_only_articles_per_s: the
difference to articles_per_s is what storing costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import PLACES, corpus_folder, write_corpus  # noqa: E402


def code_state() -> dict[str, Any]:
    """The commit measured and the source files that differed from it (read-only git)."""
    import subprocess

    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True).stdout

    changed = [line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "uncommitted": changed}


def rss_mb() -> float:
    """Current resident set size of this process."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def empty_database(url: str) -> Any:
    """A schema-ready engine on an empty database (SQLite file removed; PostgreSQL downgraded)."""
    from timeline import db

    engine = db.make_engine(url)
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        for suffix in ("", "-wal", "-shm"):
            if path and os.path.exists(path + suffix):
                os.remove(path + suffix)
    elif db.current_revision(engine) is not None:
        db.downgrade(engine, "base")
    engine.dispose()
    return db.open_database(url)


class Deciles:
    """Progress callback: the time and RSS at each tenth of the corpus."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.marks = {max(1, total * k // 10) for k in range(1, 11)}
        self.times: list[float] = []
        self.rss: list[float] = []
        self.start = time.perf_counter()

    def __call__(self, _path: str, _status: str) -> None:
        self.done += 1
        if self.done in self.marks:
            self.times.append(time.perf_counter())
            self.rss.append(round(rss_mb(), 1))

    def rates(self) -> list[float]:
        edges = [self.start, *self.times]
        step = self.total / 10
        return [round(step / (b - a), 1) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def run_ingest(url: str, corpus: str, n: int, jobs: int) -> dict[str, Any]:
    from timeline.extract.pipeline import warm_up
    from timeline.ingest import ingest_paths

    engine = empty_database(url)
    warm_up()  # the baseline is timed warm too
    deciles = Deciles(n)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    report = ingest_paths(engine, [corpus], jobs=jobs, progress=deciles)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    engine.dispose()
    if report.failures:
        print(f"{len(report.failures)} failures, first: {report.failures[0]}", file=sys.stderr)
    return {
        "seconds": round(seconds, 2),
        "main_process_cpu_s": round(cpu, 2),
        "documents": report.documents,
        "events_new": report.events_new,
        "events_merged": report.events_merged,
        "failures": len(report.failures),
        "peak_rss_mb": round(peak_mb(resource.RUSAGE_SELF), 1),
        "peak_worker_rss_mb": round(peak_mb(resource.RUSAGE_CHILDREN), 1) if jobs > 1 else None,
        "rss_mb_by_decile": deciles.rss,
        "articles_per_s_by_decile": deciles.rates(),
    }


def read_sample(corpus: str, k: int) -> list[Any]:
    from timeline.extract.reader import iter_documents

    docs = []
    for item in iter_documents([corpus]):
        if item.document is not None:
            docs.append(item.document)
        if len(docs) == k:
            break
    return docs


def run_extract_only(docs: list[Any]) -> dict[str, Any]:
    """The pipeline alone (no database) on the baseline's articles: what storing costs, by difference."""
    from timeline.extract.pipeline import extract

    t0 = time.perf_counter()
    for doc in docs:
        extract(doc)
    seconds = time.perf_counter() - t0
    return {"extract_only_articles_per_s": round(len(docs) / seconds, 1)}


def run_baseline(docs: list[Any]) -> dict[str, Any]:
    """dateparser.search_dates over each whole article: the naive date stage."""
    from dateparser.search import search_dates

    search_dates("Gunmen killed two people on Monday.", languages=["en"])  # import and first parse
    found = 0
    t0 = time.perf_counter()
    for doc in docs:
        published = doc.meta.published
        base = dt.datetime.combine(published.start, dt.time()) if published and published.start else None
        settings = {"RELATIVE_BASE": base} if base else {}
        found += len(search_dates(doc.text, languages=[doc.meta.language or "en"], settings=settings) or [])
    seconds = time.perf_counter() - t0
    return {
        "baseline_articles": len(docs),
        "baseline_seconds": round(seconds, 2),
        "baseline_dates_found": found,
        "baseline_articles_per_s": round(len(docs) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", required=True, help="Database URL; it is emptied first.")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--places", choices=PLACES, default="fixed", help="Where events happen (corpus.py).")
    parser.add_argument("--corpus", help="Corpus folder (default under /tmp/timeline-bench).")
    parser.add_argument(
        "--baseline-articles",
        type=int,
        default=300,
        help="How many of the same articles the naive baseline reads (0: skip).",
    )
    parser.add_argument("--json", action="store_true", help="Print JSON (the only output format).")
    args = parser.parse_args()
    corpus = args.corpus or corpus_folder(args.articles, args.seed, args.places)
    total_bytes = write_corpus(corpus, args.articles, args.seed, args.places)
    code = code_state()  # at the start: a long run's files may change before it ends
    result: dict[str, Any] = {
        "articles": args.articles,
        "places": args.places,
        "jobs": args.jobs,
        "db": args.db.split("://")[0],
        "corpus_mb": round(total_bytes / 1e6, 1),
    }
    result |= run_ingest(args.db, corpus, args.articles, args.jobs)
    result["articles_per_s"] = round(args.articles / result["seconds"], 1)
    result["mb_per_s"] = round(total_bytes / 1e6 / result["seconds"], 2)
    if args.baseline_articles:
        docs = read_sample(corpus, min(args.baseline_articles, args.articles))
        result |= run_baseline(docs)
        result["ratio_vs_baseline"] = round(result["articles_per_s"] / result["baseline_articles_per_s"], 2)
        result |= run_extract_only(docs)
        result["extract_only_ratio_vs_baseline"] = round(
            result["extract_only_articles_per_s"] / result["baseline_articles_per_s"], 2
        )
    result["cpus"] = os.cpu_count()
    result["code"] = code
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Concurrent writers, on every backend: several ``timeline ingest`` of overlapping
corpora into one database at once all exit 0 and leave exactly what one clean run
makes, cross-source merges included (no duplicate actors, places, sources or events).

Why that can hold: writers that may read or change the same events store one at a
time (SQLite ``BEGIN IMMEDIATE``; PostgreSQL advisory locks per region and month,
``timeline.locks``), so each merge decision sees every event it could match; the
schema and the reference data are created under a lock too; and what an event says
does not depend on the order its reports arrived in (``timeline.store``: its lead
reading is the source whose name sorts first, a copy of a text keeps the name that sorts
first).

What does not hold, and why the corpus avoids it: merging is greedy and
``merge.match``'s perpetrator veto is not transitive. A report naming no
perpetrator matches one naming group A and one naming group B, which do not match
each other; the event it joins first takes the union of perpetrators and then
vetoes the other, so the first stored decides (seen with three reports of one
incident, and with two incidents on one day in one town). Pairs of reports of
distinct incidents, as ``tests/corpus_gen.py`` writes them, merge the same in
any order; ``test_order_of_documents_does_not_change_the_result`` checks that.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BACKENDS
from tests.corpus_gen import (
    clean_run,
    fresh_database,
    problems,
    snapshot,
    subprocess_env,
    timeline_argv,
    write_corpus,
)
from timeline.db import open_database
from timeline.ingest import ingest_paths

pytestmark = pytest.mark.slow

N = 200
SEED_CORPUS = 11  # the crash tests' corpus: one clean run serves both


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("concurrency") / "articles"
    write_corpus(folder, N, SEED_CORPUS)
    return folder


def run_together(url: str, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every ``timeline --db URL ...`` command at once; wait for all."""
    procs = [
        subprocess.Popen(timeline_argv(url, *args), env=subprocess_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for args in commands
    ]  # fmt: skip
    done = []
    for proc, args in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return done


def assert_all_ok(runs: list[subprocess.CompletedProcess[str]]) -> None:
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr and "Error" not in run.stderr, run.stderr


def test_order_of_documents_does_not_change_the_result(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    engine = open_database(f"sqlite:///{tmp_path / 'reversed.db'}")
    try:
        assert ingest_paths(engine, files[::-1]).ok
        assert snapshot(engine) == clean_run(N, SEED_CORPUS)["snapshot"]
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_three_writers_on_a_new_database_equal_one_clean_run(
    backend: str, corpus: Path, tmp_path: Path
) -> None:
    """No schema yet: the writers race to create it and to load the reference data. One stores
    the even-numbered files, one the odd-numbered, so the two reports of an incident are mostly
    stored by different processes and must still become one event; the third stores them all,
    in reverse order, overlapping both.

    The PostgreSQL database defaults to REPEATABLE READ: writers pin READ COMMITTED, or a
    writer would decide on a snapshot taken before it got the lock (measured: "could not
    serialize access" errors and lost merges)."""
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    repeatable = {"default_transaction_isolation": "repeatable read"}
    with fresh_database(backend, tmp_path, pg_settings=repeatable) as url:
        runs = run_together(
            url, ["ingest", *files[0::2]], ["ingest", *files[1::2]], ["ingest", *files[::-1]]
        )
        assert_all_ok(runs)
        engine = open_database(url)
        try:
            assert problems(engine) == []
            got = snapshot(engine)
        finally:
            engine.dispose()
    assert got == clean_run(N, SEED_CORPUS)["snapshot"]
    merged = [e for e in map(json.loads, got["events"]) if len({s["document"] for s in e["sources"]}) > 1]
    assert len(merged) >= 20  # the corpus has dozens of incidents reported twice

"""Crash safety, on every backend: ``kill -9`` at any moment of an ingest, then the same
ingest again, leaves exactly what one clean run makes.

After the kill every stored document is whole (its quotes and figures are all
there, as in the clean run) and nothing else is broken; the second run stores
exactly the documents the first did not, and the database then equals the clean
run's, compared through the export (without event ids) and the tables behind it.

One kill lands at a random moment from start-up (on SQLite into a new database:
schema creation, reference data, the first documents); one lands while documents are
being stored, after a random number of them plus a random few milliseconds, so
it hits a transaction at an arbitrary statement. ``scripts/crash_run.sh`` repeats
this by hand through ``timeline export``.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import DBAPIError

from tests.conftest import BACKENDS
from tests.corpus_gen import (
    clean_run,
    fresh_database,
    problems,
    rows_per_source,
    snapshot,
    subprocess_env,
    timeline_argv,
    write_corpus,
)  # fmt: skip
from timeline.db import open_database
from timeline.models import Source

pytestmark = pytest.mark.slow

N = 200
SEED_CORPUS = 11
SUMMARY = re.compile(
    r"^(\d+) documents: (\d+) added, (\d+) replaced, (\d+) already ingested, (\d+) failed;", re.M
)
# Random kill points, reproducible with TIMELINE_TEST_SEED=<seed> (printed on failure).
SEED = int(os.environ.get("TIMELINE_TEST_SEED", random.randrange(1 << 30)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "articles"
    write_corpus(folder, N, SEED_CORPUS)
    return folder


def stored(engine: Engine) -> int:
    """Documents committed so far (0 while the schema does not exist yet)."""
    try:
        with engine.connect() as conn:
            conn.info["write"] = False  # SQLite: a plain BEGIN, never waiting for the writer
            try:
                return int(conn.scalar(select(func.count()).select_from(Source)) or 0)
            finally:
                conn.rollback()
                conn.info.pop("write", None)
    except DBAPIError:
        return 0


def kill_9(url: str, corpus: Path, when: Callable[[Engine], bool], poll: float = 0.01) -> None:
    """Start ``timeline ingest`` and SIGKILL it the moment ``when(engine)`` holds."""
    proc = subprocess.Popen(
        timeline_argv(url, "ingest", str(corpus)), env=subprocess_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    engine = open_database(url, create=False)
    try:
        while proc.poll() is None and not when(engine):
            time.sleep(poll)
        assert proc.poll() is None, "the ingest finished before the kill: choose an earlier moment"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        engine.dispose()


def after(seconds: float) -> Callable[[Engine], bool]:
    deadline = time.monotonic() + seconds
    return lambda _engine: time.monotonic() >= deadline


def after_documents(count: int, jitter: float) -> Callable[[Engine], bool]:
    def ready(engine: Engine) -> bool:
        if stored(engine) < count:
            return False
        time.sleep(jitter)  # land anywhere inside the next document's transaction
        return True

    return ready


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("moment", ["start-up", "mid-run"])
def test_kill_9_then_the_same_ingest_equals_one_clean_run(
    backend: str, moment: str, corpus: Path, templates: dict[str, str], tmp_path: Path
) -> None:
    rng = random.Random(f"{SEED}-{backend}-{moment}")
    reference = clean_run(N, SEED_CORPUS)
    if moment == "start-up":  # schema (a new SQLite file), reference data, the first documents
        template = None if backend == "sqlite" else templates[backend]  # PostgreSQL DDL is transactional
        # The whole ingest takes 1.4 s here, start-up (imports, schema, reference data) about
        # 0.8 s of it: a kill at up to 0.8 s lands in start-up or the first documents (up to
        # 1.5 s came after the end, once storing got faster).
        when, what = after(rng.uniform(0.2, 0.8)), "delay"
    else:
        count = rng.randrange(10, N - 40)
        when, template, what = after_documents(count, rng.uniform(0, 0.03)), templates[backend], "count"
    with fresh_database(backend, tmp_path, template) as url:
        kill_9(url, corpus, when)
        context = f"TIMELINE_TEST_SEED={SEED} ({moment}: kill after a random {what})"
        engine = open_database(url, create=False)
        before = 0
        if "sources" in inspect(engine).get_table_names():  # killed before the schema: nothing to check
            assert problems(engine) == [], context
            whole = rows_per_source(engine)
            assert whole == {name: reference["rows"][name] for name in whole}, context
            before = len(whole)
        engine.dispose()
        rerun = subprocess.run(
            timeline_argv(url, "ingest", str(corpus)), env=subprocess_env(), capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert rerun.returncode == 0, f"{context}: {rerun.stderr}"
        assert "Traceback" not in rerun.stderr
        total, added, replaced, skipped, failed = map(int, SUMMARY.search(rerun.stderr).groups())  # type: ignore[union-attr]
        copies = N - len(reference["rows"])  # syndicated copies: the same text under a later name
        assert (total, replaced, failed) == (N, 0, 0), context
        assert (added, skipped) == (N - before - copies, before + copies), context
        engine = open_database(url)
        try:
            assert problems(engine) == [], context
            assert snapshot(engine) == reference["snapshot"], context
        finally:
            engine.dispose()

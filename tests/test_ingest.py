"""Ingest into the database, on every backend: idempotent, atomic per document, merging across sources."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import SEEDS
from tests.corpus_gen import clean_run, problems, snapshot, write_corpus
from timeline import ingest
from timeline.db import session_factory
from timeline.ingest import WORKER_NICE, _init_worker, analyze_grown, ingest_paths
from timeline.models import Actor, CasualtyFigure, Event, EventMerge, EventSource, Location, Source
from timeline.query import Filters, chronology_ids, export_document

PAIR = {
    "a.txt": "Gunmen attacked a bar in Irapuato, Guanajuato, on Sunday, killing 12 people and wounding 5.",
    "b.txt": "Armed men opened fire in a bar in Irapuato on Sunday night. At least 11 people were killed "
    "in the attack in the state of Guanajuato, officials said.",
}


def write_pair(folder: Path) -> None:
    for name, text in PAIR.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps(
            [
                {"file": "a.txt", "publisher": "Outlet A", "published": "2021-05-31", "language": "en"},
                {"file": "b.txt", "publisher": "Outlet B", "published": "2021-06-01", "language": "en"},
            ]
        )
    )


def count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_seed_corpus_is_idempotent(engine) -> None:  # type: ignore[no-untyped-def]
    first = ingest_paths(engine, [str(SEEDS)])
    assert (first.added, first.skipped, first.failures) == (4, 0, [])
    with session_factory(engine)() as s:
        before = export_document(s.connection())
    counts = {m: count(engine, m) for m in (Source, Event, EventSource, CasualtyFigure, Actor, Location)}
    again = ingest_paths(engine, [str(SEEDS)])
    assert (again.added, again.skipped) == (0, 4)
    assert {m: count(engine, m) for m in counts} == counts
    with session_factory(engine)() as s:
        assert export_document(s.connection()) == before


def test_one_event_reported_by_two_outlets_is_one_row(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_pair(tmp_path)
    report = ingest_paths(engine, [str(tmp_path)])
    assert report.events_merged == 1
    with session_factory(engine)() as s:
        doc = export_document(s.connection())
        (event,) = doc["events"]
        assert {src["document"] for src in event["sources"]} == {"a.txt", "b.txt"}
        merge = s.scalars(select(EventMerge)).one()
        assert merge.rule == "cross-source" and 0.55 <= merge.score <= 1
        # Each source keeps its own figure; the event shows the best one.
        figures = sorted(
            (f.best, f.qualifier)
            for f in s.scalars(select(CasualtyFigure).where(CasualtyFigure.kind == "killed"))
        )
        assert figures == [(11, "at_least"), (12, "exact")]
    assert event["date"]["start"] == "2021-05-30" and event["date"]["precision"] == "day"
    assert event["location"]["name"] == "Irapuato"
    assert {c["kind"] for c in event["casualties"]} >= {"killed", "injured"}


def test_changed_document_replaces_its_old_extraction(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.txt"
    path.write_text("Gunmen killed three police officers in Celaya on Monday.")
    ingest_paths(engine, [str(path)], published="2021-05-31")
    path.write_text("Gunmen killed four police officers in Celaya on Tuesday.")
    report = ingest_paths(engine, [str(path)], published="2021-06-01")
    assert report.replaced == 1
    with session_factory(engine)() as s:
        (event,) = export_document(s.connection())["events"]
    assert event["casualties"][0]["count"] == 4 and event["date"]["start"] == "2021-06-01"
    assert count(engine, Source) == 1 and count(engine, Event) == 1


def test_bad_file_is_reported_and_the_rest_ingest(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(SEEDS, tmp_path / "corpus")
    (tmp_path / "corpus" / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    report = ingest_paths(engine, [str(tmp_path / "corpus")])
    assert report.added == 4 and len(report.failures) == 1
    path, message = report.failures[0]
    assert "broken.txt" in path and "broken.txt" in message


def test_chronology_by_alias_and_place(engine) -> None:  # type: ignore[no-untyped-def]
    ingest_paths(engine, [str(SEEDS)])
    with session_factory(engine)() as s:
        window = dict(
            date_from=__import__("datetime").date(2015, 1, 1),
            date_to=__import__("datetime").date(2026, 12, 31),
        )
        by = {
            name: chronology_ids(s.connection(), Filters(actor=name, **window))
            for name in (
                "CJNG",
                "Jalisco New Generation Cartel",
                "cártel de jalisco nueva generación",
                "cartel de jalisco nueva generacion",
            )
        }
        assert len({tuple(v) for v in by.values()}) == 1
        records = export_document(s.connection(), Filters(actor="CJNG", **window))["events"]
        starts = [e["date"]["start"] for e in records]
        assert starts == sorted(starts)
        assert starts[0].startswith("2015") and "2026-02-22" in starts
        jalisco = export_document(s.connection(), Filters(place="Jalisco"))["events"]
        assert any(e["location"]["name"] == "Tapalpa" for e in jalisco)


@pytest.mark.parametrize("value", ["'; DROP TABLE events; --", "100%", "_", "O'Brien \x07"])
def test_hostile_actor_names_are_data(engine, value: str) -> None:  # type: ignore[no-untyped-def]
    from timeline.errors import InputError

    with session_factory(engine)() as s, pytest.raises(InputError, match="No actor named"):
        chronology_ids(s.connection(), Filters(actor=value))
    assert count(engine, Event) == 0


def test_a_merge_can_be_undone(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from timeline.db import transaction
    from timeline.errors import InputError
    from timeline.merges import unmerge

    write_pair(tmp_path)
    ingest_paths(engine, [str(tmp_path)])
    with session_factory(engine)() as s:
        (event,) = export_document(s.connection())["events"]
    with transaction(engine) as s:
        with pytest.raises(InputError, match="no merge from 'a.txt'"):
            unmerge(s, int(event["id"]), "a.txt")
        new_id = unmerge(s, int(event["id"]), "b.txt")
    with session_factory(engine)() as s:
        events = {e["id"]: e for e in export_document(s.connection())["events"]}
        assert s.scalar(select(func.count()).select_from(EventMerge)) == 0
    assert {src["document"] for src in events[event["id"]]["sources"]} == {"a.txt"}
    assert {src["document"] for src in events[str(new_id)]["sources"]} == {"b.txt"}
    assert [c["count"] for c in events[str(new_id)]["casualties"] if c["kind"] == "killed"] == [11]
    assert [c["count"] for c in events[event["id"]]["casualties"] if c["kind"] == "killed"] == [12]


def test_quotes_stored_without_their_words_match_the_same(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Matching reads each event's stored words; events and quotes written without them (by an
    older version) have them computed from the text, and the merges come out the same."""
    from sqlalchemy import text

    from timeline.db import open_database

    write_pair(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "a.txt"), (second, "b.txt")):
        folder.mkdir()
        shutil.copy(tmp_path / name, folder / name)
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        (folder / "manifest.json").write_text(json.dumps([m for m in manifest if m["file"] == name]))
    reference = open_database(f"sqlite:///{tmp_path / 'reference.db'}")
    for target in (reference, engine):
        ingest_paths(target, [str(SEEDS), str(first)])
    with engine.begin() as conn:
        stored = "SELECT count(*) FROM event_sources WHERE quote_words IS NOT NULL"
        assert conn.execute(text(stored)).scalar()
        conn.execute(text("UPDATE event_sources SET quote_words = NULL"))
        conn.execute(text("UPDATE events SET quote_words = NULL"))
    for target in (reference, engine):
        assert ingest_paths(target, [str(second)]).events_merged == 1  # b.txt's report joins a.txt's
    merges = "SELECT score, details FROM event_merges ORDER BY score, details"  # details: the words' share
    with engine.connect() as mine, reference.connect() as theirs:
        assert mine.execute(text(merges)).all() == theirs.execute(text(merges)).all()
    with session_factory(engine)() as s, session_factory(reference)() as r:
        assert export_document(s.connection())["events"] == export_document(r.connection())["events"]
    reference.dispose()


def test_extraction_workers_give_what_one_process_gives(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--jobs 2: documents extracted in two worker processes (in batches, two in flight) and
    stored by this one make the database one process makes."""
    folder = tmp_path / "articles"
    write_corpus(folder, 200, 11)  # the reliability tests' corpus: its clean run is computed once
    thresholds = gc.get_threshold()
    report = ingest_paths(engine, [str(folder)], jobs=2)
    assert gc.get_threshold() == thresholds  # the collector's, set for the ingest, given back
    assert (report.documents, report.failures) == (200, [])
    assert problems(engine) == []
    assert snapshot(engine) == clean_run(200, 11)["snapshot"]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_extraction_workers_yield_the_cpu_to_the_storing_process() -> None:
    with multiprocessing.get_context("fork").Pool(1, initializer=_init_worker) as pool:
        worker = pool.apply(os.nice, (0,))
    assert worker == min(19, os.nice(0) + WORKER_NICE)


def test_a_document_the_database_refuses_is_rolled_back_alone(  # type: ignore[no-untyped-def]
    engine, tmp_path: Path, monkeypatch
) -> None:
    """A statement refused halfway through a document (after its source, events and quotes
    were written) undoes that document's savepoint only: one failure line, the other document
    stored, nothing of the refused one left, and a rerun stores it. On PostgreSQL the refusal
    of this last, unread write arrives as the document's pipeline ends (``Driver.pipeline``)."""
    import timeline.store

    write_pair(tmp_path)
    insert_new_events = timeline.store._insert_new_events

    def refusing(w, source_id, drafts):  # type: ignore[no-untyped-def]
        insert_new_events(w, source_id, drafts)
        if w.doc.meta.name == "a.txt":  # no event -1: the foreign key refuses it
            w.db.run("INSERT INTO event_actors (event_id, actor_id, role) VALUES (-1, -1, 'other')")

    monkeypatch.setattr(timeline.store, "_insert_new_events", refusing)
    report = ingest_paths(engine, [str(tmp_path)])
    assert report.added == 1
    assert [(Path(path).name, "could not be stored" in message) for path, message in report.failures] == [
        ("a.txt", True)
    ]
    assert problems(engine) == []
    with session_factory(engine)() as s:
        ((b_id, name),) = s.execute(select(Source.id, Source.file_name)).all()
        assert name == "b.txt"
        assert set(s.scalars(select(EventSource.source_id))) == {b_id}
        assert set(s.scalars(select(CasualtyFigure.source_id))) <= {b_id}
    monkeypatch.undo()
    again = ingest_paths(engine, [str(tmp_path)])
    assert (again.added, again.skipped, again.failures) == (1, 1, [])
    assert problems(engine) == []
    assert count(engine, Event) == 1  # the two reports of the bar attack, merged


def test_tables_that_outgrew_their_statistics_are_analyzed(engine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL: what an ingest wrote gets statistics (the plans its prepared statements
    keep were made with them); SQLite: nothing is asked of it."""
    monkeypatch.setattr(ingest, "GROWN_ROWS", 1)
    ingest_paths(engine, [SEEDS])
    with engine.connect() as conn:
        if engine.dialect.name != "postgresql":
            assert analyze_grown(conn) == []
            return
        events = conn.execute(select(func.count()).select_from(Event)).scalar_one()
        counted = "SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass"
        deadline = time.monotonic() + 20
        while conn.exec_driver_sql(counted).scalar() != events and time.monotonic() < deadline:
            analyze_grown(conn)  # the server's counts of changed rows lag a moment behind
            time.sleep(0.2)
        assert conn.exec_driver_sql(counted).scalar() == events > 0


def test_the_ingest_keeps_one_plan_per_statement_and_gives_the_connection_back_as_it_was(  # type: ignore[no-untyped-def]
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the ingest's connection plans each prepared statement once (the server
    would plan the candidate search again at every execution); the pool gets it back with
    the server's default, for whoever takes it next."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite plans every statement once")
    modes: list[str] = []
    real = ingest._Storer._open

    def spying(self):  # type: ignore[no-untyped-def]
        db = real(self)
        modes.append(db.scalar("SHOW plan_cache_mode"))
        return db

    monkeypatch.setattr(ingest._Storer, "_open", spying)
    ingest_paths(engine, [SEEDS])
    assert modes and set(modes) == {"force_generic_plan"}
    pooled = [engine.connect() for _ in range(engine.pool.checkedin() + 1)]  # every pooled one
    try:
        assert {c.exec_driver_sql("SHOW plan_cache_mode").scalar() for c in pooled} == {"auto"}
    finally:
        for c in pooled:
            c.close()

"""A replaced document (same file name, new content), on every backend: its old extraction
goes entirely, no event is left without a source, an event it shared with another source
survives with that source alone (which now leads it and has no merge record), and its
new content is read as new.

Known gap (the strict xfail below): the old text's actors, and its type, summary and
place when it led a shared event, stay on that event; the database keeps no reading
per source but the lead's, so they cannot be recomputed without a schema change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.corpus_gen import fresh_database, problems, snapshot
from timeline.db import open_database, session_factory
from timeline.ingest import ingest_paths
from timeline.models import EventMerge, EventSource, Source

TEXTS = {
    "a.txt": "Gunmen killed four police officers in Celaya, Guanajuato, on March 3, 2020.",
    "b.txt": "Four police officers were shot dead in Celaya, Guanajuato, on March 3, 2020. "
    "Prosecutors blamed the Santa Rosa de Lima Cartel.",
    "c.txt": "Hombres armados asesinaron a tres civiles en Uruapan, Michoacán, el 9 de junio de 2021.",
}
NEW_A = "Hombres armados asesinaron a dos militares en Culiacán, Sinaloa, el 5 de abril de 2021."
MANIFEST = [
    {"file": "a.txt", "publisher": "Outlet A", "published": "2020-03-04", "language": "en"},
    {"file": "b.txt", "publisher": "Outlet B", "published": "2020-03-04", "language": "en"},
    {"file": "c.txt", "publisher": "Outlet C", "published": "2021-06-10", "language": "es"},
]
NEW_MANIFEST = [{**MANIFEST[0], "published": "2021-04-06", "language": "es"}, *MANIFEST[1:]]


def write(folder: Path, texts: dict[str, str], manifest: list[dict[str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def readers(engine: Engine) -> list[list[str]]:
    """The documents of each event."""
    by_event: dict[int, set[str]] = {}
    with session_factory(engine)() as s:
        for event_id, name in s.execute(select(EventSource.event_id, Source.file_name).join(Source)):
            by_event.setdefault(event_id, set()).add(name)
    return sorted(sorted(names) for names in by_event.values())


def test_a_replaced_document_leaves_nothing_behind(
    engine: Engine, tmp_path: Path, templates: dict[str, str]
) -> None:
    folder = tmp_path / "corpus"
    write(folder, TEXTS, MANIFEST)
    assert ingest_paths(engine, [str(folder)]).events_merged == 1
    assert ["a.txt", "b.txt"] in readers(engine)

    write(folder, {**TEXTS, "a.txt": NEW_A}, NEW_MANIFEST)
    report = ingest_paths(engine, [str(folder)])
    assert (report.replaced, report.skipped, report.failures) == (1, 2, [])
    assert problems(engine) == []  # no event without a source, merge records balanced, ...
    assert readers(engine) == [["a.txt"], ["b.txt"], ["c.txt"]]
    with session_factory(engine)() as s:
        assert s.scalars(select(EventMerge)).all() == []  # b.txt leads its event alone now
        (a,) = s.execute(select(Source).where(Source.file_name == "a.txt")).scalars()
        assert a.text == NEW_A and a.language == "es"

    # As one clean run of the folder as it is now: the same readings, dates and figures per event.
    expected = clean_run_of(folder, engine.dialect.name, tmp_path, templates)
    got = snapshot(engine)
    assert got["sources"] == expected["sources"] and got["merges"] == expected["merges"]
    assert _facts(got["events"]) == _facts(expected["events"])


def clean_run_of(folder: Path, backend: str, tmp_path: Path, templates: dict[str, str]) -> dict[str, Any]:
    with fresh_database(backend, tmp_path, templates[backend]) as url:
        clean = open_database(url)
        try:
            assert ingest_paths(clean, [str(folder)]).ok
            return snapshot(clean)
        finally:
            clean.dispose()


def _facts(events: list[str]) -> list[tuple[str, ...]]:
    """Per event: its date, figures and quotes."""
    keep = ("date", "casualties", "sources")
    return sorted(tuple(json.dumps(json.loads(e)[k], sort_keys=True) for k in keep) for e in events)


@pytest.mark.xfail(strict=True, reason=(
    "the replaced text's reading stays on the event it shared: its actors (event_actors records no "
    "source) and, when it led the event, its type, summary and place (no reading but the lead's is "
    "kept); fixing it needs each source's reading stored (a schema change)"
))  # fmt: skip
def test_an_event_shared_with_a_replaced_document_is_as_if_it_never_was(
    engine: Engine, tmp_path: Path, templates: dict[str, str]
) -> None:
    folder = tmp_path / "corpus"
    write(folder, TEXTS, MANIFEST)
    ingest_paths(engine, [str(folder)])
    write(folder, {**TEXTS, "a.txt": NEW_A}, NEW_MANIFEST)
    ingest_paths(engine, [str(folder)])
    expected = clean_run_of(folder, engine.dialect.name, tmp_path, templates)
    assert snapshot(engine)["events"] == expected["events"]

"""Bad files beside good ones, end to end through ``timeline ingest`` on every backend.

Random bytes, an empty file, Latin-1 and cp1252 files, NUL bytes, a 50 MB file,
an unreadable file, a symlink loop, a manifest that is not JSON and one naming a
missing file: each gets one ``Error: <file>: <what is wrong>`` line, no
traceback; every good document, and the readable text of the Latin-1 and cp1252
files, is stored; the command exits 1 after its summary. (The reader's own tests
are in tests/extract/test_bad_files.py.)
"""

from __future__ import annotations

import builtins
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.corpus_gen import subprocess_env, timeline_argv, write_corpus
from timeline.db import open_database, session_factory
from timeline.models import EventSource, Source

pytestmark = pytest.mark.slow

LATIN1 = "El 3 de marzo de 2020, hombres armados asesinaron a cuatro policías en Uruapan, Michoacán.\n"
CP1252 = "Sicarios del “CJNG” mataron a cinco civiles en Celaya, Guanajuato, el 9 de mayo de 2021.\n"
STRAY_NUL = "Gunmen killed two soldiers in Culiacán, Sinaloa, on June 1, 2019.\x00 Nobody was arrested.\n"
SUMMARY = r"(\d+) documents: (\d+) added, 0 replaced, (\d+) already ingested, (\d+) failed;"
ROOT_READS_ANYTHING = os.name != "posix" or os.geteuid() == 0


def build(folder: Path, unreadable: bool) -> dict[str, str]:
    """Good articles and bad files in ``folder``; the expected problem for each bad path."""
    write_corpus(folder / "news", 6, seed=2)  # six distinct texts, English and Spanish
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (folder / "stray-nul.txt").write_bytes(STRAY_NUL.encode())
    (folder / "random.txt").write_bytes(random.Random(3).randbytes(4096))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nul.txt").write_bytes(b"\x00\x01\x02\x03" * 512)
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(50_000_000)  # sparse: nothing is written
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    (folder / "broken").mkdir()
    (folder / "broken" / "manifest.json").write_text('[{"file": "kept.txt", "title": ', encoding="utf-8")
    (folder / "broken" / "kept.txt").write_text("Gunmen killed three police officers in Celaya.\n")
    (folder / "listed").mkdir()
    (folder / "listed" / "manifest.json").write_text('[{"file": "gone.txt"}, {"file": "here.txt"}]')
    (folder / "listed" / "here.txt").write_text("Hombres armados mataron a dos policías en Irapuato.\n")
    expected = {
        "random.txt": "binary file, not text",
        "empty.txt": "empty file, nothing to ingest",
        "nul.txt": "binary file, not text",
        "huge.txt": "file is 50.0 MB, over the 20.0 MB limit",
        "loop-a.txt": "symlink loop; fix or remove the link",
        "loop-b.txt": "symlink loop; fix or remove the link",
        "broken/manifest.json": "not a valid JSON manifest",
        "listed/gone.txt": "listed in",
    }
    if unreadable:
        (folder / "locked.txt").write_text("Gunmen killed one officer in Zamora.\n")
        expected["locked.txt"] = "permission denied; make it readable (chmod +r) or remove it"
    return expected


def good_names(folder: Path) -> set[str]:
    news = {f"news/{p.name}" for p in (folder / "news").glob("*.txt")}
    return news | {"latin1.txt", "cp1252.txt", "stray-nul.txt", "broken/kept.txt", "listed/here.txt"}


def check(folder: Path, url: str, code: int, err: str, expected: dict[str, str]) -> None:
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    summary = lines[-1]
    errors = lines[:-1]
    assert all(line.startswith(f"Error: {folder}/") for line in errors), errors
    for name, problem in expected.items():
        (line,) = [line for line in errors if line.startswith(f"Error: {folder / name}: ")]
        assert problem in line
    assert len(errors) == len(expected)
    match = re.match(SUMMARY, summary)
    assert match, summary
    total, added, skipped, failed = map(int, match.groups())
    assert failed == len(expected) and added + skipped + failed == total
    engine = open_database(url)
    try:
        with session_factory(engine)() as s:
            sources = {r.file_name: r for r in s.execute(select(Source.file_name, Source.text))}
            quoted = set(s.scalars(select(Source.file_name).join(EventSource)))
    finally:
        engine.dispose()
    assert set(sources) == good_names(folder) and added == len(sources) and skipped == 0
    assert sources["latin1.txt"].text == LATIN1.strip() and sources["cp1252.txt"].text == CP1252.strip()
    assert sources["stray-nul.txt"].text == STRAY_NUL.replace("\x00", "").strip()
    assert {"latin1.txt", "cp1252.txt"} <= quoted  # their events were read from the decoded text


def test_bad_files_beside_good_ones_in_a_subprocess(engine: Engine, tmp_path: Path) -> None:
    """The real command: exit status, stderr, no traceback (mode 000 unless root, who reads it)."""
    db_url = engine.url.render_as_string(hide_password=False)
    folder = tmp_path / "corpus"
    folder.mkdir()
    expected = build(folder, unreadable=not ROOT_READS_ANYTHING)
    if not ROOT_READS_ANYTHING:
        (folder / "locked.txt").chmod(0)
    try:
        argv = timeline_argv(db_url, "ingest", str(folder))
        run = subprocess.run(argv, env=subprocess_env(), capture_output=True, text=True, timeout=300)
    finally:
        if not ROOT_READS_ANYTHING:
            (folder / "locked.txt").chmod(0o644)
    assert run.stdout == ""
    check(folder, db_url, run.returncode, run.stderr, expected)


def test_bad_files_beside_good_ones_through_the_cli(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process (``timeline.cli:main``), so an unreadable file can be made even as root."""
    from timeline.cli import main

    db_url = engine.url.render_as_string(hide_password=False)
    folder = tmp_path / "corpus"
    folder.mkdir()
    expected = build(folder, unreadable=True)
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(sys, "argv", ["timeline", "--db", db_url, "ingest", str(folder)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    assert out == ""
    check(folder, db_url, int(exit_info.value.code or 0), err, expected)

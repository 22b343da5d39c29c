"""Bad input never stops a read: each problem is one ReadFailure line, the rest still reads."""

from __future__ import annotations

import builtins
import json
import os
import random
from pathlib import Path

import pytest

from timeline.extract.model import Document
from timeline.extract.reader import ReadItem, iter_documents

GOOD = "Gunmen killed three police officers in Celaya, Guanajuato, on Monday.\n"


def read(*paths: Path | str, **kwargs: object) -> tuple[list[Document], list[str]]:
    items: list[ReadItem] = list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    docs = [i.document for i in items if i.document is not None]
    messages = [i.failure.message for i in items if i.failure is not None]
    for message in messages:
        assert "\n" not in message and "Traceback" not in message
    return docs, messages


def folder_with(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("random.txt", random.Random(7).randbytes(4096), "binary file, not text"),
        ("nuls.txt", b"\x00\x01\x02\x03" * 512, "binary file, not text"),
        ("elf.html", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "binary file, not text"),
        ("empty.txt", b"", "empty file, nothing to ingest"),
        ("blank.md", b"  \n\n\t\n", "empty file, nothing to ingest"),
        ("furniture.txt", b"Sponsored\n\nShare this:\n\nComments\n", "no article text found"),
    ],
)
def test_bad_document_is_one_failure(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    docs, messages = read(folder_with(tmp_path, name, data))
    assert [d.meta.name for d in docs] == ["good.txt"]
    (message,) = messages
    assert message.startswith(str(tmp_path / name) + ": ")
    assert expected in message


def test_stray_nul_bytes_are_dropped(tmp_path: Path) -> None:
    data = "Hombres armados mataron a dos policías en Celaya.".encode() + b"\x00" + b" Fin."
    docs, messages = read(folder_with(tmp_path, "nul.txt", data))
    assert messages == []
    assert docs[1].text == "Hombres armados mataron a dos policías en Celaya. Fin."


def test_utf16_without_bom(tmp_path: Path) -> None:
    docs, messages = read(folder_with(tmp_path, "u16.txt", "Balacera en Culiacán.".encode("utf-16-le")))
    assert messages == []
    assert docs[1].text == "Balacera en Culiacán."


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_encodings_read_with_accents(tmp_path: Path, encoding: str) -> None:
    text = (
        "Ejecutan a cinco en Uruapan, Michoacán; señalan al “CJNG”."
        if encoding == "cp1252"
        else ("Ejecutan a cinco en Uruapan, Michoacán; la Fiscalía investiga.")
    )
    docs, messages = read(folder_with(tmp_path, "old.txt", text.encode(encoding)))
    assert messages == []
    assert docs[1].text == text
    assert docs[1].meta.language == "es"


def test_huge_file_is_skipped_quickly(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(50_000_000)  # sparse: no 50 MB written
    docs, messages = read(folder_with(tmp_path, "small.txt", GOOD.encode()))
    assert [d.meta.name for d in docs] == ["good.txt", "small.txt"]
    (message,) = messages
    assert (
        message
        == f"{big}: file is 50.0 MB, over the 20.0 MB limit (split it, or raise the limit with --max-bytes)"
    )


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    docs, messages = read(path, max_bytes=100)
    assert docs == [] and "over the 100 bytes limit" in messages[0]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, "locked.txt", GOOD.encode())
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    docs, messages = read(folder)
    assert [d.meta.name for d in docs] == ["good.txt"]
    assert messages == [
        f"{folder / 'locked.txt'}: permission denied; make it readable (chmod +r) or remove it"
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads mode-000 files")
def test_chmod_000_file(tmp_path: Path) -> None:
    path = folder_with(tmp_path, "locked.txt", GOOD.encode()) / "locked.txt"
    path.chmod(0)
    try:
        docs, messages = read(tmp_path)
    finally:
        path.chmod(0o644)
    assert len(docs) == 1 and "permission denied" in messages[0]


def test_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "up")  # a folder loop
    os.symlink(tmp_path / "x", tmp_path / "y")  # a loop between two folder links
    os.symlink(tmp_path / "y", tmp_path / "x")
    docs, messages = read(tmp_path)
    assert [d.meta.name for d in docs] == ["good.txt", "sub/inner.txt"]
    assert messages == [
        f"{tmp_path / 'a.txt'}: symlink loop; fix or remove the link",
        f"{tmp_path / 'b.txt'}: symlink loop; fix or remove the link",
    ]
    _, explicit = read(tmp_path / "a.txt")
    assert explicit == [f"{tmp_path / 'a.txt'}: symlink loop; fix or remove the link"]


def test_manifest_not_json(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path, "b.md", b"---\ntitle: Front title\ndate: 2020-02-03\n---\nBody text here.\n"
    )
    (folder / "manifest.json").write_text('[{"file": "good.txt",', encoding="utf-8")
    docs, messages = read(folder)
    assert [d.meta.title for d in docs] == ["Front title", None]
    assert str(docs[0].meta.published.start) == "2020-02-03"  # type: ignore[union-attr]
    (message,) = messages
    assert message.startswith(f"{folder / 'manifest.json'}: not a valid JSON manifest (")
    assert message.endswith("fix it or remove it (the folder's documents are read without it)")


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ({"file": "gone.txt"}, "gone.txt: listed in {m} but not found; add the file or remove its entry"),
        ({"title": "no file"}, '{m}: entry 1 has no "file" field; add the document\'s file name'),
        ({"x": 1}, '{m}: entry 1 has no "file" field; add the document\'s file name'),
    ],
)
def test_manifest_entry_problems(tmp_path: Path, manifest: dict[str, object], expected: str) -> None:
    folder = folder_with(tmp_path, "other.txt", GOOD.encode())
    path = folder / "manifest.json"
    path.write_text(json.dumps([{"file": "good.txt", "title": "Good"}, manifest]), encoding="utf-8")
    docs, messages = read(folder)
    assert [d.meta.title for d in docs] == ["Good", None]
    assert [m.replace(str(folder) + "/", "") for m in messages] == [
        expected.format(m=path).replace(str(folder) + "/", "")
    ]


def test_manifest_not_a_list(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "x.txt", GOOD.encode())
    (folder / "manifest.json").write_text('{"file": "good.txt"}', encoding="utf-8")
    docs, messages = read(folder)
    assert len(docs) == 2 and "must be a JSON list" in messages[0]


def test_manifest_bad_published_reads_document_without_it(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "x.txt", GOOD.encode())
    (folder / "manifest.json").write_text(
        json.dumps([{"file": "good.txt", "published": "2015-13-45", "title": "Kept"}]), encoding="utf-8"
    )
    items = list(iter_documents([str(folder)]))
    assert items[0].failure is not None and items[0].document is None
    assert items[0].failure.message.startswith(
        f"{folder / 'good.txt'}: published date '2015-13-45' is not a real date"
    )
    assert items[0].failure.message.endswith(
        "in the manifest entry for good.txt; the document is read without it"
    )
    doc = items[1].document
    assert doc is not None and doc.meta.title == "Kept" and doc.meta.published is None


def test_explicit_unsupported_extension_is_a_failure(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text("[]", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    docs, messages = read(data, good)
    assert len(docs) == 1
    assert messages == [
        f"{data}: unsupported file type '.json' (give .txt, .md, .markdown, .html, .htm files)"
    ]


def test_explicit_missing_file(tmp_path: Path) -> None:
    docs, messages = read(tmp_path / "nope.txt")
    assert docs == [] and messages == [
        f"{tmp_path / 'nope.txt'}: file not found (a broken link?); check the path"
    ]


def test_explicit_file_uses_its_folders_manifest(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, "x.txt", GOOD.encode())
    (folder / "manifest.json").write_text(json.dumps([{"file": "x.txt", "title": "From manifest"}]))
    docs, messages = read(folder / "x.txt")
    assert messages == [] and docs[0].meta.title == "From manifest"


def test_reading_is_lazy(tmp_path: Path) -> None:
    for i in range(50):
        (tmp_path / f"{i:03}.txt").write_text(GOOD, encoding="utf-8")
    items = iter_documents([str(tmp_path)])
    first = next(iter(items))
    assert first.document is not None and first.document.meta.name == "000.txt"

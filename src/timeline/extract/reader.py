"""The READ stage: files and folders in, Documents with Metadata out.

``iter_documents`` walks what it is given (files, folders recursively in
sorted order, ``-`` for stdin) and yields one ``ReadItem`` per document: the
Document, or a ReadFailure whose one-line message names the file, what is
wrong and what to do.  A bad document never stops the others, and nothing is
held in memory beyond the current document and one folder's listing.

A problem that does not stop a document being read (a manifest entry's bad
``published`` date, say) is yielded as a failure of its own just before the
document, which is then read without that value.

The stored text (``Document.text``) is the decoded text, or the main text of
an HTML page, with newlines normalised to ``\\n``, front matter removed and
page-furniture lines dropped (see ``reader_clean``); every offset the later
stages produce points into it.  Publication-date lines stay in the text and
their spans are listed in ``Metadata.extra["metadata_spans"]``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from timeline.errors import InputError
from timeline.extract.manifest import MANIFEST_NAME, Entry, Manifest, load_manifest
from timeline.extract.model import Document
from timeline.extract.reader_doc import Pinned, build_document, read_text_bytes
from timeline.extract.reader_html import extract_html
from timeline.extract.reader_meta import parse_published

__all__ = [
    "ReadFailure", "ReadItem", "iter_documents", "parse_published", "read_text_bytes",
    "extract_html", "SUPPORTED_EXTENSIONS", "STDIN_NAME",
]  # fmt: skip

SUPPORTED_EXTENSIONS = {".txt": False, ".md": False, ".markdown": False, ".html": True, ".htm": True}
STDIN_NAME = "<stdin>"
LANGUAGES = ("en", "es")


@dataclass
class ReadFailure:
    path: str
    message: str  # one line: names the file and what is wrong and what to do


@dataclass
class ReadItem:
    document: Document | None
    failure: ReadFailure | None
    path: str


def iter_documents(
    paths: Sequence[str],
    *,
    published: str | None = None,
    language: str | None = None,
    max_bytes: int = 20_000_000,
) -> Iterator[ReadItem]:
    """Yield a ReadItem per document under ``paths``; raise InputError only for bad arguments.

    ``published`` pins the publication date and applies only to exactly one
    file (or stdin); ``language`` ("en" | "es") overrides every other source.
    """
    pinned = Pinned(language=_check_language(language))
    if published is not None:
        if len(paths) != 1 or not (paths[0] == "-" or os.path.isfile(paths[0])):
            raise InputError(
                "--published applies to exactly one file; for several documents give each "
                "its date in manifest.json"
            )
        pinned.published = parse_published(published)
    return _Reader(pinned, max_bytes).read(list(paths))


def _check_language(language: str | None) -> str | None:
    if language is None:
        return None
    code = language.strip().lower()
    if code not in LANGUAGES:
        raise InputError(f"language {language!r} is not supported (use one of: {', '.join(LANGUAGES)})")
    return code


class _Reader:
    """One pass over the given paths; its state lives only as long as the pass."""

    def __init__(self, pinned: Pinned, max_bytes: int) -> None:
        self.pinned = pinned
        self.max_bytes = max_bytes
        self.manifests: dict[str, Manifest | None] = {}  # by folder, for files given one by one

    def read(self, paths: list[str]) -> Iterator[ReadItem]:
        for path in paths:
            if path == "-":
                yield from self._stdin()
            elif os.path.isdir(path):
                yield from self._walk(path, path, [], set())
            else:
                yield from self._explicit(path)

    def _stdin(self) -> Iterator[ReadItem]:
        stream = sys.stdin
        raw = getattr(stream, "buffer", None)
        data = raw.read(self.max_bytes + 1) if raw is not None else stream.read().encode("utf-8")
        if len(data) > self.max_bytes:
            yield _failure(STDIN_NAME, f"{STDIN_NAME}: input is over the {_size(self.max_bytes)} limit "
                                       "(split it, or raise the limit with --max-bytes)")  # fmt: skip
            return
        # Named by content, so a second piped document does not replace the first.
        name = f"stdin-{hashlib.sha256(data).hexdigest()[:12]}"
        yield from self._build(data, STDIN_NAME, name, None, None)

    def _explicit(self, path: str) -> Iterator[ReadItem]:
        """A file named on the command line: an unsupported extension is an error."""
        ext = os.path.splitext(path)[1].lower()
        if ext not in SUPPORTED_EXTENSIONS and os.path.exists(path):
            yield _failure(path, f"{path}: unsupported file type {ext or '(no extension)'!r} "
                                 f"(give {', '.join(SUPPORTED_EXTENSIONS)} files)")  # fmt: skip
            return
        folder = os.path.dirname(path) or "."
        if folder not in self.manifests:
            manifest = self.manifests[folder] = load_manifest(folder)
            for problem in manifest.problems if manifest else []:
                yield _failure(manifest.path if manifest else folder, problem)
        manifest = self.manifests[folder]
        entry = manifest.entries.get(os.path.normpath(path)) if manifest else None
        yield from self._file(path, os.path.basename(path), entry, SUPPORTED_EXTENSIONS.get(ext, False))

    def _walk(
        self, root: str, folder: str, manifests: list[Manifest], seen: set[tuple[int, int]]
    ) -> Iterator[ReadItem]:
        """Documents under ``folder``, sorted by name; folders reached twice (symlink loops) are skipped."""
        try:
            stat = os.stat(folder)
            with os.scandir(folder) as it:
                # (name, is folder) only: a DirEntry per file would cost ~10x the memory
                entries = sorted((e.name, _is_dir(e)) for e in it if _wanted(e.name))
        except OSError as exc:
            yield _failure(folder, f"{folder}: cannot list folder ({exc.strerror}); check its permissions")
            return
        if (stat.st_dev, stat.st_ino) in seen:
            return
        seen.add((stat.st_dev, stat.st_ino))
        manifest = load_manifest(folder)
        if manifest is not None:
            manifests = [*manifests, manifest]
            for problem in manifest.problems:
                yield _failure(manifest.path, problem)
        for entry_name, is_dir in entries:
            path = os.path.join(folder, entry_name)
            if is_dir:
                yield from self._walk(root, path, manifests, seen)
                continue
            ext = os.path.splitext(entry_name)[1].lower()
            if ext not in SUPPORTED_EXTENSIONS:
                continue  # not a document: ignored silently
            name = os.path.relpath(path, root).replace(os.sep, "/")
            yield from self._file(path, name, _lookup(manifests, path), SUPPORTED_EXTENSIONS[ext])
        if manifest is not None:
            yield from _missing(manifest)

    def _file(self, path: str, name: str, entry: Entry | None, html: bool) -> Iterator[ReadItem]:
        try:
            size = os.path.getsize(path)
            if size > self.max_bytes:
                yield _failure(path, f"{path}: file is {_size(size)}, over the {_size(self.max_bytes)} limit "
                                     "(split it, or raise the limit with --max-bytes)")  # fmt: skip
                return
            with open(path, "rb") as fh:
                data = fh.read(self.max_bytes + 1)
        except OSError as exc:
            yield _failure(path, f"{path}: {_os_problem(exc)}")
            return
        yield from self._build(data, path, name, entry, html)

    def _build(
        self, data: bytes, path: str, name: str, entry: Entry | None, html: bool | None
    ) -> Iterator[ReadItem]:
        if entry is not None and entry.problem:
            yield _failure(path, f"{path}: {entry.problem}")
        try:
            document, warnings = build_document(data, name=name, html=html, entry=entry, pinned=self.pinned)
        except InputError as exc:
            yield _failure(path, f"{path}: {exc}")
            return
        except (ValueError, RecursionError, MemoryError) as exc:  # a parser choking on one document
            yield _failure(path, f"{path}: could not be read ({type(exc).__name__}: {exc}); check the file")
            return
        for warning in warnings:
            yield _failure(path, f"{path}: {warning}")
        yield ReadItem(document=document, failure=None, path=path)


def _lookup(manifests: list[Manifest], path: str) -> Entry | None:
    key = os.path.normpath(path)
    for manifest in reversed(manifests):  # the nearest manifest wins
        entry = manifest.entries.get(key)
        if entry is not None:
            return entry
    return None


def _missing(manifest: Manifest) -> Iterator[ReadItem]:
    """Failures for manifest entries naming files that are not there."""
    for key in manifest.entries:
        if not os.path.isfile(key):
            yield _failure(key, f"{key}: listed in {manifest.path} but not found; "
                                "add the file or remove its entry")  # fmt: skip


def _wanted(name: str) -> bool:
    """Hidden entries and the manifest itself are not documents."""
    return not name.startswith(".") and name != MANIFEST_NAME


def _is_dir(dirent: os.DirEntry[str]) -> bool:
    try:
        return dirent.is_dir()
    except OSError:  # a symlink loop or a vanished entry
        return False


def _os_problem(exc: OSError) -> str:
    """What an OSError means for a document, and what to do about it."""
    if isinstance(exc, PermissionError):
        return "permission denied; make it readable (chmod +r) or remove it"
    if exc.errno == errno.ELOOP:
        return "symlink loop; fix or remove the link"
    if exc.errno == errno.ENOENT:
        return "file not found (a broken link?); check the path"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot read ({exc.strerror or exc}); check the file"


def _failure(path: str, message: str) -> ReadItem:
    one_line = " ".join(message.split())
    return ReadItem(document=None, failure=ReadFailure(path=path, message=one_line), path=path)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"

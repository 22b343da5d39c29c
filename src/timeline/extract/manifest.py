"""The corpus manifest (contract v1): ``manifest.json`` beside the documents.

A JSON list of objects; only ``file`` is required.  Known fields become
metadata; unknown ones (a ``note``, say) are kept in ``Metadata.extra``.
Problems are returned as one-line messages, never raised, so that the other
documents of the folder still read.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from timeline.errors import InputError
from timeline.extract.model import Interval
from timeline.extract.reader_meta import parse_published

MANIFEST_NAME = "manifest.json"
_KNOWN = frozenset({"file", "title", "publisher", "authors", "author", "published", "url", "language"})


@dataclass(slots=True)
class Entry:
    """One manifest entry, checked."""

    file: str
    title: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: Interval | None = None
    url: str | None = None
    language: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    problem: str | None = None  # a bad field: reported, the rest of the entry still used


@dataclass(slots=True)
class Manifest:
    """The entries of one folder's manifest, by normalised path, and its problems."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_manifest(folder: str) -> Manifest | None:
    """Read ``folder/manifest.json``; None when there is none."""
    path = os.path.join(folder, MANIFEST_NAME)
    if not os.path.isfile(path):
        return None
    manifest = Manifest(path)
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        manifest.problems.append(
            f"{path}: not a valid JSON manifest ({reason}); fix it or remove it "
            "(the folder's documents are read without it)"
        )
        return manifest
    if not isinstance(data, list):
        manifest.problems.append(f'{path}: a manifest must be a JSON list of objects with a "file" field')
        return manifest
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            manifest.problems.append(
                f'{path}: entry {index} has no "file" field; add the document\'s file name'
            )
            continue
        entry = _entry(item)
        key = os.path.normpath(os.path.join(folder, entry.file))
        manifest.entries[key] = entry
    return manifest


def _entry(item: dict[str, object]) -> Entry:
    """Check one manifest object; a bad field is noted in ``problem``, not fatal."""
    entry = Entry(file=str(item["file"]).strip())
    entry.title = _text(item.get("title"))
    entry.publisher = _text(item.get("publisher"))
    entry.url = _text(item.get("url"))
    language = _text(item.get("language"))
    entry.language = language.lower()[:2] if language else None
    authors = item.get("authors", item.get("author"))
    if isinstance(authors, str):
        entry.authors = [authors.strip()] if authors.strip() else []
    elif isinstance(authors, list):
        entry.authors = [str(a).strip() for a in authors if str(a).strip()]
    published = item.get("published")
    if published not in (None, ""):
        try:
            entry.published = parse_published(str(published))
        except InputError as exc:
            entry.problem = f"{exc} in the manifest entry for {entry.file}; the document is read without it"
    entry.extra = {k: v for k, v in item.items() if k not in _KNOWN}
    return entry


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

"""Turn one file's bytes into a Document: decode, extract, clean, add metadata.

Metadata precedence, field by field: the caller's pinned values (``--published``,
``--language``) > the manifest entry > front matter or the page's own HTML
metadata > the text itself (a leading date line, the first line as title,
a byline, function-word counts for the language).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from timeline.errors import InputError
from timeline.extract.manifest import Entry
from timeline.extract.model import Document, Interval, Metadata
from timeline.extract.reader_clean import clean_text
from timeline.extract.reader_html import HtmlPage, looks_like_html, read_html
from timeline.extract.reader_meta import (
    detect_language,
    find_date_lines,
    match_date,
    parse_published,
    split_front_matter,
)

_NEWLINES_RE = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_NUL_TOLERANCE = 0.01  # a few stray NULs in text are dropped; more means binary
_MAX_CONTROL = 0.02  # share of control characters above which decoded "text" is binary
_TITLE_MAX = 200
_FRONT_KNOWN = frozenset({"title", "date", "published", "publisher", "source", "site", "author", "authors",
                          "url", "link", "lang", "language"})  # fmt: skip


@dataclass(slots=True)
class Pinned:
    """Values given by the caller, which override everything read."""

    published: Interval | None = None
    language: str | None = None


def read_text_bytes(data: bytes) -> str:
    """Decode a document's bytes; raise InputError when they are not text.

    UTF-8 (with or without BOM) and UTF-16 with BOM first; then Windows-1252,
    the usual encoding of older English and Spanish text (Latin-1 plus smart
    quotes); charset-normalizer only for bytes cp1252 cannot decode (on short
    Western text its guesses, cp1250 or big5, are worse than cp1252).
    """
    if not data.strip():
        raise InputError("empty file, nothing to ingest (remove it or add text)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16", errors="replace"))
    if b"\x00" in data:
        data = _without_nuls(data)
    sample = data[:100_000]
    if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > _MAX_CONTROL * len(sample):
        raise InputError("binary file, not text (convert it to .txt or .html, or remove it)")
    # Control bytes were counted above, so the single-byte decodings need no second check.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is not None and best.encoding:
        try:
            return _checked(data.decode(best.encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("latin-1")


def _without_nuls(data: bytes) -> bytes:
    """Drop a few stray NUL bytes; read BOM-less UTF-16; else it is binary."""
    nuls = data.count(b"\x00")
    if nuls <= max(4, len(data) * _NUL_TOLERANCE):
        return data.replace(b"\x00", b"")
    if nuls >= len(data) * 0.3:
        for encoding, offset in (("utf-16-le", 1), ("utf-16-be", 0)):
            if data[offset::2].count(0) == nuls:
                return data.decode(encoding, errors="replace").encode("utf-8")
    raise InputError("binary file, not text (convert it to .txt or .html, or remove it)")


def _checked(text: str) -> str:
    if len(_CONTROL_RE.findall(text[:100_000])) > _MAX_CONTROL * min(len(text), 100_000):
        raise InputError("binary file, not text (convert it to .txt or .html, or remove it)")
    return text


def build_document(data: bytes, *, name: str, html: bool | None, entry: Entry | None,
                   pinned: Pinned) -> tuple[Document, list[str]]:  # fmt: skip
    """Read one document; return it and warnings (bad metadata it was read without).

    ``html`` None means: sniff the content (stdin).
    """
    text = _NEWLINES_RE.sub("\n", read_text_bytes(data)).replace("\x00", "")
    front: dict[str, object] = {}
    page = None
    if html or (html is None and looks_like_html(text)):
        page = read_html(text)
        text = page.text
    else:
        front, text = split_front_matter(text)
    entry = entry or Entry(file=name)
    authors = (
        entry.authors or _list(front.get("authors", front.get("author"))) or (page.authors if page else [])
    )
    text, byline = clean_text(text, authors)
    if not text.strip():
        raise InputError("no article text found (empty after removing page furniture); check the file")
    warnings: list[str] = []
    meta = _metadata(name, text, entry, front, page or HtmlPage(text=""), pinned, warnings)
    meta.authors = authors or byline
    return Document(text=text, meta=meta), warnings


def _metadata(name: str, text: str, entry: Entry, front: dict[str, object], page: HtmlPage,
              pinned: Pinned, warnings: list[str]) -> Metadata:  # fmt: skip
    """Each field from the first source that has it, in precedence order."""
    text_date, spans = find_date_lines(text)
    meta = Metadata(
        name=name,
        title=entry.title or _str(front.get("title")) or page.title or _first_line_title(text),
        publisher=entry.publisher
        or _str(front.get("publisher") or front.get("source") or front.get("site"))
        or page.publisher,
        url=entry.url or _str(front.get("url") or front.get("link")) or page.url,
    )
    meta.published = (
        pinned.published or entry.published or _front_date(front, warnings) or _loose_date(page.published)
    ) or text_date
    language = pinned.language or entry.language or _str(front.get("language") or front.get("lang"))
    language = (language or page.language or "").lower()[:2]
    meta.language = language if language in ("en", "es") else detect_language(text)
    meta.extra = {**entry.extra, **{k: v for k, v in front.items() if k not in _FRONT_KNOWN}}
    if spans:
        meta.extra["metadata_spans"] = spans
    return meta


def _front_date(front: dict[str, object], warnings: list[str]) -> Interval | None:
    value = _str(front.get("published") or front.get("date"))
    if value is None:
        return None
    interval = _loose_date(value)
    if interval is None:
        warnings.append(f"front matter date {value!r} is not a date (write YYYY-MM-DD); read without it")
    return interval


def _loose_date(value: str | None) -> Interval | None:
    """A declared date: ``YYYY[-MM[-DD]]``, an ISO timestamp, or "March 12, 2026"."""
    if not value:
        return None
    try:
        return parse_published(value)
    except InputError:
        hit = match_date(value.strip())
        return hit[0] if hit else None


def _first_line_title(text: str) -> str | None:
    """The first line as a title when it looks like one: short, no final period."""
    line = text.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    if not line or len(line) >= _TITLE_MAX or line.endswith((".", ",", ";", ":")):
        return None
    if match_date(line) is not None:
        return None
    return line


def _str(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str) and value.strip():
        return [v.strip() for v in re.split(r";|\s+and\s+|\s+y\s+", value) if v.strip()]
    return []

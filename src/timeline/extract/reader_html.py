"""Main text and metadata of an HTML page, with trafilatura.

trafilatura finds the article body and drops navigation, footers and most
boilerplate; boxes it keeps (sponsored blocks, share bars, comment threads)
are pruned first by their class or id.  When it finds nothing, the visible
text of the page's block elements is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura

# Boxes that are never the article, by a class or id word.
_NOISE_WORDS = (
    "sponsor", "advert", "promo", "newsletter", "share", "social", "related", "comment",
    "outbrain", "taboola", "subscribe", "recommend", "most-read", "trending", "cookie",
)  # fmt: skip
_PRUNE_XPATH = [
    f"//*[contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')"
    f" or contains(translate(@id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')]"
    for w in _NOISE_WORDS
] + ["//*[contains(concat(' ', normalize-space(@class), ' '), ' ad ')]", "//figcaption", "//aside"]
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "figcaption",
    "button",
)
_BLOCK_XPATH = "//h1|//h2|//h3|//h4|//h5|//h6|//p|//li|//blockquote|//pre"
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_HTML_SNIFF_RE = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)


@dataclass(slots=True)
class HtmlPage:
    """What was read from a page: its main text and the metadata it declares."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # YYYY-MM-DD as the page declares it
    publisher: str | None = None
    url: str | None = None
    language: str | None = None


def looks_like_html(text: str) -> bool:
    """True when a text (read from stdin, say) is an HTML page."""
    return _HTML_SNIFF_RE.match(text[:2000]) is not None


def extract_html(html: str) -> str:
    """The main text of a page, paragraphs separated by blank lines."""
    return read_html(html).text


def read_html(html: str) -> HtmlPage:
    """The main text of a page and its declared metadata."""
    doc = None
    if html.strip():
        try:
            doc = trafilatura.bare_extraction(
                html,
                include_comments=False,
                include_tables=False,
                favor_precision=True,
                with_metadata=True,
                prune_xpath=_PRUNE_XPATH,
                # Declared dates only: a date guessed from the body may be an event's.
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception:  # noqa: BLE001 - a parser crash on one page falls back below
            doc = None
    text = _paragraphs(getattr(doc, "text", None) or "") or _fallback_text(html)
    if doc is None:
        return HtmlPage(text=text, title=_fallback_title(html))
    author = getattr(doc, "author", None) or ""
    return HtmlPage(
        text=text,
        title=getattr(doc, "title", None) or _fallback_title(html),
        authors=[a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip()],
        published=getattr(doc, "date", None),
        publisher=getattr(doc, "sitename", None),
        url=getattr(doc, "url", None),
        language=getattr(doc, "language", None),
    )


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph per line: separate them by blank lines."""
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _fallback_text(html: str) -> str:
    """Visible text of the block elements, when trafilatura finds no article."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    blocks = [b.text_content() for b in root.xpath(_BLOCK_XPATH)]
    if not blocks:
        blocks = root.text_content().split("\n")
    return _paragraphs("\n".join(b.replace("\n", " ") for b in blocks))


def _fallback_title(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html[:20000], re.IGNORECASE | re.DOTALL)
    if not m:
        return None
    title = _SPACES_RE.sub(" ", lxml.html.fromstring(f"<p>{m[1]}</p>").text_content()).strip()
    return title or None

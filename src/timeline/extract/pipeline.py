"""The ingest pipeline over one document: a row of small pure stages.

read → sentences → dates → actors → places → casualties → events (merged within
the document). Nothing here touches the database; ``timeline.store`` is the one
module that joins the pipeline to storage.
"""

from __future__ import annotations

from timeline.extract.casualties import find_casualties
from timeline.extract.dates import find_dates
from timeline.extract.entities import find_actors, find_places
from timeline.extract.events import EventDraft, build_events
from timeline.extract.model import Document
from timeline.extract.reference_view import ReferenceView, default_view
from timeline.extract.sentences import split_sentences


def language_of(doc: Document) -> str:
    return doc.meta.language if doc.meta.language in ("en", "es") else "en"


def extract(doc: Document, ref: ReferenceView | None = None) -> list[EventDraft]:
    """Run every stage over ``doc`` (filling its mention lists) and return its events."""
    ref = ref or default_view()
    language = language_of(doc)
    text = doc.text
    doc.sentences = split_sentences(text, language=language)
    published = doc.meta.published
    doc.dates = [
        m
        for s in doc.sentences
        for m in find_dates(text, s.start, s.end, published=published, language=language)
    ]
    doc.actors = find_actors(doc)
    doc.places = find_places(doc, doc.actors)
    doc.casualties = [
        m for s in doc.sentences for m in find_casualties(text, s.start, s.end, language=language)
    ]
    return build_events(doc, ref)


def warm_up() -> None:
    """Load the gazetteer and compile the patterns once per process (workers stay warm)."""
    default_view()
    from timeline.extract.model import Metadata

    extract(Document("Gunmen killed two police officers in Culiacán on Monday.", Metadata(name="warm-up")))

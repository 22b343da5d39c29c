"""The whole pipeline over arbitrary text: no exception, and every event fits the schema's checks."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.extract.model import Document, Interval, Metadata, Precision
from timeline.extract.pipeline import extract

WORDS = st.sampled_from(
    """Gunmen killed attacked kidnapped 12 nine at least more than dozens police soldiers CJNG
    Sinaloa Cartel Culiacán Guanajuato Jalisco on Monday last week in 2019 between 2018 and May
    yesterday ayer el pasado martes asesinaron policías heridos “ ” . , — the banner we will kill
    decree bodies found 50 calibre 20th anniversary since then then They""".split()  # noqa: SIM905
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))
PUBLISHED = st.one_of(
    st.none(),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: Interval(d, d, Precision.DAY)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, published=PUBLISHED, language=st.sampled_from(["en", "es"]))
def test_events_fit_the_schema(text: str, published: Interval | None, language: str) -> None:
    doc = Document(text, Metadata(name="fuzz.txt", language=language, published=published))
    for event in extract(doc):
        date = event.date
        assert date.precision in Precision
        if date.resolved:
            assert date.start is not None and date.end is not None and date.start <= date.end
        assert event.sentences and all(0 <= s.start < s.end <= len(text) for s in event.sentences)
        for fig in event.casualties:
            assert fig.kind in ("killed", "injured", "abducted", "disappeared")
            values = [v for v in (fig.low, fig.best, fig.high) if v is not None]
            assert values == sorted(values) and all(v >= 0 for v in values)
            assert fig.part_of is None or 0 <= fig.part_of < len(event.casualties)
        assert 0 <= event.confidence <= 1
        assert event.summary

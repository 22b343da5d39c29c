"""A small, exactly known database for the reporting tests (English and Spanish sources).

Eight events chosen to exercise precision and the incident/statistic split:

- ``week2014``  week of 4 May 2014, Apatzingán (Michoacán), Knights Templar vs militias, 1 killed
- ``day2021``   12 May 2021, Apatzingán, CJNG vs police, 3 killed (police), TWO sources (en + es), merged
- ``month2021`` May 2021, Guadalajara (Jalisco), CJNG, 2 killed + 1 injured (civilians)
- ``year2021``  2021 (year-precise), Michoacán, no actor, 5 killed: in 2021, in no month
- ``stat``      statistic 2018 – 12 May 2021, Mexico, 262 police killed: never added to incidents
- ``day2026``   22 Feb 2026, Jalisco, army vs El Mencho, 25 killed
- ``newyear``   28 Dec 2025 – 3 Jan 2026 (a week across New Year), Jalisco, gunmen, 4 killed: in no year
- ``undated``   no date, no place, a discovered actor with a hostile name, no figures

Rows are inserted through the models after ``sync_reference`` (the real reference data).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from tests.conftest import new_database_url
from timeline.db import open_database, transaction
from timeline.models import (
    Actor,
    ActorAlias,
    CasualtyFigure,
    Event,
    EventActor,
    EventMerge,
    EventSource,
    Location,
    Source,
)
from timeline.refdata import sync_reference
from timeline.tables import date_width

HOSTILE = "O'Brien's 100% _Gang; DROP TABLE events;--"

TEXTS = {
    "kqed.txt": (
        "Vigilantes in Michoacán say the Knights Templar still control Apatzingán. "
        "During the week of May 4, gunmen of the Knights Templar killed one militia member near Apatzingán."
    ),
    "ap.txt": (
        "On May 12, CJNG gunmen killed three police officers in Apatzingán, Michoacán. "
        "Earlier in May, two men were shot dead and one was wounded in Guadalajara. "
        "Since 2018, 262 police officers have been killed in Mexico. "
        "In 2021, five people were killed in Michoacán."
    ),
    "universal.txt": (
        "El 12 de mayo, sicarios del Cártel Jalisco Nueva Generación mataron a tres policías en Apatzingán."
    ),
    "marxist.txt": (
        "On February 22, the army killed El Mencho in Jalisco, and 25 people died in the fighting. "
        "Between December 28 and January 3, four people were killed in Jalisco by gunmen. "
        f"A group calling itself {HOSTILE} claimed an attack."
    ),
}

SOURCES = [
    (
        "kqed.txt",
        "Mexican Militias Fight Against Drug Cartels",
        "KQED",
        dt.date(2014, 5, 1),
        dt.date(2014, 5, 31),
        "month",
        "en",
        "https://example.org/kqed",
    ),
    (
        "ap.txt",
        "Mexican cartels are hunting down police",
        "Associated Press",
        dt.date(2021, 5, 30),
        dt.date(2021, 5, 30),
        "day",
        "en",
        "https://example.org/ap",
    ),
    (
        "universal.txt",
        "Asesinan a tres policías en Apatzingán",
        "El Universal",
        dt.date(2021, 5, 31),
        dt.date(2021, 5, 31),
        "day",
        "es",
        "https://example.org/universal",
    ),
    (
        "marxist.txt",
        "Killing of El Mencho brings chaos",
        "marxist.com",
        dt.date(2026, 3, 12),
        dt.date(2026, 3, 12),
        "day",
        "en",
        None,
    ),
]

D = dt.date
# label: (start, end, precision, aggregate, type, subtype, place key, summary, figures, actors)
EVENTS: dict[str, tuple[Any, ...]] = {
    "week2014": (
        D(2014, 5, 4),
        D(2014, 5, 10),
        "week",
        False,
        "battles",
        "armed_clash",
        "locality:MX:4018400",
        "Knights Templar gunmen kill a militia member near Apatzingán",
        {"killed": 1},
        [("knights-templar", "perpetrator"), ("michoacan-militias", "target")],
    ),
    "day2021": (
        D(2021, 5, 12),
        D(2021, 5, 12),
        "day",
        False,
        "violence_against_civilians",
        "attack",
        "locality:MX:4018400",
        "CJNG gunmen kill three police officers in Apatzingán",
        {"killed": 3},
        [("cjng", "perpetrator"), ("police", "target")],
    ),
    "month2021": (
        D(2021, 5, 1),
        D(2021, 5, 31),
        "month",
        False,
        "violence_against_civilians",
        "attack",
        "locality:MX:4005539",
        "Two men shot dead, one wounded in Guadalajara",
        {"killed": 2, "injured": 1},
        [("cjng", "perpetrator")],
    ),
    "year2021": (
        D(2021, 1, 1),
        D(2021, 12, 31),
        "year",
        False,
        "violence_against_civilians",
        "attack",
        "admin1:MX-MIC",
        "Five people killed in Michoacán in 2021",
        {"killed": 5},
        [],
    ),
    "stat": (
        D(2018, 1, 1),
        D(2021, 5, 12),
        "range",
        True,
        "violence_against_civilians",
        "attack",
        "country:MX",
        "262 police officers killed since 2018",
        {"killed": 262},
        [("police", "target")],
    ),
    "day2026": (
        D(2026, 2, 22),
        D(2026, 2, 22),
        "day",
        False,
        "battles",
        "armed_clash",
        "admin1:MX-JAL",
        "The army kills El Mencho in Jalisco",
        {"killed": 25},
        [("sedena", "perpetrator"), ("el-mencho", "target")],
    ),
    "newyear": (
        D(2025, 12, 28),
        D(2026, 1, 3),
        "week",
        False,
        "violence_against_civilians",
        "attack",
        "admin1:MX-JAL",
        "Four people killed in Jalisco by gunmen",
        {"killed": 4},
        [("gunmen", "perpetrator")],
    ),
    "undated": (
        None,
        None,
        "unknown",
        False,
        "strategic_developments",
        "other",
        None,
        "A group claims an attack",
        {},
        [("discovered:hostile", "perpetrator")],
    ),
}

# label -> [(document, quote sentence, date words, {kind: (words, victims)})]
EVIDENCE: dict[str, list[tuple[str, str, str | None, dict[str, tuple[str, str]]]]] = {
    "week2014": [
        (
            "kqed.txt",
            "During the week of May 4",
            "the week of May 4",
            {"killed": ("killed one", "armed_group")},
        )
    ],
    "day2021": [
        ("ap.txt", "On May 12, CJNG", "May 12", {"killed": ("killed three police officers", "police")}),
        ("universal.txt", "El 12 de mayo", "12 de mayo", {"killed": ("tres policías", "police")}),
    ],
    "month2021": [
        (
            "ap.txt",
            "Earlier in May",
            "Earlier in May",
            {"killed": ("two men were shot dead", "civilians"), "injured": ("one was wounded", "civilians")},
        )
    ],
    "year2021": [("ap.txt", "In 2021, five", "In 2021", {"killed": ("five people were killed", "unknown")})],
    "stat": [
        ("ap.txt", "Since 2018", "Since 2018", {"killed": ("262 police officers have been killed", "police")})
    ],
    "day2026": [("marxist.txt", "On February 22", "February 22", {"killed": ("25 people died", "unknown")})],
    "newyear": [
        (
            "marxist.txt",
            "Between December 28",
            "Between December 28 and January 3",
            {"killed": ("four people were killed", "unknown")},
        )
    ],
    "undated": [("marxist.txt", "A group calling", None, {})],
}


def _sentence(text: str, opening: str) -> tuple[int, int]:
    start = text.index(opening)
    end = text.find(". ", start)
    return start, (end + 1 if end != -1 else len(text))


def populate(engine: Engine) -> dict[str, int]:
    """Load the reference data and the eight events; returns event ids by label."""
    with transaction(engine) as session:
        sync_reference(session)
    with transaction(engine) as session:
        hostile = Actor(
            key="discovered:hostile", name=HOSTILE, type="criminal_group", generic=False, discovered=True
        )
        session.add(hostile)
        session.flush()
        session.add(
            ActorAlias(actor_id=hostile.id, alias=HOSTILE, language="en", normalized=HOSTILE.casefold())
        )
        sources: dict[str, int] = {}
        for name, title, publisher, start, end, precision, language, url in SOURCES:
            src = Source(
                file_name=name,
                title=title,
                publisher=publisher,
                authors=json.dumps([]),
                url=url,
                language=language,
                published_start=start,
                published_end=end,
                published_precision=precision,
                content_sha256=name.ljust(64, "0"),
                text=TEXTS[name],
                extractor_version="test",
            )
            session.add(src)
            session.flush()
            sources[name] = src.id
        places = dict(session.execute(select(Location.key, Location.id)).all())
        actor_ids = dict(session.execute(select(Actor.key, Actor.id)).all())
        ids: dict[str, int] = {}
        for label, (
            start,
            end,
            precision,
            aggregate,
            type_,
            subtype,
            place,
            summary,
            figures,
            actors,
        ) in EVENTS.items():
            event = Event(
                date_start=start,
                date_end=end,
                date_precision=precision,
                date_approximate=False,
                date_width=date_width(start, end),
                type=type_,
                subtype=subtype,
                aggregate=aggregate,
                summary=summary,
                location_id=places[place] if place else None,
                confidence=0.8,
                **{k: figures.get(k) for k in ("killed", "injured", "abducted", "disappeared")},
            )
            session.add(event)
            session.flush()
            ids[label] = event.id
            for key, role in actors:
                session.add(
                    EventActor(
                        event_id=event.id, actor_id=actor_ids[key], role=role, date_start=start, date_end=end
                    )
                )
            for document, opening, date_words, figure_words in EVIDENCE[label]:
                text = TEXTS[document]
                q_start, q_end = _sentence(text, opening)
                d_start = text.index(date_words, q_start) if date_words else None
                session.add(
                    EventSource(
                        event_id=event.id,
                        source_id=sources[document],
                        quote_start=q_start,
                        quote_end=q_end,
                        date_start=start,
                        date_end=end,
                        date_precision=precision,
                        date_text=date_words,
                        date_span_start=d_start,
                        date_span_end=d_start + len(date_words) if date_words else None,
                    )
                )
                for kind, (words, victims) in figure_words.items():
                    at = text.index(words, q_start)
                    session.add(
                        CasualtyFigure(
                            event_id=event.id,
                            source_id=sources[document],
                            kind=kind,
                            best=figures[kind],
                            qualifier="exact",
                            victims=victims,
                            span_start=at,
                            span_end=at + len(words),
                        )
                    )
        session.add(
            EventMerge(
                event_id=ids["day2021"],
                source_id=sources["universal.txt"],
                rule="cross-source",
                score=0.9,
                details=json.dumps({"date": 1.0, "place": 1.0}),
            )
        )
    return ids


def database(
    backend: str, tmp: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Engine, dict[str, int]]]:
    """A populated database on ``backend``, for a module-scoped fixture."""
    for url in new_database_url(backend, tmp, request):
        engine = open_database(url)
        try:
            yield engine, populate(engine)
        finally:
            engine.dispose()


def cli_runner(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """``run(*args) -> (exit code, stdout, stderr)`` for ``timeline --db URL ARGS...``, in-process."""
    from timeline.cli import main

    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("COLUMNS", "300")

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["timeline", "--db", url, *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run

"""A small deterministic corpus for the reliability tests, and how they compare databases
(test-only; bench/ has a richer generator).

``write_corpus(folder, n)`` writes ``n`` short news articles, English and
Spanish, plus a ``manifest.json`` giving each its outlet, date and language.
Each article reports one incident (a date, a town and its state, a perpetrator,
a victim group, casualty figures); about a third of the incidents are reported
by two outlets in different words, so ingesting the corpus merges reports
across sources, and a few articles are syndicated copies (the same text under
another name and outlet). The same ``(n, seed)`` always gives the same files.

No two incidents share a day and a town, and none has three reports: then which
reports merge does not depend on the order they are stored in, so a concurrent
or resumed ingest can be compared with one sorted run. (With three reports, or two
incidents on one day in one town, a report with no perpetrator can bridge two that
name different ones, and the first stored decides; see tests/test_reliability_concurrency.py.)

``snapshot(engine)`` is what a database holds, comparable across runs (event ids
differ between runs and are left out); ``clean_run(n, seed)`` is the snapshot
of one sorted, sequential ingest of a corpus (the same on both databases: their
exports are byte-identical); ``problems(engine)`` lists broken invariants: an
event without a source, a figure without its quote, a stale timeline-index
date copy, a date width class that is not the event's span's, two sources of one name.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, or_, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]

PLACES = [
    ("Culiacán", "Sinaloa"),
    ("Navolato", "Sinaloa"),
    ("Celaya", "Guanajuato"),
    ("Irapuato", "Guanajuato"),
    ("Salamanca", "Guanajuato"),
    ("Uruapan", "Michoacán"),
    ("Apatzingán", "Michoacán"),
    ("Zamora", "Michoacán"),
    ("Aguililla", "Michoacán"),
    ("Reynosa", "Tamaulipas"),
]
# (English name, Spanish name)
PERPETRATORS = [
    ("the Jalisco New Generation Cartel (CJNG)", "el Cártel Jalisco Nueva Generación (CJNG)"),
    ("the Sinaloa Cartel", "el Cártel de Sinaloa"),
    ("the CJNG", "el CJNG"),
    ("the Santa Rosa de Lima Cartel", "el Cártel de Santa Rosa de Lima"),
    ("the Gulf Cartel", "el Cártel del Golfo"),
    # Not in the reference data: found by how the text introduces it (a discovered actor).
    ("a criminal group known as Los Rojos Unidos", "el grupo criminal Los Rojos Unidos"),
]
# (English plural, Spanish plural)
VICTIMS = [
    ("police officers", "policías"),
    ("soldiers", "militares"),
    ("members of the Guardia Nacional", "elementos de la Guardia Nacional"),
    ("civilians", "civiles"),
]
OUTLETS_EN = ["Border Herald", "Pacific Wire", "Valley Tribune"]
OUTLETS_ES = ["El Heraldo del Bajío", "Noticias de Occidente", "La Voz de Sinaloa"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]  # fmt: skip
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre"]  # fmt: skip
NUMBERS_EN = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
NUMBERS_ES = ["ningún", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]


@dataclass(frozen=True, slots=True)
class Incident:
    date: dt.date
    town: str
    state: str
    perpetrator: int  # index into PERPETRATORS
    victims: int  # index into VICTIMS
    killed: int
    injured: int


def _incident(rng: random.Random, taken: set[tuple[dt.date, str]], days: int) -> Incident:
    while True:
        town, state = rng.choice(PLACES)
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(days))
        if (date, town) not in taken:
            taken.add((date, town))
            break
    return Incident(
        date=date,
        town=town,
        state=state,
        perpetrator=rng.randrange(len(PERPETRATORS)),
        victims=rng.randrange(len(VICTIMS)),
        killed=rng.randint(2, 12),  # plural: 'un militares' is not Spanish
        injured=rng.choice([0, 2, 3, 4, 5, 6]),
    )


def _english(inc: Incident, variant: int) -> tuple[str, str]:
    day = f"{MONTHS_EN[inc.date.month - 1]} {inc.date.day}, {inc.date.year}"
    who = PERPETRATORS[inc.perpetrator][0]
    victims = VICTIMS[inc.victims][0]
    killed = NUMBERS_EN[inc.killed] if inc.killed <= 10 else str(inc.killed)
    title = f"{killed.capitalize()} {victims} killed in {inc.town}"
    if variant == 0:
        body = (
            f"Gunmen believed to belong to {who} ambushed a convoy in {inc.town}, {inc.state}, on {day}, "
            f"killing {killed} {victims}."
        )
    elif variant == 2:
        body = (
            f"Authorities in {inc.state} said {killed} {victims} died on {day} when armed men attacked "
            f"them in {inc.town}. Officials attributed the attack to {who}."
        )
    else:
        body = (
            f"On {day}, {killed} {victims} were shot dead in an attack in {inc.town}, {inc.state}. "
            f"State prosecutors blamed {who} for the attack."
        )
    if inc.injured:
        body += f" Another {NUMBERS_EN[inc.injured]} people were wounded and taken to hospital."
    body += " Residents said the shooting lasted about twenty minutes. Nobody has been arrested."
    return title, body


def _spanish(inc: Incident, variant: int) -> tuple[str, str]:
    day = f"{inc.date.day} de {MONTHS_ES[inc.date.month - 1]} de {inc.date.year}"
    who = PERPETRATORS[inc.perpetrator][1]
    of_who = "del " + who[3:] if who.startswith("el ") else "de " + who
    to_who = "al " + who[3:] if who.startswith("el ") else "a " + who
    victims = VICTIMS[inc.victims][1]
    killed = NUMBERS_ES[inc.killed] if inc.killed <= 10 else str(inc.killed)
    title = f"Asesinan a {killed} {victims} en {inc.town}"
    if variant == 0:
        body = (
            f"El {day}, hombres armados {of_who} emboscaron a un convoy en {inc.town}, {inc.state}, "
            f"y asesinaron a {killed} {victims}."
        )
    elif variant == 2:
        body = (
            f"Autoridades de {inc.state} informaron que {killed} {victims} murieron el {day} cuando "
            f"sujetos armados los atacaron en {inc.town}. "
            f"Las autoridades señalaron {to_who} como responsable."
        )
    else:
        body = (
            f"Un ataque armado dejó {killed} {victims} muertos en {inc.town}, {inc.state}, el {day}. "
            f"La Fiscalía del estado atribuyó la agresión {to_who}."
        )
    if inc.injured:
        body += f" Otras {NUMBERS_ES[inc.injured]} personas resultaron heridas."
    body += " Vecinos dijeron que el tiroteo duró unos veinte minutos. No hay detenidos."
    return title, body


def articles(n: int, seed: int = 0, days: int = 3650) -> list[dict[str, str]]:
    """``n`` articles as manifest entries plus their ``text`` (deterministic for a seed), about
    incidents on ``days`` days from 1 January 2015."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    taken: set[tuple[dt.date, str]] = set()
    while len(out) < n:
        if out and rng.random() < 0.03:
            original = rng.choice(out)
            copy = dict(original, publisher="Wire syndication")
            copy["file"] = f"{len(out):04d}_{original['language']}.txt"
            out.append(copy)
            continue
        inc = _incident(rng, taken, days)
        reports = 2 if rng.random() < 0.35 else 1
        variants = rng.sample([0, 1, 2], reports)  # two outlets never word it the same way
        for variant in variants[: n - len(out)]:
            language = rng.choice(["en", "es"])
            title, body = (_english if language == "en" else _spanish)(inc, variant)
            outlet = rng.choice(OUTLETS_EN if language == "en" else OUTLETS_ES)
            published = inc.date + dt.timedelta(days=rng.randint(0, 2))
            out.append({
                "file": f"{len(out):04d}_{language}.txt",
                "title": title,
                "publisher": outlet,
                "published": published.isoformat(),
                "language": language,
                "text": f"{title}\n\n{body}\n",
            })
    return out


def write_corpus(folder: Path, n: int, seed: int = 0, days: int = 3650) -> list[Path]:
    """Write ``n`` articles and their manifest.json into ``folder``; return the article paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    manifest = []
    for art in articles(n, seed, days):
        path = folder / art["file"]
        path.write_text(art["text"], encoding="utf-8")
        paths.append(path)
        manifest.append({k: v for k, v in art.items() if k != "text"})
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / "manifest.json").write_text(text, encoding="utf-8")
    return paths


# --- running and comparing ---------------------------------------------------------


@contextmanager
def fresh_database(
    backend: str, folder: Path, template: str | None = None, pg_settings: dict[str, str] | None = None
) -> Iterator[str]:
    """The URL of a new database: empty, or a copy of ``template`` (conftest's ``templates``
    fixture: a SQLite file, a PostgreSQL database name), which skips loading the reference data.
    ``pg_settings`` become the PostgreSQL database's defaults (``ALTER DATABASE ... SET``)."""
    if backend == "sqlite":
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        if template:
            shutil.copy(template, path)
        yield f"sqlite:///{path}"
        return
    from tests.conftest import _pg_admin_url

    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"timeline_rel_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        for setting, value in (pg_settings or {}).items():
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET {setting} = '{value}'"))  # test constants
    try:
        yield make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timeline_argv(url: str, *args: str) -> list[str]:
    """The command line of ``timeline --db URL ARGS...`` in a fresh Python process."""
    return [sys.executable, "-m", "timeline", "--db", url, *args]


def subprocess_env() -> dict[str, str]:
    """The environment for ``timeline_argv``: this checkout's package first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


def _event_key(event: dict[str, Any]) -> str:
    event = dict(event)
    event.pop("id")
    event["sources"] = sorted(event["sources"], key=lambda s: (s["document"], s["start"], s["end"]))
    event["actors"] = sorted(event["actors"], key=lambda a: json.dumps(a, sort_keys=True))
    return json.dumps(event, sort_keys=True, ensure_ascii=False)


def snapshot(engine: Engine) -> dict[str, Any]:
    """The export without event ids (every field of every event, sources and actors sorted),
    plus the sources, actors and row counts behind it."""
    from timeline.db import session_factory
    from timeline.models import (
        Actor,
        ActorAlias,
        CasualtyFigure,
        Event,
        EventActor,
        EventMerge,
        EventSource,
        Location,
        LocationAlias,
        Source,
    )  # fmt: skip
    from timeline.query import export_document

    with session_factory(engine)() as s:
        events = sorted(_event_key(e) for e in export_document(s.connection())["events"])
        sources = sorted(tuple(r) for r in s.execute(select(
            Source.file_name, Source.content_sha256, Source.publisher, Source.title, Source.published_start
        )))  # fmt: skip
        actors = sorted(tuple(r) for r in s.execute(select(Actor.key, Actor.name, Actor.type, Actor.generic)))
        readers: dict[int, list[str]] = {}
        for event_id, name in s.execute(
            select(EventSource.event_id, Source.file_name).join(Source, Source.id == EventSource.source_id)
        ):
            readers.setdefault(event_id, []).append(name)
        merges = sorted(
            (sorted(set(readers[event_id])), name, rule, score, details)
            for event_id, name, rule, score, details in s.execute(
                select(EventMerge.event_id, Source.file_name, EventMerge.rule, EventMerge.score,
                       EventMerge.details).join(Source, Source.id == EventMerge.source_id)
            )
        )
        counts = {
            m.__table__.name: s.scalar(select(func.count()).select_from(m))
            for m in (Location, LocationAlias, ActorAlias, Event, EventSource, EventActor, CasualtyFigure,
                      EventMerge)  # fmt: skip
        }
    return {"events": events, "sources": sources, "actors": actors, "merges": merges, "counts": counts}


def problems(engine: Engine) -> list[str]:
    """Broken invariants of a timeline database (none in a good one)."""
    from timeline.db import session_factory
    from timeline.models import (
        CasualtyFigure,
        Event,
        EventActor,
        EventMerge,
        EventSource,
        Location,
        Source,
    )
    from timeline.tables import date_width

    found = []
    with session_factory(engine)() as s:
        linked = select(EventSource.event_id)
        orphans = s.scalar(select(func.count()).select_from(Event).where(Event.id.not_in(linked)))
        if orphans:
            found.append(f"{orphans} events without a source")
        quoted = select(EventSource.id).where(
            EventSource.event_id == CasualtyFigure.event_id, EventSource.source_id == CasualtyFigure.source_id
        )
        loose = s.scalar(select(func.count()).select_from(CasualtyFigure).where(~quoted.exists()))
        if loose:
            found.append(f"{loose} casualty figures without their source's quote on the event")
        stale = s.scalar(
            select(func.count()).select_from(EventActor).join(Event, Event.id == EventActor.event_id)
            .where(or_(EventActor.date_start.is_distinct_from(Event.date_start),
                       EventActor.date_end.is_distinct_from(Event.date_end)))
        )  # fmt: skip
        if stale:
            found.append(f"{stale} event_actors rows whose date copies differ from their event's dates")
        dates = s.execute(select(Event.id, Event.date_start, Event.date_end, Event.date_width)).all()
        widths = [i for i, start, end, width in dates if width != date_width(start, end)]
        if widths:
            found.append(f"{len(widths)} events whose date_width is not their span's class: {widths[:5]}")
        first = (
            select(func.min(Source.published_start)).join(EventSource, EventSource.source_id == Source.id)
            .where(EventSource.event_id == Event.id).scalar_subquery()
        )  # fmt: skip
        reported = s.scalar(
            select(func.count()).select_from(Event).where(Event.reported_on.is_distinct_from(first))
        )
        if reported:
            found.append(f"{reported} events whose reported_on is not their first source's publication date")
        quoted: dict[int, set[str] | None] = {}
        for event_id, words in s.execute(select(EventSource.event_id, EventSource.quote_words)):
            known = quoted.setdefault(event_id, set())
            quoted[event_id] = None if known is None or words is None else known | set(words.split())
        union = [i for i, words in s.execute(select(Event.id, Event.quote_words))
                 if words is not None and set(words.split()) != quoted.get(i)]  # fmt: skip
        if union:
            found.append(f"{len(union)} events whose quote_words are not their quotes' words: {union[:5]}")
        parents = dict(s.execute(select(Location.id, Location.parent_id)).all())

        def region(place: int | None) -> int | None:  # the ancestor just below the top, or the top
            line = [place] if place is not None else []
            while line and parents.get(line[-1]) is not None:
                line.append(parents[line[-1]])
            return line[-2] if len(line) > 1 else (line[0] if line else None)

        regions = [i for i, place, got in s.execute(select(Event.id, Event.location_id, Event.region_id))
                   if got != region(place)]  # fmt: skip
        if regions:
            found.append(f"{len(regions)} events whose region_id is not their place's region: {regions[:5]}")
        twice = s.execute(
            select(Source.file_name).group_by(Source.file_name).having(func.count() > 1)
        ).scalars().all()
        if twice:
            found.append(f"several sources named {twice}")
        readers = func.count(EventSource.source_id.distinct())
        per_event = (
            select(EventSource.event_id, (readers - 1).label("n")).group_by(EventSource.event_id).subquery()
        )
        recorded = (
            select(EventMerge.event_id, func.count().label("n")).group_by(EventMerge.event_id).subquery()
        )
        unbalanced = s.scalar(
            select(func.count()).select_from(per_event)
            .outerjoin(recorded, recorded.c.event_id == per_event.c.event_id)
            .where(func.coalesce(recorded.c.n, 0) != per_event.c.n)
        )
        if unbalanced:
            found.append(f"{unbalanced} events whose merge records are not one per source but the lead")
    if engine.dialect.name == "sqlite":  # after a kill -9 the WAL must still replay into a sound file
        with engine.connect() as conn:
            if (check := conn.exec_driver_sql("PRAGMA integrity_check").scalar()) != "ok":
                found.append(f"SQLite integrity_check: {check}")
            if dangling := conn.exec_driver_sql("PRAGMA foreign_key_check").all():
                found.append(f"rows pointing at missing rows: {dangling[:5]}")
    return found


def rows_per_source(engine: Engine) -> dict[str, tuple[int, int]]:
    """Per stored document, how many quotes and casualty figures it has: all or none of them
    are there when each document is stored in one transaction."""
    from timeline.models import CasualtyFigure, EventSource, Source

    with engine.connect() as conn:
        quotes = conn.execute(
            select(Source.file_name, func.count(EventSource.id))
            .outerjoin(EventSource).group_by(Source.file_name)
        ).all()
        figures: dict[str, int] = dict(conn.execute(
            select(Source.file_name, func.count(CasualtyFigure.id))
            .outerjoin(CasualtyFigure).group_by(Source.file_name)
        ).all())  # fmt: skip
    return {name: (count, figures.get(name, 0)) for name, count in quotes}


@functools.cache
def clean_run(n: int, seed: int) -> dict[str, Any]:
    """The snapshot and per-document row counts after one clean ingest of ``write_corpus(_, n, seed)``
    (in this process, into a new SQLite database; computed once per test session)."""
    from timeline.db import open_database
    from timeline.ingest import ingest_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_corpus(folder, n, seed)
        engine = open_database(f"sqlite:///{Path(tmp) / 'clean.db'}")
        try:
            report = ingest_paths(engine, [str(folder)])
            assert report.ok, report.failures
            return {"snapshot": snapshot(engine), "rows": rows_per_source(engine)}
        finally:
            engine.dispose()

"""A small deterministic corpus for the reliability tests (test-only; bench/ has a richer one).

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
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

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


def _incident(rng: random.Random, taken: set[tuple[dt.date, str]]) -> Incident:
    while True:
        town, state = rng.choice(PLACES)
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
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
            f"sujetos armados los atacaron en {inc.town}. Las autoridades señalaron {to_who} como responsable."
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


def articles(n: int, seed: int = 0) -> list[dict[str, str]]:
    """``n`` articles as manifest entries plus their ``text`` (deterministic for a seed)."""
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
        inc = _incident(rng, taken)
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


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` articles and their manifest.json into ``folder``; return the article paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    manifest = []
    for art in articles(n, seed):
        path = folder / art["file"]
        path.write_text(art["text"], encoding="utf-8")
        paths.append(path)
        manifest.append({k: v for k, v in art.items() if k != "text"})
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths

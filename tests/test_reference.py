"""The reference data files and their loaders: integrity, normal forms, regeneration."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.reference import build_places, build_state_actors
from timeline.reference.gazetteer import ANY, EXACT, TITLE, alias_tokens, case_mode, tokenize
from timeline.reference.load import actors, data_dir, fold, gazetteer, normalize, places

ACTOR_TYPES = {
    "cartel", "criminal_group", "militia", "military", "police", "government", "person", "civilians", "other",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cártel de Jalisco Nueva Generación", "cartel de jalisco nueva generacion"),
        ("  MICHOACÁN   de  Ocampo ", "michoacan de ocampo"),
        ("Mexico\u2019s \u201cfederal\u201d government", "mexico's \"federal\" government"),
        ("Task Force\u2013Counter Cartel", "task force-counter cartel"),
        ("Nuevo\u00a0León", "nuevo leon"),
        ("Straße", "strasse"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert len(fold(text, lower=False)) == len(text)


@pytest.mark.parametrize(
    ("text", "folded"), [("Ciudad Juárez", "ciudad juarez"), ("Ñuñoa ‘X’", "nunoa 'x'"), ("CDMX", "cdmx")]
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tokens_carry_offsets_into_the_original_text() -> None:
    text = "En Culiacán, Sinaloa: el “Chapo”."
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)] == [
        "En", "Culiacán", "Sinaloa", "el", "Chapo",
    ]
    assert toks.lower[1] == "culiacan"
    assert toks.gaps == [" ", ", ", ": ", ' "']  # gaps come from the folded text


@pytest.mark.parametrize(
    ("alias", "mode"),
    [
        ("CJNG", EXACT), ("U.S.", EXACT), ("Trump", TITLE), ("Los Rojos", TITLE), ("El Mencho", TITLE),
        ("Knights Templar", ANY), ("army", ANY),
    ],
)
def test_case_mode_follows_how_the_alias_is_written(alias: str, mode: int) -> None:
    cased = tuple(t for t in alias.replace(".", " ").split())
    assert case_mode(alias, cased) == mode


def test_alias_tokens() -> None:
    assert alias_tokens("Mexico’s federal government") == ("mexico", "s", "federal", "government")
    assert alias_tokens("Dr. Mireles") == ("dr", "mireles")


def test_actor_records_are_consistent() -> None:
    recs = actors()
    for rec in recs.values():
        assert rec.type in ACTOR_TYPES, rec.key
        assert rec.parent is None or rec.parent in recs, rec.key
        assert rec.admin1 is None or rec.admin1 in places(), rec.key
        assert rec.aliases and rec.aliases[0][0] == rec.name


@pytest.mark.parametrize(
    ("key", "name", "type_", "parent"),
    [
        ("cjng", "Jalisco New Generation Cartel", "cartel", None),
        ("sinaloa-cartel", "Sinaloa Cartel", "cartel", None),
        ("knights-templar", "Knights Templar", "cartel", None),
        ("el-mencho", "El Mencho", "person", "cjng"),
        ("el-marro", "José Antonio Yépez Ortiz", "person", "santa-rosa-de-lima-cartel"),
        ("los-chapitos", "Los Chapitos", "criminal_group", "sinaloa-cartel"),
        ("mexican-state-forces", "Mexican state forces", "military", "mexican-government"),
        ("sedena", "Secretariat of National Defense", "military", "mexican-state-forces"),
        ("guanajuato-state-police", "Guanajuato State Police", "police", "guanajuato-state-government"),
        ("guanajuato-state-government", "Government of Guanajuato", "government", None),
        ("guanajuato-tactical-group", "Guanajuato Tactical Group", "police", "guanajuato-state-police"),
        ("michoacan-militias", "Michoacán self-defense militias", "militia", None),
    ],
)
def test_key_actors(key: str, name: str, type_: str, parent: str | None) -> None:
    rec = actors()[key]
    assert (rec.name, rec.type, rec.parent) == (name, type_, parent)


def test_every_state_has_a_police_and_a_government() -> None:
    states = [p for p in places().values() if p.kind == "admin1" and p.country_code == "MX"]
    assert len(states) == 32
    g = gazetteer()
    for state in states:
        for kind in ("police", "government"):
            key = g.state_actor[(state.key, kind)]
            assert actors()[key].admin1 == state.key


def test_generic_actors_are_flagged() -> None:
    assert actors()["gunmen"].generic and actors()["gunmen"].type == "criminal_group"
    assert actors()["civilians"].generic
    assert not actors()["cjng"].generic


@pytest.mark.parametrize(
    ("key", "name", "kind", "parent", "codes"),
    [
        ("country:MX", "Mexico", "country", None, {"iso3166_1": "MX", "geonames": "3996063"}),
        ("admin1:MX-JAL", "Jalisco", "admin1", "country:MX", {"iso3166_2": "MX-JAL", "inegi": "14"}),
        ("admin1:MX-GUA", "Guanajuato", "admin1", "country:MX", {"iso3166_2": "MX-GUA", "inegi": "11"}),
        ("admin1:MX-COA", "Coahuila", "admin1", "country:MX", {"iso3166_2": "MX-COA", "inegi": "05"}),
        ("admin1:MX-CHP", "Chiapas", "admin1", "country:MX", {"iso3166_2": "MX-CHP", "inegi": "07"}),
        ("locality:MX:3982461", "Tapalpa", "locality", "admin1:MX-JAL", {"geonames": "3982461"}),
        ("locality:MX:4012176", "Culiacán", "locality", "admin1:MX-SIN", {"geonames": "4012176"}),
        ("locality:MX:3988086", "Saltillo", "locality", "admin1:MX-COA", {"geonames": "3988086"}),
    ],
)
def test_key_places(key: str, name: str, kind: str, parent: str | None, codes: dict[str, str]) -> None:
    rec = places()[key]
    assert (rec.name, rec.kind, rec.parent, rec.codes) == (name, kind, parent, codes)
    assert rec.latitude is not None and rec.longitude is not None


def test_states_have_spanish_and_accentless_aliases() -> None:
    names = {normalize(a) for a in places()["admin1:MX-CMX"].aliases}
    assert {"ciudad de mexico", "cdmx", "distrito federal"} <= names
    assert "edomex" in {normalize(a) for a in places()["admin1:MX-MEX"].aliases}
    assert "estados unidos" in {normalize(a) for a in places()["country:US"].aliases}
    assert "alemania" in {normalize(a) for a in places()["country:DE"].aliases}


def test_mexican_localities_hang_under_states() -> None:
    localities = [p for p in places().values() if p.kind == "locality" and p.country_code == "MX"]
    assert len(localities) > 8000
    assert all(p.parent and places()[p.parent].kind == "admin1" for p in localities)
    assert all((p.population or 0) >= 1000 for p in localities)


def test_data_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_REFERENCE_DIR", str(tmp_path))
    assert data_dir() == tmp_path


def test_data_dir_default_holds_the_files() -> None:
    names = {p.name for p in data_dir().iterdir()}
    assert {"actors.json", "state_actors.json", "places.csv", "mexican_states.csv"} <= names


def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    build_state_actors.build(tmp_path / "state_actors.json")
    assert (tmp_path / "state_actors.json").read_bytes() == (data_dir() / "state_actors.json").read_bytes()
    build_places.build(tmp_path / "places.csv")
    assert (tmp_path / "places.csv").read_bytes() == (data_dir() / "places.csv").read_bytes()

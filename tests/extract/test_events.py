"""The events stage: one event per incident, dated by its own words or by the narrative it continues."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.extract.model import Document, Interval, Metadata, Precision
from timeline.extract.pipeline import extract


def doc(text: str, published: str | None = "2021-05-31", language: str = "en") -> Document:
    interval = None
    if published:
        day = dt.date.fromisoformat(published)
        interval = Interval(day, day, Precision.DAY)
    return Document(text, Metadata(name="t.txt", language=language, published=interval))


def events(text: str, **kw):  # type: ignore[no-untyped-def]
    d = doc(text, **kw)
    return d, extract(d)


def test_one_incident_told_over_two_sentences_is_one_event() -> None:
    d, evs = events(
        "Gunmen attacked a police patrol in Celaya, Guanajuato, on Monday, killing three officers. "
        "They also wounded two passers-by."
    )
    assert len(evs) == 1
    (e,) = evs
    assert (e.date.start, e.date.precision) == (dt.date(2021, 5, 31), Precision.DAY)
    assert e.totals() == {"killed": 3, "injured": 2}
    assert e.type == "battles"
    assert e.place and e.place.startswith("locality:MX:")
    assert len(e.sentences) == 2


def test_a_sentence_that_moves_the_story_on_is_a_new_event_on_the_narrative_date() -> None:
    _, evs = events(
        "In 2019, soldiers arrested a cartel leader in Culiacán. The cartel then attacked the city, "
        "killing 8 soldiers."
    )
    assert len(evs) == 2
    assert [e.date.precision for e in evs] == [Precision.YEAR, Precision.YEAR]
    assert evs[0].type == "strategic_developments" and evs[1].totals() == {"killed": 8}


def test_speech_dates_are_not_event_dates() -> None:
    _, evs = events(
        "Gunmen recently kidnapped five students in Lagos de Moreno, the newspaper reported Sunday."
    )
    (e,) = evs
    assert e.date.precision == Precision.RANGE and e.date.approximate  # "recently", not "Sunday"


def test_statistics_are_aggregates_and_kept_apart_from_rates() -> None:
    _, evs = events(
        "Between 2018 and mid-May of this year, 262 officers were killed in Guanajuato, "
        "an average of some 75 officers annually."
    )
    (e,) = evs
    assert e.aggregate and e.totals() == {"killed": 262}
    assert (e.date.start, e.date.precision) == (dt.date(2018, 1, 1), Precision.RANGE)


def test_threats_and_quotes_are_not_events() -> None:
    _, evs = events("“We will kill two of your officers,” the cartel said. Officials refused to comment.")
    assert evs == []


def test_headline_is_not_an_event() -> None:
    _, evs = events(
        "Gunmen kill 9 at party in Celaya\n\nGunmen killed nine people at a party in Celaya late Saturday."
    )
    assert len(evs) == 1 and evs[0].totals() == {"killed": 9}


def test_relative_dates_stay_unresolved_without_publication_date() -> None:
    _, evs = events("Gunmen killed four people in Uruapan last week.", published=None)
    (e,) = evs
    assert not e.date.resolved and e.date.precision == Precision.UNKNOWN


def test_spanish_lede_and_follow_up_paragraph_are_one_event() -> None:
    _, evs = events(
        "Al menos 13 policías estatales murieron este lunes en una emboscada en Aguililla, Michoacán.\n\n"
        "Un grupo de hombres armados atacó a los agentes cuando circulaban por la comunidad.",
        language="es",
    )
    (e,) = evs
    assert e.totals() == {"killed": 13}
    assert e.date.start == dt.date(2021, 5, 31)
    assert e.actors.get("gunmen") == "perpetrator"
    assert any(role == "target" for key, role in e.actors.items() if "police" in key)


def test_reference_to_an_event_does_not_start_one() -> None:
    _, evs = events("El gobernador condenó el ataque y pidió calma.", language="es")
    assert evs == []


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("On Friday, gunmen killed five people in a bar in Irapuato.", "killed", 5),
        ("El viernes, sujetos armados asesinaron a cinco personas en un bar de Irapuato.", "killed", 5),
        ("Yesterday, armed men kidnapped 12 migrants in Tamaulipas.", "abducted", 12),
    ],
)
def test_figures_reach_the_event(text: str, kind: str, count: int) -> None:
    _, evs = events(text, language="es" if "viernes" in text else "en")
    (e,) = evs
    assert e.totals() == {kind: count}
    assert e.date.resolved


def test_follow_up_paragraphs_source_and_attribution() -> None:
    _, evs = events(
        "Un grupo armado irrumpió este miércoles en un centro de rehabilitación de Irapuato, Guanajuato, "
        "y asesinó a 24 personas, informó la Fiscalía General del Estado.\n\n"
        "Otras siete personas resultaron heridas.\n\n"
        "Las autoridades atribuyen el ataque al Cártel de Santa Rosa de Lima, que disputa la región con "
        "el Cártel Jalisco Nueva Generación.",
        published="2020-07-02",
        language="es",
    )
    (e,) = evs
    assert e.totals() == {"killed": 24, "injured": 7}
    assert e.date.start == dt.date(2020, 7, 1)
    assert e.actors["santa-rosa-de-lima-cartel"] == "perpetrator"
    assert e.actors["cjng"] == "other"
    assert not any("government" in key for key in e.actors)  # the prosecutor only reported it


def test_who_blames_is_not_who_did_it() -> None:
    _, evs = events(
        "Gunmen killed five people in a bar in Celaya on Monday. "
        "State prosecutors blamed the Santa Rosa de Lima Cartel for the attack."
    )
    (e,) = evs
    assert e.actors["santa-rosa-de-lima-cartel"] == "perpetrator"
    assert all(role != "perpetrator" for key, role in e.actors.items() if "government" in key)


def test_a_time_told_relative_to_the_story_takes_its_date() -> None:
    _, evs = events(
        "El sábado por la noche, un comando armado atacó una fiesta en Fresnillo, "
        "donde murieron cinco hombres.\n\n"
        "Horas más tarde, en Jerez, fueron localizados los cuerpos de tres personas.",
        published="2022-11-24",
        language="es",
    )
    assert [(e.date.start, e.totals()) for e in evs] == [
        (dt.date(2022, 11, 19), {"killed": 5}),
        (dt.date(2022, 11, 19), {"killed": 3}),
    ]


def test_a_death_told_as_background_belongs_to_its_own_event() -> None:
    _, evs = events(
        "Cartel gunmen laid siege to the city on Monday after the killing of their leader by soldiers.",
    )
    (e,) = evs
    assert e.totals() == {}


def test_some_of_the_dead_are_a_part_of_the_total() -> None:
    _, evs = events(
        "Gunmen burst into a party in Celaya late Saturday, killing nine people.\n\n"
        "State prosecutors said three of the dead were minors."
    )
    (e,) = evs
    assert e.totals() == {"killed": 9}
    assert [c.best for c in e.casualties if c.part_of is not None] == [3]


def test_the_story_place_carries_to_its_next_moments_not_to_background_years() -> None:
    _, evs = events(
        "Cartel drones dropped explosives on Apatzingán, Michoacán, on Tuesday, wounding four residents.\n\n"
        "Hundreds of residents blocked a highway on Wednesday to protest the violence.\n\n"
        "In 2019, the cartel began using drones against soldiers.",
        published="2023-06-24",
    )
    protest, background = evs[1], evs[2]
    assert protest.type == "protests" and protest.place == evs[0].place
    assert background.place != evs[0].place


def test_the_victim_just_told_is_not_counted_again() -> None:
    _, evs = events(
        "A journalist was shot dead on Thursday night in Acapulco, the fifth reporter killed this year. "
        "He died at the scene.",
        published="2024-04-19",
    )
    (e,) = evs
    assert e.totals() == {"killed": 1}
    assert not e.aggregate  # dated to a day: an incident, whatever the sentence adds


def test_a_lede_and_its_retelling_with_an_approximate_date_are_one_event() -> None:
    _, evs = events(
        "It has been two weeks since the CJNG laid siege to several states.\n\n"
        "A military mission on 22 February in Tapalpa, Jalisco, ambushed the CJNG leader.\n\n"
        "CJNG henchmen across the country then burned buildings and attacked soldiers.",
        published="2026-03-12",
    )
    assert len(evs) == 2  # the siege (told twice) and the ambush
    siege = evs[0]
    assert siege.actors.get("cjng") == "perpetrator" and len(siege.sentences) == 2

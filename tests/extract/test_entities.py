"""The actors and places stages: sentence in, mentions (key + covered text) out."""

from __future__ import annotations

import pytest

from timeline.extract.entities import find_actors, find_places
from timeline.extract.model import Document, Metadata


def _doc(text: str, lang: str = "en") -> Document:
    return Document(text, Metadata(name="t.txt", language=lang))


def actors_in(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.key) for m in find_actors(_doc(text, lang))]


def places_in(text: str, lang: str = "en") -> list[tuple[str, str]]:
    doc = _doc(text, lang)
    return [(text[m.start : m.end], m.key) for m in find_places(doc, find_actors(doc))]


# --- actors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "The Jalisco New Generation Cartel (CJNG) attacked.",
            [("Jalisco New Generation Cartel", "cjng"), ("CJNG", "cjng")],
        ),
        ("en", "the Jalisco cartel struck back", [("Jalisco cartel", "cjng")]),
        (
            "es",
            "El Cártel de Jalisco Nueva Generación atacó.",
            [("Cártel de Jalisco Nueva Generación", "cjng")],
        ),
        (
            "en",
            "the Cartel de Jalisco Nueva Generacion laid siege",
            [("Cartel de Jalisco Nueva Generacion", "cjng")],
        ),
        (
            "en",
            "The Sinaloa cartel, also called the Sinaloa Federation.",
            [("Sinaloa cartel", "sinaloa-cartel"), ("Sinaloa Federation", "sinaloa-cartel")],
        ),
        (
            "es",
            "Los Caballeros Templarios y Los Zetas",
            [("Los Caballeros Templarios", "knights-templar"), ("Los Zetas", "los-zetas")],
        ),
        ("en", "the Knights Templar cartel", [("Knights Templar cartel", "knights-templar")]),
        (
            "en",
            "CJNG leader Nemesio Oseguera Cervantes, known as 'El Mencho'.",
            [("CJNG", "cjng"), ("Nemesio Oseguera Cervantes", "el-mencho"), ("El Mencho", "el-mencho")],
        ),
        (
            "es",
            "la captura de Ovidio Guzmán López, hijo de Joaquín ‘El Chapo’ Guzmán",
            [("Ovidio Guzmán López", "ovidio-guzman"), ("Joaquín ‘El Chapo’ Guzmán", "el-chapo")],
        ),
        (
            "es",
            "José Antonio Yépez Ortiz, alias El Marro",
            [("José Antonio Yépez Ortiz", "el-marro"), ("El Marro", "el-marro")],
        ),
        (
            "en",
            "The Mexican military and the National Guard (GN).",
            [("Mexican military", "sedena"), ("National Guard", "national-guard"), ("GN", "national-guard")],
        ),
        (
            "es",
            "La Secretaría de la Defensa Nacional (Sedena) y la Marina.",
            [("Secretaría de la Defensa Nacional", "sedena"), ("Sedena", "sedena"), ("Marina", "semar")],
        ),
        (
            "en",
            "Mexican forces clashed with gunmen",
            [("Mexican forces", "mexican-state-forces"), ("gunmen", "gunmen")],
        ),
        (
            "es",
            "fuerzas federales repelieron a sicarios",
            [("fuerzas federales", "mexican-state-forces"), ("sicarios", "gunmen")],
        ),
        (
            "en",
            "Mexico’s federal government asked the militias",
            [("Mexico’s federal government", "mexican-government")],
        ),
        (
            "en",
            "Guanajuato's Tactical Group, the elite police",
            [("Tactical Group", "guanajuato-tactical-group"), ("elite police", "guanajuato-tactical-group")],
        ),
        (
            "es",
            "las Fuerzas de Seguridad Pública del Estado (FSPE)",
            [
                ("Fuerzas de Seguridad Pública del Estado", "guanajuato-tactical-group"),
                ("FSPE", "guanajuato-tactical-group"),
            ],
        ),
        (
            "en",
            "the Guanajuato state government and Guanajuato state police",
            [
                ("Guanajuato state government", "guanajuato-state-government"),
                ("Guanajuato state police", "guanajuato-state-police"),
            ],
        ),
        (
            "es",
            "la Policía Estatal de Michoacán y el Gobierno de Jalisco",
            [
                ("Policía Estatal de Michoacán", "michoacan-state-police"),
                ("Gobierno de Jalisco", "jalisco-state-government"),
            ],
        ),
        (
            "en",
            "Michoacan's self-defense militia and the autodefensas of Dr. Mireles",
            [
                ("self-defense militia", "michoacan-militias"),
                ("autodefensas", "michoacan-militias"),
                ("Dr. Mireles", "jose-mireles"),
            ],
        ),
        (
            "en",
            "President Andres Manuel Lopez Obrador (AMLO) and Claudia Sheinbaum",
            [
                ("Andres Manuel Lopez Obrador", "amlo"),
                ("AMLO", "amlo"),
                ("Claudia Sheinbaum", "claudia-sheinbaum"),
            ],
        ),
        (
            "en",
            "Trump and Pete Hegseth with the CIA, FBI, and DEA",
            [
                ("Trump", "donald-trump"),
                ("Pete Hegseth", "pete-hegseth"),
                ("CIA", "cia"),
                ("FBI", "fbi"),
                ("DEA", "dea"),
            ],
        ),
        ("es", "La Línea opera en Ciudad Juárez", [("La Línea", "la-linea")]),
        (
            "es",
            "la Fiscalía General de la República (FGR)",
            [("Fiscalía General de la República", "fgr"), ("FGR", "fgr")],
        ),
    ],
)
def test_actors(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors_in(text, lang) == expected


def test_generic_mentions_are_flagged() -> None:
    (m,) = find_actors(_doc("Hombres armados llegaron.", "es"))
    assert (m.key, m.generic, m.discovered, m.anaphoric) == ("gunmen", True, False, False)


def test_generic_words_only_in_the_documents_language() -> None:
    assert actors_in("the agentes said", "en") == []
    assert actors_in("the gunmen fled", "es") == []


def test_offsets_are_absolute() -> None:
    text = "First sentence here.\n\nSecond one: the CJNG attacked Culiacán."
    doc = _doc(text)
    (actor,) = find_actors(doc)
    (place,) = find_places(doc, [actor])
    assert (doc.quote(actor), doc.quote(place)) == ("CJNG", "Culiacán")


# --- anaphora -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "The Knights Templar ruled. Since then, militias have driven the cartel out.",
            [("Knights Templar", "knights-templar"), ("the cartel", "knights-templar")],
        ),
        (
            "en",
            "Civilian militias rose up. Since then, the militias have grown.",
            [("Civilian militias", "michoacan-militias"), ("the militias", "michoacan-militias")],
        ),
        (
            "es",
            "El CJNG atacó. Horas después, el cártel bloqueó carreteras.",
            [("CJNG", "cjng"), ("el cártel", "cjng")],
        ),
        (
            "en",
            "Ovidio Guzmán was arrested. The cartel turned the city into a war zone.",
            [("Ovidio Guzmán", "ovidio-guzman"), ("The cartel", "sinaloa-cartel")],
        ),
        ("en", "The group denied it. Then the cartel spoke.", []),
        (
            "es",
            "La organización criminal Los Viagras atacó; la organización criminal negó todo.",
            [("Los Viagras", "los-viagras"), ("la organización criminal", "los-viagras")],
        ),
    ],
)
def test_group_anaphora(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors_in(text, lang) == expected


def test_anaphors_are_flagged() -> None:
    mentions = find_actors(_doc("The CJNG struck. The cartel said so."))
    assert [(m.key, m.anaphoric) for m in mentions] == [("cjng", False), ("cjng", True)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "Violence rose in Guanajuato. State police found a body; the state government reacted.",
            [
                ("State police", "guanajuato-state-police"),
                ("state government", "guanajuato-state-government"),
            ],
        ),
        (
            "es",
            "Sujetos armados atacaron en Celaya, Guanajuato. "
            "La policía estatal y el gobierno estatal respondieron.",
            [
                ("Sujetos armados", "gunmen"),
                ("policía estatal", "guanajuato-state-police"),
                ("gobierno estatal", "guanajuato-state-government"),
            ],
        ),
        (
            "en",
            "In Michoacán, state police arrived. In Sinaloa, state police did not.",
            [("state police", "michoacan-state-police"), ("state police", "sinaloa-state-police")],
        ),
        ("en", "Nobody knows which state police came.", []),
        ("en", "The state released him within four hours.", []),
    ],
)
def test_state_anaphora(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors_in(text, lang) == expected


def test_state_anaphora_prefers_the_documents_main_state() -> None:
    text = (
        "Guanajuato is violent. Guanajuato police are hunted. Officials in Guanajuato, where Jalisco "
        "fights a local gang, said nothing. However, state police confirmed the death."
    )
    assert ("state police", "guanajuato-state-police") in actors_in(text)


# --- discovered groups ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "a gang called the Zorros Negros", [("Zorros Negros", "discovered:zorros-negros")]),
        ("en", "a group known as La Nueva Empresa", [("La Nueva Empresa", "discovered:la-nueva-empresa")]),
        ("en", "the Caborquenses cartel fought", [("Caborquenses cartel", "discovered:caborquenses-cartel")]),
        ("es", "el grupo criminal Los Tanzanios", [("Los Tanzanios", "discovered:los-tanzanios")]),
        ("es", "la banda de Los Chapulines", [("Los Chapulines", "discovered:los-chapulines")]),
        (
            "es",
            "el Cártel Independiente de Acapulco",
            [("Cártel Independiente de Acapulco", "discovered:cartel-independiente-de-acapulco")],
        ),
        ("en", "a gang called the Guerreros Unidos", [("Guerreros Unidos", "guerreros-unidos")]),
        (
            "es",
            "el cártel de Santa Rosa de Lima",
            [("cártel de Santa Rosa de Lima", "santa-rosa-de-lima-cartel")],
        ),
    ],
)
def test_discovered_groups(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors_in(text, lang) == expected


def test_discovered_flag_and_anaphora() -> None:
    mentions = find_actors(_doc("A gang called the Zorros Negros grew. The gang killed two."))
    assert [(m.key, m.discovered, m.anaphoric) for m in mentions] == [
        ("discovered:zorros-negros", True, False),
        ("discovered:zorros-negros", False, True),
    ]


ACTOR_FALSE_POSITIVES = [
    ("en", "He played a trump card."),
    ("es", "La familia de la víctima pidió justicia."),
    ("es", "Cruzó la línea de fuego."),
    ("es", "La empresa cerró la marina del puerto."),
    ("en", "Tell us what happened."),
    ("en", "The Mexican cartel is powerful."),
    ("en", "The state is weak."),
    ("es", "los rojos atardeceres"),
    ("en", "The cartels of the world."),
]


@pytest.mark.parametrize(("lang", "text"), ACTOR_FALSE_POSITIVES)
def test_actor_false_positives(lang: str, text: str) -> None:
    assert [k for _, k in actors_in(text, lang) if k != "organized-crime"] == []


# --- places ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "en",
            "A raid in Tapalpa, Jalisco, killed him.",
            [("Tapalpa", "locality:MX:3982461"), ("Jalisco", "admin1:MX-JAL")],
        ),
        ("en", "They turned Culiacan into a war zone.", [("Culiacan", "locality:MX:4012176")]),
        (
            "es",
            "Balacera en Culiacán, Sinaloa.",
            [("Culiacán", "locality:MX:4012176"), ("Sinaloa", "admin1:MX-SIN")],
        ),
        (
            "en",
            "Mexico's most violent state is Guanajuato.",
            [("Mexico", "country:MX"), ("Guanajuato", "admin1:MX-GUA")],
        ),
        ("es", "México y Estados Unidos", [("México", "country:MX"), ("Estados Unidos", "country:US")]),
        ("en", "the U.S. and the United States", [("U.S", "country:US"), ("United States", "country:US")]),
        ("en", "in the city of Guanajuato", [("Guanajuato", "locality:MX:4005270")]),
        ("es", "en la ciudad de Guanajuato", [("Guanajuato", "locality:MX:4005270")]),
        ("en", "Guanajuato city", [("Guanajuato", "locality:MX:4005270")]),
        ("en", "the state of Guanajuato", [("Guanajuato", "admin1:MX-GUA")]),
        (
            "es",
            "el estado de Oaxaca y Oaxaca, Oaxaca",
            [("Oaxaca", "admin1:MX-OAX"), ("Oaxaca", "locality:MX:3522507"), ("Oaxaca", "admin1:MX-OAX")],
        ),
        (
            "en",
            "Mexico City and the State of Mexico",
            [("Mexico City", "admin1:MX-CMX"), ("State of Mexico", "admin1:MX-MEX")],
        ),
        (
            "es",
            "la Ciudad de México, la CDMX y el Estado de México",
            [
                ("Ciudad de México", "admin1:MX-CMX"),
                ("CDMX", "admin1:MX-CMX"),
                ("Estado de México", "admin1:MX-MEX"),
            ],
        ),
        (
            "en",
            "Michoacan, Chiapas, and Jalisco",
            [("Michoacan", "admin1:MX-MIC"), ("Chiapas", "admin1:MX-CHP"), ("Jalisco", "admin1:MX-JAL")],
        ),
        ("en", "the western Mexican state of Michoacán", [("Michoacán", "admin1:MX-MIC")]),
        ("en", "Chihuahua and Durango", [("Chihuahua", "admin1:MX-CHH"), ("Durango", "admin1:MX-DUR")]),
        (
            "en",
            "in Nuevo Leon and Nuevo León",
            [("Nuevo Leon", "admin1:MX-NLE"), ("Nuevo León", "admin1:MX-NLE")],
        ),
        (
            "en",
            "Michoacán's town of Los Reyes",
            [("Michoacán", "admin1:MX-MIC"), ("Los Reyes", "locality:MX:3997211")],
        ),
        ("es", "en Hidalgo y Morelos", [("Hidalgo", "admin1:MX-HID"), ("Morelos", "admin1:MX-MOR")]),
        (
            "en",
            "relatives in Fresno, California",
            [("Fresno", "locality:US:5350937"), ("California", "admin1:US-CA")],
        ),
    ],
)
def test_places(lang: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert places_in(text, lang) == expected


def test_places_never_inside_actor_names() -> None:
    text = "The Jalisco New Generation Cartel and the Sinaloa Cartel met in Jalisco."
    assert places_in(text) == [("Jalisco", "admin1:MX-JAL")]


def test_places_without_actors_runs_the_actor_stage() -> None:
    doc = _doc("The Jalisco Cartel fought in Guanajuato.")
    assert [doc.quote(p) for p in find_places(doc)] == ["Guanajuato"]


PLACE_FALSE_POSITIVES = [
    ("en", "Victoria said the Reforma was a Progreso."),
    ("es", "Guadalupe Pérez y Carmen López declararon en la avenida Reforma."),
    ("en", "Miguel Hidalgo and José María Morelos and Vicente Guerrero were heroes."),
    ("en", "Mexican workers and mexicano peasants."),
    ("es", "los mexicanos de durango"),
    ("en", "Tapalpa is a quiet place."),
    ("en", "Israel Vázquez testified."),
    ("en", "Joaquin Guzman's lawyer."),
    ("en", "a Libertad rally in San Juan"),
]


@pytest.mark.parametrize(("lang", "text"), PLACE_FALSE_POSITIVES)
def test_place_false_positives(lang: str, text: str) -> None:
    assert places_in(text, lang) == []

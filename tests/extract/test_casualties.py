"""Casualty figures, one sentence at a time: English, Spanish, and the traps.

Each row is a sentence and the figures it must give, as
(kind, best, low, high, qualifier, victims, aggregate, part_of).
"""

from __future__ import annotations

import re

import pytest

from timeline.extract.casualties import find_casualties

Row = tuple[str, int | None, int | None, int | None, str, str, bool, int | None]


def figures(text: str, language: str = "en") -> list[Row]:
    return [
        (m.kind, m.best, m.low, m.high, m.qualifier, m.victims, m.aggregate, m.part_of)
        for m in find_casualties(text, language=language)
    ]


ENGLISH: list[tuple[str, list[Row]]] = [
    (
        "The CJNG shot down a Mexican helicopter with a 50 calibre machine gun, "
        "killing nine Mexican soldiers.",
        [("killed", 9, 9, 9, "exact", "military", False, None)],
    ),
    (
        "They shot at a passenger plane, shot down two helicopters, and killed 10 soldiers.",
        [("killed", 10, 10, 10, "exact", "military", False, None)],
    ),
    (
        "Between 2019 and mid-April of this year, 150 troopers were killed, "
        "an average of some 40 troopers annually.",
        [("killed", 150, 150, 150, "exact", "police", True, None)],
    ),
    (
        "The union said at least seven police officers had been killed on holidays so far this year.",
        [("killed", 7, 7, None, "at_least", "police", True, None)],
    ),
    (
        "Poplab reported that seven of the elite officers have been killed on days off this year.",
        [("killed", 7, 7, 7, "exact", "police", True, None)],
    ),
    (
        "In 2014 the army orchestrated the disappearance and killing of the 43 Ayotzinapa students.",
        [
            ("killed", 43, 43, 43, "exact", "civilians", False, None),
            ("disappeared", 43, 43, 43, "exact", "civilians", False, None),
        ],
    ),
    (
        "Violence rose sharply until 2019 – a year which claimed 34,000 victims.",
        [("killed", 34000, 34000, 34000, "exact", "unknown", True, None)],
    ),
    (
        "A gunfight broke out with his escort, and Ramirez was killed.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "12 people were killed, including five police officers and seven civilians.",
        [
            ("killed", 12, 12, 12, "exact", "civilians", False, None),
            ("killed", 5, 5, 5, "exact", "police", False, 0),
            ("killed", 7, 7, 7, "exact", "civilians", False, 0),
        ],
    ),
    (
        "The clash left 29 dead: 10 police and 19 gunmen.",
        [
            ("killed", 29, 29, 29, "exact", "unknown", False, None),
            ("killed", 10, 10, 10, "exact", "police", False, 0),
            ("killed", 19, 19, 19, "exact", "armed_group", False, 0),
        ],
    ),
    (
        "Twelve people, including five police officers, were killed on Sunday.",
        [
            ("killed", 12, 12, 12, "exact", "civilians", False, None),
            ("killed", 5, 5, 5, "exact", "police", False, 0),
        ],
    ),
    (
        "Gunmen killed five police officers and wounded three others in Culiacán on Monday.",
        [
            ("killed", 5, 5, 5, "exact", "police", False, None),
            ("injured", 3, 3, 3, "exact", "police", False, None),
        ],
    ),
    (
        "Five police officers and seven civilians were killed in the attack.",
        [
            ("killed", 5, 5, 5, "exact", "police", False, None),
            ("killed", 7, 7, 7, "exact", "civilians", False, None),
        ],
    ),
    (
        "A car bomb killed four police officers and injured 12 civilians.",
        [
            ("killed", 4, 4, 4, "exact", "police", False, None),
            ("injured", 12, 12, 12, "exact", "civilians", False, None),
        ],
    ),
    (
        "At least 12 people died and dozens were injured when gunmen opened fire.",
        [
            ("killed", 12, 12, None, "at_least", "civilians", False, None),
            ("injured", None, 24, None, "at_least", "unknown", False, None),
        ],
    ),
    ("The death toll rose to 14 on Tuesday.", [("killed", 14, 14, 14, "exact", "unknown", False, None)]),
    (
        "Nearly 30 people were killed in the attack.",
        [("killed", 30, None, 30, "at_most", "civilians", False, None)],
    ),
    ("More than 30 people were killed.", [("killed", 30, 30, None, "more_than", "civilians", False, None)]),
    (
        "Some 75 migrants were kidnapped near the border.",
        [("abducted", 75, None, None, "about", "civilians", False, None)],
    ),
    (
        "Two journalists were abducted and killed in Veracruz.",
        [
            ("abducted", 2, 2, 2, "exact", "journalists", False, None),
            ("killed", 2, 2, 2, "exact", "journalists", False, None),
        ],
    ),
    (
        "Three students went missing after the protest.",
        [("disappeared", 3, 3, 3, "exact", "civilians", False, None)],
    ),
    (
        "The bodies of six men were found in a ravine.",
        [("killed", 6, 6, 6, "exact", "civilians", False, None)],
    ),
    (
        "Dozens of people were killed in the violence.",
        [("killed", None, 24, None, "at_least", "civilians", False, None)],
    ),
    ("The attack killed a dozen soldiers.", [("killed", 12, None, None, "about", "military", False, None)]),
    ("Gunmen killed 10 to 15 people.", [("killed", None, 10, 15, "about", "civilians", False, None)]),
    (
        "So far this year, 1,500 people have been murdered in the state.",
        [("killed", 1500, 1500, 1500, "exact", "civilians", True, None)],
    ),
    ("Homicides reached 34,000 in 2021.", [("killed", 34000, 34000, 34000, "exact", "unknown", True, None)]),
    (
        "The massacre of 72 migrants shocked the country.",
        [("killed", 72, 72, 72, "exact", "civilians", False, None)],
    ),
    ("At 10:30 a.m., gunmen killed three people.", [("killed", 3, 3, 3, "exact", "civilians", False, None)]),
    ("Gunmen killed three people at 10 a.m.", [("killed", 3, 3, 3, "exact", "civilians", False, None)]),
    (
        "Gunmen with a .50-caliber rifle killed nine soldiers.",
        [("killed", 9, 9, 9, "exact", "military", False, None)],
    ),
    (
        "Gunmen shot dead two sicarios and a bodyguard.",
        [("killed", 2, 2, 2, "exact", "armed_group", False, None)],
    ),
    (
        "Gunmen killed 12 people, five of them police officers.",
        [
            ("killed", 12, 12, 12, "exact", "civilians", False, None),
            ("killed", 5, 5, 5, "exact", "police", False, 0),
        ],
    ),
    (
        "Troops killed 14 cartel members and three military members were wounded.",
        [
            ("killed", 14, 14, 14, "exact", "armed_group", False, None),
            ("injured", 3, 3, 3, "exact", "military", False, None),
        ],
    ),
    (
        "Between 2018 and May 12, a total of 262 police officers, "
        "an average of about about 262 police officers a year.",
        [("unknown", 262, 262, 262, "exact", "police", True, None)],
    ),
]

SINGULAR: list[tuple[str, list[Row]]] = [
    (
        "Gunmen killed the mayor of Tepalcatepec on Friday.",
        [("killed", 1, 1, 1, "exact", "officials", False, None)],
    ),
    ("The mayor was shot dead on Friday.", [("killed", 1, 1, 1, "exact", "officials", False, None)]),
    (
        "Officials confirmed the killing of their leader by troops.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "Officials acknowledged the most recent killing of an officer last week.",
        [("killed", 1, 1, 1, "exact", "police", False, None)],
    ),
    (
        "The only civilian killed was a local pregnant woman, witnesses said.",
        [("killed", 1, 1, 1, "exact", "civilians", False, None)],
    ),
    (
        "A 35-year-old man was shot dead outside his home.",
        [("killed", 1, 1, 1, "exact", "civilians", False, None)],
    ),
    (
        "Juan Pérez, 35, was shot dead outside his home.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "A police officer kidnapped from his home was killed on Thursday "
        "and his body was abandoned on the highway.",
        [
            ("abducted", 1, 1, 1, "exact", "police", False, None),
            ("killed", 1, 1, 1, "exact", "police", False, None),
        ],
    ),
    (
        "In March, a gunman went to a nurse's house, killing her husband, "
        "dragging her out and throwing her body covered in bullets into a canal.",
        [
            ("killed", 1, 1, 1, "exact", "civilians", False, None),
            ("killed", 1, 1, 1, "exact", "unknown", False, None),
        ],
    ),
    (
        "Hitmen murdered her husband, then tortured her before dumping her body in a field.",
        [
            ("killed", 1, 1, 1, "exact", "civilians", False, None),
            ("killed", 1, 1, 1, "exact", "unknown", False, None),
        ],
    ),
    (
        "His body was dumped along the side of a highway.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "Police found the body of a woman on the highway.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "He was kidnapped on Monday and his body was found two days later.",
        [
            ("abducted", 1, 1, 1, "exact", "unknown", False, None),
            ("killed", 1, 1, 1, "exact", "unknown", False, None),
        ],
    ),
    (
        "A police officer was killed and two others were wounded.",
        [
            ("killed", 1, 1, 1, "exact", "police", False, None),
            ("injured", 2, 2, 2, "exact", "unknown", False, None),
        ],
    ),
]

MORE: list[tuple[str, str, list[Row]]] = [
    (
        "He killed his wife and two children.",
        "en",
        [
            ("killed", 1, 1, 1, "exact", "civilians", False, None),
            ("killed", 2, 2, 2, "exact", "civilians", False, None),
        ],
    ),
    (
        "Gunmen killed a journalist on Tuesday, the fifth reporter slain this year.",
        "en",
        [
            ("killed", 1, 1, 1, "exact", "journalists", True, None),
        ],
    ),
    (
        "The death toll from the attack had risen to 23.",
        "en",
        [("killed", 23, 23, 23, "exact", "unknown", False, None)],
    ),
    (
        "Police said 43 students from the teacher training college went missing.",
        "en",
        [
            ("disappeared", 43, 43, 43, "exact", "civilians", False, None),
        ],
    ),
    (
        "About 10 people were shot, five of whom died.",
        "en",
        [("killed", 5, 5, 5, "exact", "unknown", False, None)],
    ),
    (
        "Gunmen kidnapped and killed a priest in Guerrero.",
        "en",
        [
            ("abducted", 1, 1, 1, "exact", "civilians", False, None),
            ("killed", 1, 1, 1, "exact", "civilians", False, None),
        ],
    ),
    ("Asesinan a tres policías en Zacatecas.", "es", [("killed", 3, 3, 3, "exact", "police", False, None)]),
    (
        "Localizan sin vida a mujer reportada como desaparecida.",
        "es",
        [
            ("killed", 1, 1, 1, "exact", "civilians", False, None),
        ],
    ),
    (
        "El alcalde de Acapetlahuaya fue asesinado junto con su escolta.",
        "es",
        [
            ("killed", 1, 1, 1, "exact", "officials", False, None),
        ],
    ),
    (
        "La cifra de homicidios en Guanajuato asciende a 3 mil 200.",
        "es",
        [
            ("killed", 3200, 3200, 3200, "exact", "unknown", True, None),
        ],
    ),
    (
        "A las 22:00 horas fueron atacados 3 policías, uno de los cuales murió.",
        "es",
        [
            ("killed", 1, 1, 1, "exact", "unknown", False, None),
        ],
    ),
    ("Fallecieron en el lugar 3 personas.", "es", [("killed", 3, 3, 3, "exact", "civilians", False, None)]),
    (
        "El ataque dejó un saldo de 5 muertos y 7 heridos.",
        "es",
        [
            ("killed", 5, 5, 5, "exact", "unknown", False, None),
            ("injured", 7, 7, 7, "exact", "unknown", False, None),
        ],
    ),
    (
        "Un comando privó de la libertad a cinco jóvenes.",
        "es",
        [
            ("abducted", 5, 5, 5, "exact", "civilians", False, None),
        ],
    ),
]

SPANISH: list[tuple[str, list[Row]]] = [
    (
        "Al menos 12 personas murieron y otras cinco resultaron heridas.",
        [
            ("killed", 12, 12, None, "at_least", "civilians", False, None),
            ("injured", 5, 5, 5, "exact", "civilians", False, None),
        ],
    ),
    (
        "Hombres armados asesinaron a cinco policías estatales.",
        [("killed", 5, 5, 5, "exact", "police", False, None)],
    ),
    (
        "Fueron localizados los cuerpos de tres hombres.",
        [("killed", 3, 3, 3, "exact", "civilians", False, None)],
    ),
    (
        "Las familias denunciaron casi una treintena de desaparecidos.",
        [("disappeared", 30, None, 30, "at_most", "unknown", False, None)],
    ),
    ("Un policía fue asesinado en Celaya.", [("killed", 1, 1, 1, "exact", "police", False, None)]),
    ("Mataron a un agente de la policía municipal.", [("killed", 1, 1, 1, "exact", "police", False, None)]),
    (
        "El ataque dejó 12 muertos: 10 policías y dos civiles.",
        [
            ("killed", 12, 12, 12, "exact", "unknown", False, None),
            ("killed", 10, 10, 10, "exact", "police", False, 0),
            ("killed", 2, 2, 2, "exact", "civilians", False, 0),
        ],
    ),
    (
        "En lo que va del año suman 262 policías asesinados.",
        [("killed", 262, 262, 262, "exact", "police", True, None)],
    ),
    (
        "Doce elementos de la Guardia Nacional resultaron heridos.",
        [("injured", 12, 12, 12, "exact", "military", False, None)],
    ),
    ("Fue hallado sin vida el alcalde de Cotija.", [("killed", 1, 1, 1, "exact", "officials", False, None)]),
    (
        "Murieron cinco personas en el enfrentamiento.",
        [("killed", 5, 5, 5, "exact", "civilians", False, None)],
    ),
    ("Un total de 262 policías.", [("unknown", 262, 262, 262, "exact", "police", True, None)]),
    ("La cifra de muertos ascendió a 14.", [("killed", 14, 14, 14, "exact", "unknown", True, None)]),
    ("Lo asesinaron frente a su casa.", [("killed", 1, 1, 1, "exact", "unknown", False, None)]),
    (
        "El cuerpo de una mujer fue localizado en un canal.",
        [("killed", 1, 1, 1, "exact", "unknown", False, None)],
    ),
    (
        "Decenas de personas fueron secuestradas.",
        [("abducted", None, 20, None, "at_least", "civilians", False, None)],
    ),
    (
        "Un hombre de 35 años fue asesinado a balazos.",
        [("killed", 1, 1, 1, "exact", "civilians", False, None)],
    ),
    (
        "Los sicarios privaron de la libertad a tres jóvenes.",
        [("abducted", 3, 3, 3, "exact", "civilians", False, None)],
    ),
    ("El 12 de mayo fueron asesinados tres agentes.", [("killed", 3, 3, 3, "exact", "police", False, None)]),
    (
        "Más de 40 personas han sido asesinadas desde enero.",
        [("killed", 40, 40, None, "more_than", "civilians", True, None)],
    ),
    (
        "Recordaron la desaparición de los 43 normalistas de Ayotzinapa.",
        [("disappeared", 43, 43, 43, "exact", "civilians", False, None)],
    ),
    (
        "Con armas calibre 7.62 asesinaron a dos policías.",
        [("killed", 2, 2, 2, "exact", "police", False, None)],
    ),
    (
        "Los restos de 12 personas fueron hallados en una fosa.",
        [("killed", 12, 12, 12, "exact", "civilians", False, None)],
    ),
    (
        "Un enfrentamiento dejó veintiséis muertos, entre ellos dos militares.",
        [
            ("killed", 26, 26, 26, "exact", "unknown", False, None),
            ("killed", 2, 2, 2, "exact", "military", False, 0),
        ],
    ),
    (
        "Unos 75 migrantes fueron secuestrados.",
        [("abducted", 75, None, None, "about", "civilians", False, None)],
    ),
    (
        "Tres periodistas fueron levantados en Tamaulipas.",
        [("abducted", 3, 3, 3, "exact", "journalists", False, None)],
    ),
    (
        "Dos presuntos delincuentes fueron abatidos.",
        [("killed", 2, 2, 2, "exact", "armed_group", False, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_figures(text: str, expected: list[Row]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), SINGULAR)
def test_one_victim_without_a_number(text: str, expected: list[Row]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(("text", "expected"), SPANISH)
def test_spanish_figures(text: str, expected: list[Row]) -> None:
    assert figures(text, "es") == expected


@pytest.mark.parametrize(("text", "language", "expected"), MORE)
def test_more_patterns(text: str, language: str, expected: list[Row]) -> None:
    assert figures(text, language) == expected


# Every kind of number that is not a casualty figure, and casualty words that count nobody.
NOT_FIGURES: list[tuple[str, str]] = [
    ("A 20,000 peso bounty was offered for each military member killed.", "en"),  # money, distributive
    ("They offered $5 million for information on the men who killed them.", "en"),  # money
    ("Se ofreció una recompensa de 20 mil pesos por cada militar asesinado.", "es"),
    ("They shot down a helicopter with a 50 calibre machine gun.", "en"),  # calibre
    ("Soldiers seized a .50-caliber rifle and 7.62 mm rounds.", "en"),
    ("Aseguraron un arma calibre 7.62 y 300 cartuchos.", "es"),
    ("It's estimated to employ upwards of 35,000 people.", "en"),  # employment
    ("The cartels employ an estimated 175,000 people.", "en"),
    ("They laid siege to over 20 Mexican states after the raid.", "en"),  # counts of places
    ("They operate in more than 40 countries.", "en"),
    ("The militias drove the cartel from more than 30 municipalities.", "en"),
    ("The rifle was purchased 100 percent legally.", "en"),  # percentage
    ("This year marks the 20th anniversary of the killings.", "en"),  # anniversary
    ("They shot down two helicopters.", "en"),  # vehicles
    ("Police arrested 12 suspects and seized 30 weapons.", "en"),  # arrests and weapons
    ("For each member you arrest, we will kill two of your Tacticals.", "en"),  # threats
    ("We are going to kill two of your Tacticals, wherever they are.", "en"),
    ("The cartel threatened to kill two officers for every member arrested.", "en"),
    ("Vamos a matar a dos de sus elementos.", "es"),
    ("A single gunman could kill dozens of people.", "en"),  # hypothetical
    ("Killing a leader can even exacerbate the problem.", "en"),
    ("No one was killed in the attack.", "en"),  # negations
    ("Nobody was hurt.", "en"),
    ("Nadie resultó herido.", "es"),
    ("No se reportaron personas lesionadas.", "es"),
    ("Guanajuato has killed more police than any state in Mexico since at least 2018.", "en"),  # comparison
    ("Some people move back even after their relatives disappear or are killed.", "en"),  # generic plurals
    ("Witnesses reported civilians being lit on fire at the local market.", "en"),
    ("Police are tracking and killing police at home, in front of their families.", "en"),
    ("An average of some 75 officers are killed annually.", "en"),  # rates
    ("Un promedio de 10 personas son asesinadas al día.", "es"),
    ("About 300 people are killed every day in the country.", "en"),
    ("The PRI had a pact with organised crime for nearly 70 years.", "en"),  # durations
    ("The state released him within four hours.", "en"),
    ("He lived with his wife and kids for almost 10 years in Fresno.", "en"),
    ("The United States has 50 times the population of Guanajuato.", "en"),  # populations
    ("The clash happened on 22 February in Tapalpa, where 3 roads meet.", "en"),  # dates
    ("El 12 de mayo se registró un ataque en la carretera 15.", "es"),
    ("The killings began in 2006 and peaked in 2011.", "en"),  # years
    ("Mexico has hundreds of years of revolutionary history.", "en"),
    ("Gunmen fired 30 shots at the house.", "en"),
    ("The 35-year-old victim's family asked for justice.", "en"),  # age only
    ("The number of homicides in Mexico more than tripled between 2007 and 2021.", "en"),
    ("The attack took place 30 kilometers from Culiacán.", "en"),  # distances
    ("Authorities offered a reward of 1 million pesos for information on the killers.", "en"),
    ("The group offered 20,000-peso bounties for killed soldiers.", "en"),
    ("Sobre el kilómetro 45 de la autopista hubo un bloqueo.", "es"),
    ("En la colonia 20 de Noviembre hubo disparos a las 22:00 horas.", "es"),
    ("The kidnappers released two of the hostages on Sunday.", "en"),
]


@pytest.mark.parametrize(("text", "language"), NOT_FIGURES)
def test_not_casualty_figures(text: str, language: str) -> None:
    assert figures(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "quoted"),
    [
        ("Gunmen killed nine Mexican soldiers on Friday.", "en", ["nine Mexican soldiers"]),
        (
            "Sources said at least seven police officers had been killed.",
            "en",
            ["at least seven police officers"],
        ),
        ("Asesinaron a cinco policías estatales en Celaya.", "es", ["cinco policías estatales"]),
        ("El ataque dejó 12 muertos.", "es", ["12 muertos"]),
        ("Police said Cervantes was killed.", "en", ["Cervantes"]),
    ],
)
def test_spans_hold_the_number_and_victims(text: str, language: str, quoted: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_casualties(text, language=language)] == quoted


def test_offsets_are_absolute_into_the_document() -> None:
    doc = "First sentence here. Gunmen killed 10 soldiers. Then nothing."
    start = doc.index("Gunmen")
    end = doc.index(" Then")
    [m] = find_casualties(doc, start, end)
    assert doc[m.start : m.end] == "10 soldiers"
    assert start <= m.start < m.end <= end


def test_a_repeated_figure_counts_once() -> None:
    text = "Gunmen killed 12 people on Monday; the 12 people were killed in a bar."
    assert figures(text) == [("killed", 12, 12, 12, "exact", "civilians", False, None)]


def test_words_are_read_case_and_accent_insensitively() -> None:
    upper = figures("FUERON ASESINADOS TRES POLICÍAS.", "es")
    plain = figures("fueron asesinados tres policias.", "es")
    assert upper == plain == [("killed", 3, 3, 3, "exact", "police", False, None)]


def test_an_empty_span_gives_nothing() -> None:
    assert find_casualties("Gunmen killed 10 soldiers.", 5, 5) == []
    assert re.sub(r"\s", "", "") == ""

"""The SENTENCES stage: abbreviations, quotes, paragraphs, offsets, in English and Spanish."""

from __future__ import annotations

import pytest

from timeline.extract.model import Sentence
from timeline.extract.sentences import paragraphs, split_sentences


def quotes(text: str, language: str = "en") -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, language=language)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed five. Police arrived later.", ["Gunmen killed five.", "Police arrived later."]),
        ("Is it over? No! The army stayed.", ["Is it over?", "No!", "The army stayed."]),
        ("Mataron a cinco. La policía llegó después.", ["Mataron a cinco.", "La policía llegó después."]),
        ("¿Quién fue? ¡Nadie sabe! Así terminó.", ["¿Quién fue?", "¡Nadie sabe!", "Así terminó."]),
    ],
)
def test_plain_sentences(text: str, expected: list[str]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. government sent agents to Sinaloa.",
        "Support from the family in the U.S. helps fund their efforts.",
        "Agents from the U.S.A. arrived on Friday.",
        "The problem with Dr. Mireles is how much control he has.",
        "Gen. Luis Cresencio Sandoval said the army would stay.",
        "Atty. Gen. Merrick Garland and Gov. Greg Abbott spoke.",
        "Sen. Ted Cruz and Rep. Henry Cuellar met Mr. Lopez, Mrs. Ruiz and Ms. Vega.",
        "Lt. Col. Juan Diaz and Sgt. Ana Ruiz were wounded on St. Patrick's Day.",
        "Martin Luther King Jr. Boulevard was closed.",
        "He lived at No. 5 Main Street.",
        "The attack happened on Jan. 12 and another on Sept. 3.",
        "It happened at 10 p.m. Thursday near the border.",
        "It started at 6 a.m. on Friday.",
        "Weapons, e.g. rifles, were seized.",
        "Cartels, i.e. criminal groups, fought.",
        "They stole cars, phones, etc. and left.",
        "Joaquín A. Guzmán was extradited.",
        "The rate rose 1.5 percent in 2020.",
        "He said he was coming... and then he left.",
        "They waited.. and nothing happened.",
        "El Sr. Pérez y la Sra. López declararon.",
        "El Lic. Juan Pérez y el Ing. Luis Ruiz fueron detenidos.",
        "Ocurrió en Uruapan, Mich. y en Celaya, Gto. durante la noche.",
        "En Guadalajara, Jal. el Gral. Ruiz habló.",
        "Culiacán, Sin. amaneció con bloqueos.",
        "Reynosa, Tamps. y Chilpancingo, Gro. registraron balaceras.",
        "El Edo. de México reportó el caso No. 45.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert quotes(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He moved to the U.S. The family stayed.", ["He moved to the U.S.", "The family stayed."]),
        ("It began at 10 p.m. Police said two died.", ["It began at 10 p.m.", "Police said two died."]),
        (
            "They stole cars, phones, etc. The police came.",
            ["They stole cars, phones, etc.", "The police came."],
        ),
        (
            "Llegó a Morelia, Mich. El gobernador lo recibió.",
            ["Llegó a Morelia, Mich.", "El gobernador lo recibió."],
        ),
        ("They killed 10. 75 officers died in 2020.", ["They killed 10.", "75 officers died in 2020."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ],
)
def test_ambiguous_abbreviations_end_before_an_opener(text: str, expected: list[str]) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“If you want war, you will be at war. We are coming for all of you,” the cartel said. "
            "Signed by it.",
            [
                "“If you want war, you will be at war.",
                "We are coming for all of you,” the cartel said.",
                "Signed by it.",
            ],
        ),
        (
            "“They fled.” Police said so.",
            ["“They fled.”", "Police said so."],
        ),
        (
            "He called it “distracting.” ”",
            ["He called it “distracting.” ”"],
        ),
        (
            "“¿Dónde están?”, preguntó la madre. «Los buscamos», dijo.",
            ["“¿Dónde están?”, preguntó la madre.", "«Los buscamos», dijo."],
        ),
        (
            "“Where?” she asked. Nobody knew.",
            ["“Where?” she asked.", "Nobody knew."],
        ),
        ("It is written on the banner. ..", ["It is written on the banner. .."]),
        ("(The army denied it.) Residents fled.", ["(The army denied it.)", "Residents fled."]),
    ],
)
def test_quotes_and_brackets(text: str, expected: list[str]) -> None:
    assert quotes(text) == expected


def test_dateline_stays_in_its_sentence() -> None:
    text = "CULIACÁN, Sin., 5 de enero de 2023.- Un grupo armado atacó a policías. Hubo dos muertos."
    assert quotes(text, "es") == [
        "CULIACÁN, Sin., 5 de enero de 2023.- Un grupo armado atacó a policías.",
        "Hubo dos muertos.",
    ]


def test_paragraph_indexes_and_offsets() -> None:
    text = "  Title line\n\nFirst one. Second one.  \n\n\n  Third one.\n"
    sentences = split_sentences(text)
    assert sentences == [
        Sentence(2, 12, 0),
        Sentence(14, 24, 1),
        Sentence(25, 36, 1),
        Sentence(43, 53, 2),
    ]
    for s in sentences:
        assert text[s.start : s.end] == text[s.start : s.end].strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cartels hunt police\nThe cartel said.", [("Cartels hunt police", 0), ("The cartel said.", 1)]),
        ("Balacera en Reynosa\nHombres armados.", [("Balacera en Reynosa", 0), ("Hombres armados.", 1)]),
        ("He said the army\nwould leave today.", [("He said the army\nwould leave today.", 0)]),
        (
            "Gunmen attacked a police station in the town of Apatzingan on\n"
            "Monday night, killing three officers and wounding four more,\n"
            "officials said. The army sent reinforcements.\n",
            [
                ("Gunmen attacked a police station in the town of Apatzingan on\nMonday night, killing three "
                 "officers and wounding four more,\nofficials said.", 0),
                ("The army sent reinforcements.", 0),
            ],
        ),
        ("One sentence ends.\nAnother paragraph.", [("One sentence ends.", 0), ("Another paragraph.", 1)]),
    ],
)  # fmt: skip
def test_single_newlines(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(text[s.start : s.end], s.paragraph) for s in split_sentences(text)] == expected


def test_sentence_never_spans_paragraphs() -> None:
    text = "The attack began at 10 p.m.\n\nThursday was quiet. Dr.\n\nMireles left."
    got = [(text[s.start : s.end], s.paragraph) for s in split_sentences(text)]
    assert got == [
        ("The attack began at 10 p.m.", 0),
        ("Thursday was quiet.", 1),
        ("Dr.", 1),
        ("Mireles left.", 2),
    ]


def test_region_offsets_are_absolute() -> None:
    text = "Ignore this. Keep this one. And this."
    start = text.index("Keep")
    assert [text[s.start : s.end] for s in split_sentences(text, start)] == ["Keep this one.", "And this."]
    assert [text[s.start : s.end] for s in split_sentences(text, 0, start)] == ["Ignore this."]


def test_paragraphs_helper_and_empty_text() -> None:
    assert paragraphs("a\n\n\n b \n\n") == [(0, 1), (5, 6)]
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_long_text_keeps_every_sentence() -> None:
    text = "\n\n".join(
        f"Paragraph {i}. Gunmen killed {i} people in Culiacán, Sin. on Monday." for i in range(200)
    )
    sentences = split_sentences(text)
    assert len(sentences) == 400
    assert sentences[-1].paragraph == 199

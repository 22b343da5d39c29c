"""Event triggers: asserted acts count; quoted speech, modals, infinitives and references start no event."""

from __future__ import annotations

import pytest

from timeline.extract.triggers import classify, find_triggers


def classes(text: str) -> list[tuple[str, bool]]:
    return [(t.cls, t.reference) for t in find_triggers(text, 0, len(text))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen attacked a bar in Celaya.", [("attack", False)]),
        ("A shootout between soldiers and gunmen ensued.", [("clash", False)]),
        ("They turned Culiacan into a war zone.", [("clash", False)]),
        ("Soldiers detained 26 suspects.", [("arrest", False)]),
        ("A police officer kidnapped from his home was killed.", [("abduction", False), ("kill", False)]),
        ("The state government issued a special decree.", [("policy", False)]),
        ("A banner signed by the cartel was hung on a building.", [("threat", False)]),
        ("Civilian militias rose up to challenge the cartel.", [("uprising", False)]),
        ("The CJNG shot down a Mexican helicopter.", [("attack", False)]),
        ("Hombres armados asesinaron a cinco policías.", [("kill", False)]),
        ("Se registró un enfrentamiento entre sicarios y militares.", [("clash", False)]),
        ("Incendiaron vehículos y colocaron narcobloqueos.", [("property", False), ("property", False)]),
        ("Fue detenido el líder de la célula.", [("arrest", False)]),
        ("Secuestraron a tres jóvenes en Lagos de Moreno.", [("abduction", False)]),
        ("Inmates rioted at a prison in Ciudad Obregón.", [("riot", False)]),
        ("Last month, the US Treasury sanctioned several CJNG-linked companies.", [("policy", False)]),
        ("Washington designated the CJNG as a foreign terrorist organization.", [("policy", False)]),
        ("Se registró un motín en el penal de Cieneguillas.", [("riot", False)]),
        ("Residents blocked a highway to protest the violence.", [("protest", False)]),
        # an attempt is an attack, whatever came of it
        ("CJNG hitmen attempted to assassinate the security chief.", [("attack", False)]),
        ("Sicarios intentaron asesinar al secretario.", [("attack", False)]),
        # references point back at an event already told
        ("The attack took place in Celaya.", [("attack", True)]),
        ("El gobernador condenó el ataque.", [("attack", True)]),
    ],
)
def test_triggers(sentence: str, expected: list[tuple[str, bool]]) -> None:
    assert classes(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "“We will kill two of your Tacticals,” the banner said.",
        "“If you want war, you will be at war,” the cartel said.",
        "He told a meeting to aggressively attack cartels.",
        "The cartel said it would kill every officer.",
        "He said the cartel would try to kill him.",
        "The families plan to protest on Monday.",
        "Amenazan con asesinar a diez policías.",
        "A bounty was offered for each military member killed.",
        "Diez policías por cada integrante detenido.",
        "Killing a leader can even exacerbate the problem.",
        "Vamos a matar a dos de tus policías.",
        "The fight against cartels is a distraction.",
        "No one was arrested.",
    ],
)
def test_no_asserted_trigger(sentence: str) -> None:
    assert [c for c, ref in classes(sentence) if not ref] == []


def test_quotes_over_several_sentences_are_masked_by_the_caller() -> None:
    text = "“We know where you are. We will attack you.” the cartel said."
    second = text.index("We will")
    assert find_triggers(text, second, len(text), quotes=[(0, text.index("”") + 1)]) == []


@pytest.mark.parametrize(
    ("classes_", "victims", "actors", "expected"),
    [
        ({"clash"}, set(), set(), ("battles", "armed_clash")),
        ({"kill"}, {"police"}, {"cartel"}, ("battles", "armed_clash")),
        ({"kill"}, {"civilians"}, set(), ("violence_against_civilians", "attack")),
        ({"abduction"}, set(), set(), ("violence_against_civilians", "abduction_forced_disappearance")),
        ({"arrest"}, set(), {"military"}, ("strategic_developments", "arrests")),
        ({"explosion"}, set(), set(), ("explosions_remote_violence", "remote_explosive_landmine_ied")),
        ({"policy"}, set(), set(), ("strategic_developments", "other")),
        (set(), set(), set(), (None, None)),
    ],
)
def test_classify(classes_, victims, actors, expected) -> None:  # type: ignore[no-untyped-def]
    assert classify(classes_, victims, actors) == expected

"""Who did what to whom in one sentence: roles of the actors around an event's main trigger.

Before the trigger is the perpetrator (the victim, after a passive or "died"); after it,
within its clause, the target ("by X" makes X the perpetrator; in a clash both sides
fight). Those who only report ("informó la Fiscalía"), only talk about an event ("condemned
the attack") or only blame ("prosecutors blamed X") take no part in it; the one blamed does.
"""

from __future__ import annotations

import re

from timeline.extract.model import ActorMention, Document, Sentence
from timeline.extract.triggers import Trigger, quoted_spans

_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|fue|fueron|han sido|ha sido)\s+(?:\w+ly\s+)?$", re.I)
# Verbs whose subject is the victim: "13 police officers died", "murieron 13 policías".
_INTRANSITIVE = re.compile(
    r"^(?:died|dead|perished|murieron|muri[óo]|fallecieron|falleci[óo]|perdieron la vida|sin vida|"
    r"resultaron (?:heridos|lesionados)|desaparecieron)$",
    re.IGNORECASE,
)
# Where the trigger's clause ends: what follows is another happening or background.
_CLAUSE_END = re.compile(
    r"[;:()]|\s[-–—]\s|,?\s(?:after|before|while|when|as|because|since|following|amid|despite|"
    r"tras|despu[ée]s de|luego de|antes de|mientras|cuando|porque|pese a|que siguieron|que sigui[óo])\s",
    re.IGNORECASE,
)
# "informó la Fiscalía", "said the Defense Ministry", "according to police": a source, not a party.
_SPEAKER_BEFORE = re.compile(
    r"\b(?:said|says|told|reported|announced|according to|inform[óo]|informaron|dijo|declar[óo]|"
    r"señal[óo]|report[óo]|seg[úu]n|de acuerdo con)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?$",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"\s+(?:said|says|told|reported|announced|dijo|inform[óo]|inform[óo]|report[óo])\b", re.I
)
_ATTRIBUTION = re.compile(r"\b(?:attribut\w+|blam\w+|atribu\w+|responsabiliz\w+|adjudic\w+)\b", re.IGNORECASE)


def roles(
    doc: Document, sent: Sentence, actors: list[ActorMention], trigger: Trigger | None
) -> dict[str, str]:
    roles: dict[str, str] = {}
    if trigger is None:
        return {a.key: "other" for a in actors}
    passive = bool(_PASSIVE_BEFORE.search(doc.text[sent.start : trigger.start])) or bool(
        _INTRANSITIVE.match(doc.text[trigger.start : trigger.end])
    )
    quotes = quoted_spans(doc.text, sent.start, sent.end)
    boundary = _CLAUSE_END.search(doc.text, trigger.end, sent.end)
    clause_end = boundary.start() if boundary else sent.end
    blame = _ATTRIBUTION.search(doc.text, sent.start, sent.end)
    talks_about = trigger.reference and blame is None  # "The governor condemned the attack"
    for a in actors:
        if _SPEAKER_BEFORE.search(doc.text[max(sent.start, a.start - 30) : a.start]) or _SPEAKER_AFTER.match(
            doc.text, a.end
        ):
            continue  # who reports the event, not who took part in it
        if talks_about:
            roles.setdefault(a.key, "other")
            continue
        if blame is not None:
            # "Prosecutors blamed X for the attack", "atribuyen el ataque al X, que disputa la
            # región con Y": X did it; the ones blaming and the ones named after X did not.
            first = a.start > blame.start() and "perpetrator" not in roles.values()
            roles.setdefault(a.key, "perpetrator" if first else "other")
            continue
        if any(qs <= a.start < qe for qs, qe in quotes) and not any(
            qs <= trigger.start < qe for qs, qe in quotes
        ):
            roles.setdefault(a.key, "other")
            continue
        if a.start >= clause_end:
            roles.setdefault(a.key, "other")  # named in another clause ("after arresting X")
            continue
        if a.start < trigger.start:
            role = "target" if passive else "perpetrator"
        else:
            window = doc.text[max(trigger.end, a.start - 12) : a.start].lower()
            role = "perpetrator" if re.search(r"\b(?:by|por)\s*(?:the\s+)?$", window) else "target"
        if trigger.cls in ("clash",) and a.start > trigger.start:
            role = "perpetrator"
        roles.setdefault(a.key, role)
    return roles

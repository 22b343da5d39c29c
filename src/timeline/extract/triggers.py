"""Event triggers: the words that say something happened, in English and Spanish.

Each trigger class maps to an ACLED-style type and sub-event type. A trigger
counts only when the author asserts it: words inside quotations, after a modal
or an infinitive ("will kill", "to attack", "threatened to", "vamos a matar")
and generic nouns ("the fight against cartels") are not events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.extract.lowercase_match import LowerCaseMatcher

# class -> (pattern, ACLED type, sub-event type). Patterns are word-bounded,
# case-insensitive; stems cover inflections ("kidnap" matches kidnapped, kidnapping).
_CLASSES: dict[str, tuple[str, str, str]] = {
    "clash": (
        r"shoot-?outs?|gun ?battles?|gunfights?|firefights?|clash(?:es|ed)?|fought|"
        r"exchange[sd]? (?:of )?(?:gun)?fire|skirmish(?:es)?|"
        r"(?:turn(?:ed|ing)?|transform(?:ed|ing)?) (?:\w+ ){1,3}into (?:a )?(?:war ?zones?|battle ?fields?)|"
        r"enfrentamientos?|se enfrentaron|"
        r"(?:convirti[óe]ron|convirti[óo]) (?:\w+ ){1,3}en (?:una )?zona de guerra|"
        r"balaceras?|tiroteos?|choques? armados?|refriegas?",
        "battles",
        "armed_clash",
    ),
    "territory": (
        r"dr(?:ove|iven) (?:the \w+ )?(?:out|from)|took control of|seized control|overran|"
        r"expuls(?:ó|aron)|tomaron el control",
        "battles",
        "non_state_actor_overtakes_territory",
    ),
    "explosion": (
        r"bomb(?:s|ed|ing|ings)?|explosives?|explosions?|blasts?|grenades?|car ?bombs?|IEDs?|"
        r"drones? (?:attack|strike)s?|landmines?|"
        r"explosivos?|explosi[oó]n|granadas?|coche ?bomba|drones?|minas? terrestres?",
        "explosions_remote_violence",
        "remote_explosive_landmine_ied",
    ),
    "attack": (
        r"attack(?:ed|s|ing)?|ambush(?:ed|es)?|assault(?:ed|s)?|raid(?:ed|s)?|stormed|opened fire|"
        r"shot at|shooting(?: at)?|fired (?:on|at|shots)|laid siege|besieged|siege|massacre[ds]?|"
        r"operation targeted|targeted|arson(?:ed)?|shot down|downed|derribaron|"
        r"atac(?:ó|aron|ado|ados|ada|adas|aban)|ataques?|embosc(?:ó|aron|ado|ados|ada|adas|aban)|emboscadas?|"
        r"agre(?:dieron|dido|didos|sión|siones)|irrumpieron|dispar(?:ó|aron|ado)|masacres?|asedi(?:o|aron|ado)|"
        r"balearon|balead[oa]s?|rafaguearon|(?:wave|outbreak|spate|surge) of violence|ola de violencia|"
        r"jornada violenta",
        "violence_against_civilians",
        "attack",
    ),
    "kill": (
        r"kill(?:ed|ing|ings)?|murder(?:ed|s|ing)?|slain|shot dead|executed|assassinat(?:e|ed|ion)|"
        r"behead(?:ed|ing)|dismembered|lynched|homicides?|death toll|bod(?:y|ies) (?:was|were)? ?"
        r"(?:found|dumped|abandoned|thrown|left)|dumping (?:her|his|their) bod(?:y|ies)|"
        r"throwing (?:her|his|their) bod(?:y|ies)|claimed [\d,.]+ (?:lives|victims)|"
        r"asesin(?:ar|ó|aron|ado|ados|ada|adas|ato|atos|aban)|mat(?:ar|ó|aron|ado|ados)|"
        r"ejecut(?:ó|aron|ado|ados|adas)|"
        r"homicidios?|sin vida|cad[aá]ver(?:es)?|ultimad[oa]s?|perdieron la vida|murieron|fallecieron",
        "violence_against_civilians",
        "attack",
    ),
    "abduction": (
        r"kidnap(?:ped|ping|pings|s)?|abduct(?:ed|ion|ions|s)?|forced disappearances?|disappearances?|"
        r"taken from (?:his|her|their) homes?|"
        r"secuestr(?:o|os|ó|aron|ado|ados|ada|adas|aban)|levant(?:aron|ados|adas)|"
        r"privad[oa]s? de (?:la|su) libertad|"
        r"desaparici[oó]n(?:es)?|plagi(?:o|aron)",
        "violence_against_civilians",
        "abduction_forced_disappearance",
    ),
    "arrest": (
        r"arrest(?:ed|s)?|captured|detained|apprehended|extradited|"
        r"detuvieron|detenid[oa]s?|captur(?:ó|aron|ado|ada)|aprehendid[oa]s?|aprehensi[oó]n|extraditad[oa]",
        "strategic_developments",
        "arrests",
    ),
    "property": (
        r"set (?:fire|ablaze)|torched|burn(?:ed|t) (?:down )?(?:vehicles|cars|buses|buildings|trucks|stores)|"
        r"looted|roadblocks?|blockades?|hijack(?:ed|ing)|"
        r"incendi(?:aron|ó|ados|adas)|quemaron|narcobloqueos?|bloqueos?|saque(?:aron|os?)",
        "strategic_developments",
        "looting_property_destruction",
    ),
    "threat": (
        r"banners?|narcomantas?|declared war|declaring war|threatened|"
        r"mantas?|amenaz(?:ó|aron)|declar(?:ó|aron) la guerra",
        "strategic_developments",
        "other",
    ),
    "policy": (
        r"decree[ds]?|(?:special |official )?declarations?|state of emergency|curfew|deploy(?:ed|ment)|"
        r"launched|demobiliz(?:ed|ation)|disarm(?:ed|ament)|truce|"
        r"decretos?|despleg(?:ó|aron|ue)|toque de queda|estado de emergencia|tregua|"
        r"sanctioned|imposed sanctions|designated (?:\w+ ){0,6}(?:as )?(?:an? )?(?:foreign )?terrorist|"
        r"sancion(?:ó|aron)|design(?:ó|aron) (?:\w+ ){0,6}como (?:una )?(?:organizaci[oó]n )?terrorista",
        "strategic_developments",
        "other",
    ),
    "uprising": (
        r"rose up|uprisings?|took up arms|levantamientos? armados?|se levantaron en armas|se alzaron",
        "strategic_developments",
        "other",
    ),
    "riot": (
        r"riot(?:s|ed|ing)?|rioters|mutin(?:y|ies)|lynch mob|mob attacked|"
        r"mot[íi]n(?:es)?|ri[ñn]a(?:s)? (?:en|dentro de) (?:el|un|la) (?:penal|cereso|c[áa]rcel|prisi[óo]n)|"
        r"linchamientos?|lincharon|turba",
        "riots",
        "mob_violence",
    ),
    "protest": (
        r"protest(?:ed|ers|s)?|demonstrat(?:ion|ions|ors|ed)|marched|rall(?:y|ies)|"
        r"marcharon|manifestaci[oó]n(?:es)?|protest(?:a|as|aron)",
        "protests",
        "peaceful_protest",
    ),
}

TRIGGER_CLASSES = tuple(_CLASSES)
VIOLENT = frozenset({"clash", "territory", "explosion", "attack", "kill", "abduction", "riot"})

# Each class's matches as re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE) finds them, fast.
_MATCHER = LowerCaseMatcher({name: pattern for name, (pattern, _t, _s) in _CLASSES.items()})
# Only the lower-case acronyms need case sensitivity; IED must stay upper case.
_MODAL_RE = re.compile(
    r"\b(?:will|would|could|can|may|might|should|must|shall|going to|gonna|plans? to|planned to|"
    r"threaten(?:s|ed)? to|vow(?:s|ed)? to|wants? to|aims? to|"
    r"to|not|never|no|va a|van a|vamos a|podr[ií]an?|pueden|puede|para|no|"
    r"amenaz(?:[oó]|an|aron|aba|ando) con|"
    r"threatening to|threatens to|(?:for each|for every|por cada)(?:\s+[\w-]+){0,3}|"
    r"(?:no one|nobody|none|nadie|ninguno)\s+(?:was|were|has been|have been|had been|fue|fueron|ha sido))"
    r"(?:\s+(?:\w+ly|even|also|still|just|ever|then|again|ya|nunca|tambi[eé]n))?\s*$",
    re.IGNORECASE,
)
_PURPOSE_BEFORE = re.compile(
    r"\b(?<!plan )(?<!plans )(?<!planned )(?<!want )(?<!wants )(?<!threatened )(?:to|para)\s+$", re.IGNORECASE
)
_ATTEMPT_BEFORE = re.compile(
    r"\b(?:attempt(?:ed|s|ing)?|tried|tries|trying|intent(?:ó|aron|aban)|trat(?:ó|aron) de)\s+(?:to\s+)?$",
    re.IGNORECASE,
)
# A generic statement: "Killing a leader can even exacerbate the problem."
_GENERIC_SUBJECT = re.compile(
    r"\s+(?:[\w'-]+\s+){0,3}(?:can|could|would|may|might|will|puede|podr[ií]a)\b", re.I
)
# Nouns that, after a determiner, refer back to an event already told.
_NOUN = re.compile(
    r"^(?:attacks?|ambush(?:es)?|assaults?|raids?|siege|massacres?|killings?|murders?|shoot-?outs?|"
    r"clash(?:es)?|gun ?battles?|gunfights?|firefights?|kidnappings?|abductions?|disappearances?|arrests?|"
    r"bombings?|explosions?|blasts?|homicides?|ataques?|emboscadas?|masacres?|asesinatos?|secuestros?|"
    r"enfrentamientos?|balaceras?|tiroteos?|agresi[oó]n(?:es)?|homicidios?|desaparici[oó]n(?:es)?|"
    r"banners?|narcomantas?|mantas?|decrees?|declarations?|decretos?)$",
    re.IGNORECASE,
)
# "the fight against", "a war on": nouns that name a policy, not an event.
_GENERIC_AFTER = re.compile(r"^\s+(?:against|on|de|contra)\b", re.IGNORECASE)
# Quoted speech, never across a paragraph break.
_QUOTE_RE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")


# "the attack", "el ataque", "this massacre": a noun that refers back to an event already told.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:the|this|that|these|those|such|el|la|los|las|este|esta|estos|estas|dicho|dicha|dichos|dichas)"
    r"(?:\s+[\w-]+)?\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    cls: str
    reference: bool = False  # a definite noun pointing back ("the attack"): joins, never starts, an event

    @property
    def type(self) -> str:
        return _CLASSES[self.cls][1]

    @property
    def subtype(self) -> str:
        return _CLASSES[self.cls][2]


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted speech in text[start:end] (absolute offsets)."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text, start, end)]


def find_triggers(
    text: str, start: int, end: int, quotes: list[tuple[int, int]] | None = None
) -> list[Trigger]:
    """Asserted event triggers in one sentence, in text order (absolute offsets).

    ``quotes`` are the document's quoted spans (a quotation may run over several
    sentences); by default the sentence's own.
    """
    if quotes is None:
        quotes = quoted_spans(text, start, end)
    found: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for cls, s, e in _MATCHER.matches(text, start, end):
        if any(qs <= s < qe for qs, qe in quotes):
            continue
        if any(ts < e and s < te for ts, te in taken):
            continue
        before = text[max(start, s - 40) : s]
        if cls == "protest" and _PURPOSE_BEFORE.search(before):
            cls_here = cls  # "blocked a highway to protest the violence": they protested
        elif _ATTEMPT_BEFORE.search(before):
            cls_here = "attack"  # "attempted to assassinate": an attack, whatever came of it
        elif _MODAL_RE.search(before):
            continue
        else:
            cls_here = cls
        if (
            cls in ("attack", "clash")
            and _GENERIC_AFTER.match(text, e)
            and text[s:e].lower()
            in (
                "attack",
                "attacks",
                "assault",
                "siege",
            )
        ):
            continue
        if not text[start:s].strip(" “\"'«") and _GENERIC_SUBJECT.match(text, e):
            continue
        reference = bool(_NOUN.match(text[s:e])) and bool(
            _REFERENCE_BEFORE.search(text[max(start, s - 30) : s])
        )
        found.append(Trigger(s, e, cls_here, reference))
        taken.append((s, e))
    found.sort(key=lambda t: t.start)
    return found


def classify(classes: set[str], victims: set[str], actor_types: set[str]) -> tuple[str | None, str | None]:
    """ACLED type and sub-event type for an event from its trigger classes, victims and actors."""
    if not classes:
        return None, None
    state = {"military", "police"}
    armed = {"cartel", "criminal_group", "militia"}
    if "clash" in classes or "territory" in classes:
        cls = "clash" if "clash" in classes else "territory"
        return _CLASSES[cls][1], _CLASSES[cls][2]
    if "explosion" in classes:
        return _CLASSES["explosion"][1], _CLASSES["explosion"][2]
    if "riot" in classes:
        return _CLASSES["riot"][1], _CLASSES["riot"][2]
    if classes & {"attack", "kill"}:
        if (victims & {"police", "military"} or actor_types & state) and actor_types & armed:
            return "battles", "armed_clash"
        if victims & {"military", "armed_group"}:
            return "battles", "armed_clash"
        return "violence_against_civilians", "attack"
    for cls in ("abduction", "arrest", "property", "protest", "threat", "uprising", "policy"):
        if cls in classes:
            return _CLASSES[cls][1], _CLASSES[cls][2]
    return None, None

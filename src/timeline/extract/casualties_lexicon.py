"""The words and short grammars the casualties stage reads, compiled once.

Word lists live in ``lexicon/casualties.json`` (folded: lower case, no
accents).  The small grammars of what may stand between a number and the verb
that governs it ("were", "fueron", "a" before a Spanish object), and the cues
that a number is not a count of people (money, dates, rates), are regexes
here.  Every regex runs on folded text (``numbers.fold``), whose offsets are
those of the original.
"""

from __future__ import annotations

import json
import re
import re._constants as _C  # the stdlib regex parser: used only to derive the trigger stems
import re._parser as _sre
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline.extract.dates_lexicon import alternation

_DATA = Path(__file__).with_name("lexicon") / "casualties.json"

STEM_LENGTH = 6
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    "nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|"
    "noviembre|diciembre"
)


@dataclass(frozen=True, slots=True)
class TriggerKind:
    """What a casualty word says: its kind, how it governs a figure, and whether it needs a victim noun."""

    kind: str
    form: str
    strict: bool = False


@dataclass(frozen=True, slots=True)
class Noun:
    """A word naming people: its victim group, grammatical number, and whether a modifier may override it."""

    group: str
    plural: bool
    weak: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    trigger_re: re.Pattern[str]
    stems: frozenset[str] | None  # first letters (STEM_LENGTH) of every word a trigger can start with
    stem_re: re.Pattern[str] | None  # where a word starts with one of ``stems`` (see ``stem_pattern``)
    triggers: tuple[TriggerKind, ...]
    nouns: dict[str, Noun]
    modifiers: dict[str, str]
    gender: dict[str, str]
    nonvictim: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile the casualty lexicon (once per process)."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    kinds = tuple(TriggerKind(t["kind"], t["form"], bool(t.get("strict"))) for t in data["triggers"])
    alternatives = "|".join(f"(?P<t{i}>{t['re']})" for i, t in enumerate(data["triggers"]))
    weak = set(data["weak"])
    nouns = {
        word: Noun(group, number == "p", word in weak)
        for group, forms in data["victims"].items()
        for number, words in forms.items()
        for word in words
    }
    modifiers = {w: g for g, words in data["modifiers"].items() for w in words}
    gender = {w: g[0] for g, words in data["gender"].items() for w in words}
    stems = _stems([t["re"] for t in data["triggers"]])
    return Lexicon(
        trigger_re=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"),
        stems=stems,
        stem_re=None if stems is None else stem_pattern(stems),
        triggers=kinds,
        nouns=nouns,
        modifiers=modifiers,
        gender=gender,
        nonvictim=frozenset(data["nonvictim"]),
    )


def stem_pattern(stems: frozenset[str]) -> re.Pattern[str]:
    """Matches at a word start whose stem is in ``stems``, the stem being what
    ``\\b[a-z]{1,STEM_LENGTH}`` reads there (a word's first letters, at most
    ``STEM_LENGTH``): one search instead of listing every word's stem."""
    usable = [s for s in stems if re.fullmatch("[a-z]+", s)]
    full = [s for s in usable if len(s) == STEM_LENGTH]
    short = [s for s in usable if len(s) < STEM_LENGTH]  # the whole run of letters
    branches = ([alternation(full)] if full else []) + ([rf"{alternation(short)}(?![a-z])"] if short else [])
    return re.compile(rf"\b(?:{'|'.join(branches)})" if branches else r"(?!)")


def _stems(patterns: list[str]) -> frozenset[str] | None:
    """The first ``STEM_LENGTH`` letters (or fewer) of every word the patterns can start with.

    A sentence none of whose words starts so has no trigger: the cheap test that
    spares most sentences the full trigger regex.  None when a pattern is too
    open to expand (then every sentence gets the full regex).
    """
    stems: set[str] = set()
    try:
        for pattern in patterns:
            prefixes = _prefixes(list(_sre.parse(pattern)))
            if prefixes is None:
                return None
            stems.update(p.split(" ")[0] for p in prefixes)
    except (AttributeError, TypeError, ValueError):  # private parser API changed: no shortcut
        return None
    return frozenset(stems)


def _prefixes(seq: list[tuple[Any, Any]], k: int = STEM_LENGTH) -> set[str] | None:
    """Every prefix (up to k characters) of the strings a parsed regex matches; None if unbounded."""
    outs = {""}
    for op, av in seq:
        todo = {o for o in outs if len(o) < k}
        if not todo:
            break
        new = _step(op, av, todo, k)
        if new is None:
            return None
        outs = (outs - todo) | {o[:k] for o in new}
    return outs


def _step(op: Any, av: Any, todo: set[str], k: int) -> set[str] | None:
    if op is _C.LITERAL:
        return {o + chr(av) for o in todo}
    if op is _C.IN:
        if any(iop not in (_C.LITERAL, _C.RANGE) for iop, _ in av):
            return None
        chars = {chr(v) for iop, v in av if iop is _C.LITERAL}
        chars |= {chr(c) for iop, v in av if iop is _C.RANGE for c in range(v[0], v[1] + 1)}
        return {o + c for o in todo for c in chars}
    if op in (_C.BRANCH, _C.SUBPATTERN):
        alternatives = av[1] if op is _C.BRANCH else [av[-1]]
        found: set[str] = set()
        for alt in alternatives:
            sub = _prefixes(list(alt), k)
            if sub is None:
                return None
            found |= {o + x for o in todo for x in sub}
        return found
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
        low, high, body = av
        sub = _prefixes(list(body), k)
        if sub is None:
            return None
        current, reps = {""}, set()
        for count in range(min(high, k) + 1):
            if count >= low:
                reps |= current
            current = {(c + x)[:k] for c in current for x in sub}
        return {o + x for o in todo for x in reps}
    if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
        return set(todo)
    return None


def _words(alternatives: str) -> str:
    """A non-capturing group of ``|``-separated alternatives."""
    return f"(?:{alternatives})"


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Between a governing word and the figure after it: "killed the 43", "asesinaron a cinco".
BEFORE_GAP = re.compile(
    r"\s*(?:(?:his|her|their|the|a|an|su|sus|el|la|al|un|una)\s+(?:[^\W\d_]+\s+){1,2}(?:and|y|e)\s+)?"
    r"(?:en el (?:lugar|sitio|acto|hospital)\s+|al instante\s+|on the spot\s+)?(?:"
    + _words(
        r"the|his|her|their|its|our|your|these|those|another|an additional|a further|also|all|both|"
        r"los|las|el|la|sus|su|a|al|de|del|otros|otras|estos|estas|esos|esas|a balazos|a tiros|"
        r"a golpes|a punaladas|con armas? de fuego|a quemarropa"
    )
    + r"\s+)*"
)
# "the death toll rose to 12", "la cifra de muertos ascendio a 12".
TOLL_GAP = re.compile(
    r"\s*[:,]?\s*(?:(?:from|in|of|de|del|en)\s+(?:the|el|la|los|las|this|that|este|esta)?\s*[^\W\d_]+\s+)?(?:"
    + _words(
        r"has|have|had|now|is|was|stands?|stood|rose|risen|climbed|reached|hit|jumped|increased|grew|"
        r"to|at|of|de|a|en|es|fue|era|ascendio|asciende|ascendia|llego|llega|sumo|suma|se elevo|"
        r"se eleva|aumento|hasta|already|ya|officially|oficialmente|preliminary|preliminar"
    )
    + r"\s+)*"
)
_AUX = _words(
    r"who|that|which|quienes|que|los cuales|las cuales|were|was|are|is|have|has|had|been|being|be|got|"
    r"get|reportedly|allegedly|also|all|both|later|then|subsequently|eventually|apparently|presumably|"
    r"reported|confirmed|found|fueron|fue|son|es|eran|han|ha|habian|habia|sido|estan|estaban|"
    r"resultaron|resulto|quedaron|quedo|se|ya|tambien|presuntamente|hallad[oa]s?|encontrad[oa]s?|"
    r"localizad[oa]s?|reportad[oa]s?|shot|stabbed|beaten|tortured|brutally|ultimately|"
    r"(?:shot|stabbed|beaten|tortured|attacked|torturad[oa]s?|balead[oa]s?|golpead[oa]s?|atacad[oa]s?),?"
    r"\s+(?:and|y|e|then|before being|and then)"
)
_ASIDE = (
    r"(?:\s*,\s*(?:including|among them|among whom|incluid[oa]s|incluyendo|entre ell[oa]s|who|quienes)"
    r"[^,;:.()]{0,80},|\s*\([^()]{0,80}\))"
)
# Between a figure (with its noun) and the verb after it: "262 officers were killed".
# "43 students from the teacher training college went missing": a short place or origin phrase.
_ORIGIN = r"(?:\s+(?:from|of|in|at|on|inside|near|de|del|en)\s+(?:[^\W\d_]+\s+){0,5}?)"
AFTER_GAP = re.compile(rf"{_ASIDE}?{_ORIGIN}?\s*(?:{_AUX}\s+)*")
# "una treintena de desaparecidos", "dozens of dead": the casualty word is the noun.
OF_GAP = re.compile(r"\s+(?:of|de)\s+")
# "killed ... and wounded", "la desaparicion y asesinato": coordinated casualty words.
COORD_TRIGGERS = re.compile(r"\s*(?:,\s*)?(?:and|y|e|then|and then|y luego|y despues|,)\s*")
# Between two figures sharing a verb or a total: "five police officers and seven civilians".
COORD_FIGURES = re.compile(r"\s*(?:,\s*)?(?:and|y|e|as well as|plus|mas|,)?\s*")

MODAL_BEFORE = re.compile(
    r"\b"
    + _words(
        r"will|would|could|can|might|may|should|must|shall|gonna|going to|threaten(?:ed|s|ing)? to|"
        r"vow(?:ed|s)? to|plan(?:ned|s)? to|want(?:ed|s)? to|tried to|try to|attempt(?:ed|s)? to|"
        r"order(?:ed|s)? to|vamos a|va a|van a|voy a|iba a|iban a|podria|podrian|puede|pueden|podra|"
        r"podran|amenaz\w* con|intent\w* de|trat\w* de|if|si|unless"
    )
    + r"\s+(?:[\w']+\s+){0,2}$"
)
MODAL_AFTER = re.compile(r"^[^,;:.]{0,40}\b(?:can|could|may|might|would|will|should|must|puede|podria)\b")
NEGATION_BEFORE = re.compile(
    r"(?:\b"
    + _words(r"no|not|never|nobody|none|neither|nor|without|nadie|ningun[oa]?|nunca|jamas|tampoco|sin")
    + r"|n't)(?:\W+\w+){0,3}\W*$"
)
CLAUSE_BREAK = re.compile(r"[;:.!?()\[\]—–]|\s-\s")

RATE_BEFORE = re.compile(r"\b(?:average of|promedio de|rate of|tasa de|per|media de)\s*$")
RATE_AFTER = re.compile(
    r"\b(?:(?:each|every|per) (?:year|day|month|week)|an? (?:year|day|month|week)(?! (?:after|before|earlier|"
    r"later|ago))|annually|daily|monthly|weekly|on average|(?:al|por|cada) (?:dia|ano|mes|semana)|"
    r"diari[oa]s|anual(?:es|mente)|en promedio|mensual(?:es|mente))\b"
)
AGGREGATE_CUE = re.compile(
    r"\b(?:a total of|in total|in all|so far|thus far|to date|this year|"
    rf"since (?:at least )?(?:(?:19|20)\d\d|{_MONTHS}|the (?:start|beginning)|taking office)|"
    rf"between (?:(?:19|20)\d\d|{_MONTHS}|mid-?\w+|late|early)\b|(?:each|every|per) year|annually|"
    r"on average|homicides|year (?:which|that|when|in which) (?:claimed|saw|left|recorded)|"
    r"(?:in|over|during) the (?:past|last) (?:\w+ )?(?:years?|months?|decades?)|"
    r"during (?:his|her|the|their) (?:administration|term|tenure|government|presidency)|statistics|"
    r"en lo que va (?:del?|de la)|un total de|en total|suman?|sumaron|acumula\w*|cifras?|"
    rf"desde (?:(?:19|20)\d\d|{_MONTHS}|el (?:inicio|comienzo)|que)|entre (?:(?:19|20)\d\d|{_MONTHS})\b|"
    r"cada ano|al ano|por ano|anualmente|este ano|homicidios|"
    r"en (?:los|el) (?:ultimos?|pasados?) (?:\w+ )?(?:anos|meses|ano)|"
    r"durante (?:el|la|su) (?:sexenio|administracion|gobierno|mandato)|en el sexenio|estadisticas?)\b"
)
TOTAL_BEFORE = re.compile(r"\b(?:a total of|un total de|in all|en total|suman|sumaron|suma|sum of)\s*$")
BREAKDOWN = re.compile(
    r"\b(?:including|among them|among whom|among those|of whom|of which|incluid[oa]s|incluyendo|"
    r"entre ell[oa]s|entre los que|entre las que|de los cuales|de las cuales|among the (?:dead|victims)|"
    r"entre los (?:muertos|fallecidos)|entre las victimas)\b|:|\("
)
OF_THEM = re.compile(r"^\s+(?:of|de) (?:them|whom|which|ellos|ellas|los cuales|las cuales)\b")
OTHER_BEFORE = re.compile(r"\b(?:other|another|otros|otras|otro|otra|additional)\s*$")
MORE_AFTER = re.compile(r"^\s+(?:more|others|other people|mas)\b")

NOISE_BEFORE = re.compile(
    r"(?:[$€£¥#]|\bus\$|\bmx\$|\bmxn|\busd|\bno\.|\bnum\.|\bn\.o|"
    r"\b(?:number|numero|km|kilometro|kilometer|highway|route|carretera|calle|avenue|avenida|street|"
    r"article|articulo|page|pagina|chapter|capitulo|calibre|caliber|cal|fraccion|section|seccion|aged|age|"
    r"edad|room|flight|vuelo|model|modelo|code|codigo|district|distrito|zona|zone|line|linea|level|nivel|"
    r"grade|grado|phase|fase|stage|exit|salida|gate|lote|platform|hwy|top|a las|horas|year|ano|anos|"
    rf"{_MONTHS}))\.?\s*$"
)
NOISE_AFTER = re.compile(
    r"^(?:\s*(?:%|percent\b|per cent\b|por ciento\b|pesos?\b|dolares\b|dollars?\b|euros?\b|usd\b|mxn\b|"
    r"mdp\b|bounty\b|reward\b|recompensa\b|calibre\b|caliber\b|cal\b|mm\b|milimetros\b|millimet|"
    r"a\.?\s?m\b|p\.?\s?m\b|horas\b|hrs\b|o'clock\b|times\b|veces\b|st\b|nd\b|rd\b|th\b|"
    rf"de (?:{_MONTHS})\b|(?:{_MONTHS})\b)|-(?:year|ano)|\s+(?:years?|anos) (?:old|de edad)\b)"
)
YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
AGE_APPOSITION_BEFORE = re.compile(r"[A-ZÁÉÍÓÚÑ][\w'’.-]*\s*,\s*$")
AGE_APPOSITION_AFTER = re.compile(r"^\s*,")

# Singular victims.
SINGULAR_DET = re.compile(
    r"^(?:the only|the|a|an|one|his|her|their|its|our|this|that|another|un|una|el|la|al|del|su|otro|otra|"
    r"este|esta|dicho|dicha|a un|a una|a la|a su|a otro|a otra)$"
)
DISTRIBUTIVE = frozenset({"each", "every", "any", "no", "cada", "cualquier", "ningun", "ninguna", "ninguno"})
SINGULAR_AUX = re.compile(
    r"\b(?:was|has been|had been|is|got|gets|is being|fue|ha sido|habia sido|resulto|quedo)\s+"
    r"(?:(?:reportedly|allegedly|also|later|then|brutally|apparently|presuntamente|tambien|hallad[oa]|"
    r"encontrad[oa]|localizad[oa]|shot|stabbed|beaten|tortured|torturad[oa]|balead[oa]|and|y)\s+)*$"
)
PRONOUN_SUBJECT = {"he": "m", "she": "f", "el": "m", "ella": "f"}
PRONOUN_OBJECT = {"him": "m", "her": "f"}
CLITIC = {"lo": "m", "la": "f", "le": ""}
RELATIVE = frozenset({"who", "that", "quien", "que", "whom"})
NON_NAMES = _set(
    "the a an this that these those it its he she they we i you his her their our in on at by for  "
    "from with and but or if when while after before since during el la los las un una lo le les su  "
    "sus en de del por con y o pero cuando mientras despues antes desde durante monday tuesday  "
    "wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado domingo"
)
MONTH_WORD = re.compile(rf"^(?:{_MONTHS})$")

# Bodies: a body is a person killed.
BODY = re.compile(
    r"\b(?:(?P<poss>his|her|their)\s+(?:(?:lifeless|dead|bullet-riddled|bullet riddled|decapitated|"
    r"dismembered|mutilated|charred|burned|burnt|tortured|naked|bloodied|battered)\s+)?body|"
    r"(?P<det>the|a)\s+(?:(?:lifeless|dead|bullet-riddled|decapitated|dismembered|mutilated|charred|burned|"
    r"naked)\s+)?body|(?P<es>el|un|su)\s+(?:cuerpo|cadaver))\b"
    r"(?!\s*(?:armor|armour|guard|count|of (?:water|evidence|work|law|research|knowledge)|de (?:seguridad|"
    r"policia|rescate|emergencia|bomberos|auxilio|agua|elite)|del delito|policiaco|diplomatico|consular|"
    r"academico|docente|tecnico))"
)
BODY_FOUND = re.compile(
    r"\b(?:found|discovered|dumped|dumping|abandoned|abandoning|left|leaving|recovered|located|thrown|throwing|"
    r"threw|identified|lying|pulled|hanging|hung|buried|exhumed|covered|riddled|dismembered|showed|bore|"
    r"hallad[oa]|hallaron|encontrad[oa]|encontraron|localizad[oa]|localizaron|abandonad[oa]|abandonaron|"
    r"arrojad[oa]|arrojaron|tirad[oa]|tiraron|dejad[oa]|dejaron|yacia|sin vida|con huellas|con impactos|"
    r"presentaba|fue identificad[oa]|of (?:a|an|the|his|her)|de (?:un|una|el|la|su)|del)\b"
)

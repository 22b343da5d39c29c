"""The noun phrases of the casualties stage: who a figure counts, and who a verb hits.

A ``Sentence`` holds one sentence as folded text (``numbers.fold``) with its
casualty words found once.  ``scan_np`` reads the people a number counts
("nine Mexican soldiers", "cinco policías estatales", "seven of the elite
officers"), ``singular_object`` and ``singular_subject`` find the one person a
verb names when there is no number ("killing her husband", "Cervantes was
killed", "mataron a un agente").  All offsets are local to the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from timeline.extract import casualties_lexicon as lx
from timeline.extract.casualties_lexicon import TriggerKind, lexicon
from timeline.extract.numbers import fold


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[^\W_]+|[^\w\s]")
_STOP = _set(
    "and or but nor y o e u pero ni in on at from by with for during after before near into inside  "
    "outside en con por para durante tras que who which that whom whose quienes cuyo were was are is  "
    "be been being have has had fueron fue son es eran han ha habian habia resultaron resulto  "
    "quedaron quedo se the a an el la los las un una unos unas to as than while when this these  "
    "those of de del al them ellos ellas more mas last this yesterday today ayer hoy este esta  "
    "pasado pasada since desde between entre"
)
_POST_PARTICIPLE = _set(
    "by in on at from during last this yesterday was were is are when while after near outside  "
    "inside en por el durante tras cerca este esta ayer and y , . ; : — – ( ) '"
)
_OF = re.compile(r"\s+(?:of|de)\s+(?!(?:them|whom|which|ellos|ellas)\b)")
_OF_WORDS = frozenset({"of", "de", "del"})
_ORDINALS = _set(
    "first second third fourth fifth sixth seventh eighth ninth tenth latest primer primero primera segundo "
    "segunda tercer tercero tercera cuarto cuarta quinto quinta sexto sexta septimo septima octavo octava"
)
_OTHERS = frozenset({"others", "more", "otros", "otras", "mas", "additional"})
_PARTITIVE = re.compile(
    r"\s+(?:of|de)\s+(?:the|los|las|his|her|their|sus|these|those|its|estos|estas|esos|esas|our|your|"
    r"nuestros|nuestras)\s+"
)


@dataclass(frozen=True, slots=True)
class Trig:
    """One casualty word in the sentence."""

    start: int
    end: int
    kind: TriggerKind
    text: str

    @property
    def plural(self) -> bool | None:
        """Spanish number agreement ("asesinados", "murieron"); None when the form does not tell."""
        first = self.text.split()[0]
        if first.endswith(("os", "as", "ron")):
            return True
        if first.endswith(("o", "a")):
            return False
        return None

    @property
    def feminine(self) -> bool:
        return self.text.split()[0].endswith(("a", "as"))


@dataclass(slots=True)
class NounPhrase:
    """What follows a number: its people (if named), their group and gender."""

    end: int
    noun: bool = False
    head: str = ""
    plural: bool = True
    strong: str = ""
    weak: str = ""
    modifier: str = ""
    gender: str = ""
    reject: bool = False
    of_them: bool = False

    @property
    def group(self) -> str:
        return self.strong or self.modifier or self.weak or "unknown"


@dataclass(frozen=True, slots=True)
class Person:
    """One victim named without a number: a noun phrase, a name or a pronoun."""

    start: int
    end: int
    group: str = "unknown"
    gender: str = ""


@dataclass(slots=True)
class Sentence:
    text: str  # the original sentence (for capitals)
    seg: str  # folded
    offset: int  # where the sentence starts in the document
    language: str
    trigs: list[Trig] = field(default_factory=list)
    trig_starts: set[int] = field(default_factory=set)

    @classmethod
    def read(cls, text: str, start: int, end: int, language: str) -> Sentence:
        raw = text[start:end]
        seg = fold(raw)
        lex = lexicon()
        trigs: list[Trig] = []
        if lex.stem_re is None:
            trigs = [_trig(m) for m in lex.trigger_re.finditer(seg)]
        else:
            for w in lex.stem_re.finditer(seg):  # try the full regex only where a trigger word may start
                if not trigs or w.start() >= trigs[-1].end:
                    m = lex.trigger_re.match(seg, w.start())
                    if m is not None:
                        trigs.append(_trig(m))
        return cls(raw, seg, start, language, trigs, {t.start for t in trigs})

    def clause_start(self, pos: int) -> int:
        last = 0
        for m in lx.CLAUSE_BREAK.finditer(self.seg, 0, pos):
            last = m.end()
        return last

    def clause_end(self, pos: int, comma: bool = False) -> int:
        m = (re.compile(r"[,;:.!?()\[\]—–]") if comma else lx.CLAUSE_BREAK).search(self.seg, pos)
        return m.start() if m else len(self.seg)

    def hypothetical(self, t: Trig) -> bool:
        """A modal, a condition or a negation governs the word ("will kill", "no one was hurt")."""
        before = self.seg[max(self.clause_start(t.start), t.start - 60) : t.start]
        return bool(lx.MODAL_BEFORE.search(before) or lx.NEGATION_BEFORE.search(before))

    def words(self, start: int, end: int | None = None) -> list[re.Match[str]]:
        return list(_WORD.finditer(self.seg, start, len(self.seg) if end is None else end))

    def capitalized(self, pos: int) -> bool:
        return pos < len(self.text) and self.text[pos].isupper()


def _trig(m: re.Match[str]) -> Trig:
    return Trig(m.start(), m.end(), lexicon().triggers[int((m.lastgroup or "t0")[1:])], m.group())


def _noun(word: str, prev: str) -> tuple[lx.Noun | None, str | None]:
    lex = lexicon()
    bigram = f"{prev} {word}"
    return lex.nouns.get(bigram) or lex.nouns.get(word), lex.modifiers.get(bigram) or lex.modifiers.get(word)


def scan_np(s: Sentence, pos: int) -> NounPhrase:
    """The people counted by the number ending at ``pos``: "nine Mexican soldiers", "de desaparecidos"."""
    np = NounPhrase(end=pos)
    of_them = lx.OF_THEM.match(s.seg[pos : pos + 40])
    if of_them:  # "five of them police officers": a part of the figure before
        np.of_them, pos = True, pos + of_them.end()
        np.end = pos
    part = _PARTITIVE.match(s.seg, pos) or _OF.match(s.seg, pos)
    start = part.end() if part else pos
    lex, prev, unknown, extension = lexicon(), "", 0, False
    for m in _WORD.finditer(s.seg, start, min(len(s.seg), start + 90)):
        w = m.group()
        if m.start() in s.trig_starts:
            break
        if not w[0].isalnum():
            if w in "-'":
                continue
            break
        noun, modifier = _noun(w, prev)
        if extension:  # "elementos de la Guardia Nacional": only a group may follow
            group = modifier or (noun.group if noun and not noun.weak else "")
            if group:
                np.modifier, np.end = group, m.end()
                break
            filler = w in ("la", "el", "los", "las", "the", "de")
            if filler or (modifier is None and unknown < 1 and w not in _STOP):
                unknown += not filler
                prev = w
                continue
            break
        if w in lex.nonvictim:
            np.reject = True
            break
        np.gender = lex.gender.get(w, np.gender)
        if noun is not None:
            np.noun, np.head, np.plural, np.end = True, w, noun.plural, m.end()
            if noun.weak:
                np.weak = np.weak or noun.group
            else:
                np.strong = noun.group
        elif modifier is not None:
            np.modifier = modifier
            if np.noun:
                np.end = m.end()
        elif w in ("de", "del", "of") and np.noun:
            extension, unknown = True, 0
        elif w in _OTHERS and not np.noun:
            np.end = m.end()  # "two others were wounded", "otros tres"
        elif w in _STOP or np.noun or w.isdigit():
            break
        else:
            unknown += 1
            if unknown > 3:
                break
        prev = w
    return np


def _person_after_det(s: Sentence, start: int, det_start: int) -> Person | None:
    """A singular person noun heading the few words from ``start`` ("a local pregnant woman")."""
    lex, prev, gender, head, unknown = lexicon(), "", "", None, 0
    for m in _WORD.finditer(s.seg, start, min(len(s.seg), start + 70)):
        w = m.group()
        if w in "-'":
            continue
        if not w[0].isalnum() or w in _STOP or m.start() in s.trig_starts:
            break
        if w in lex.nonvictim or w in _ORDINALS:
            return None  # "the fifth reporter slain this year": a tally, not a new victim
        noun, modifier = _noun(w, prev)
        gender = lex.gender.get(w, gender)
        if noun is not None:
            head = (noun, m.end())
        elif head is not None or (modifier is None and (unknown := unknown + 1) > 3):
            break
        prev = w
    if head is None or head[0].plural:
        return None
    return Person(det_start, head[1], head[0].group, gender)


def _name(s: Sentence, start: int) -> Person | None:
    """A capitalised name starting at ``start`` ("Nemesio Oseguera Cervantes"), not a month or weekday."""
    end, first = start, True
    for m in _WORD.finditer(s.seg, start, min(len(s.seg), start + 80)):
        w = m.group()
        if not (w[0].isalpha() and s.capitalized(m.start())) or w in lx.NON_NAMES or lx.MONTH_WORD.match(w):
            if first or w not in ("de", "del", "la"):
                break
            continue
        if first and w in lexicon().nouns:
            return None
        end, first = m.end(), False
    return None if first else Person(start, end)


def singular_object(s: Sentence, t: Trig) -> Person | None:
    """The one person right after a verb or noun: "killing her husband", "the killing of their leader"."""
    words = s.words(t.end, min(len(s.seg), t.end + 80))
    personal = bool(words) and words[0].group() == "a" and s.language == "es"
    if personal:
        words = words[1:]  # the Spanish personal "a": "mataron a un agente"
    if not words:
        return None
    if personal and (bare := _person_after_det(s, words[0].start(), words[0].start())) is not None:
        return bare  # headline Spanish drops the article: "localizan sin vida a mujer"
    first = words[0]
    w = first.group()
    nxt = words[1].group() if len(words) > 1 else "."
    if w in lx.DISTRIBUTIVE:
        return None
    if w in lx.PRONOUN_OBJECT and (w == "him" or nxt in _STOP or not nxt[0].isalnum()):
        return Person(first.start(), first.end(), "unknown", lx.PRONOUN_OBJECT[w])
    det = w if lx.SINGULAR_DET.match(w) else None
    if det is None and len(words) > 1 and lx.SINGULAR_DET.match(f"{w} {nxt}"):
        det, first = f"{w} {nxt}", words[1]
    if det is not None:
        person = _person_after_det(s, first.end(), words[0].start())
        if person is None:
            return None
        if det in ("a", "an", "un", "una") and _generic(s, t, person):
            return None
        return person
    noun, _ = _noun(w, "")
    if noun is not None and not noun.plural and len(words) > 1 and s.capitalized(words[1].start()):
        named = _name(s, words[1].start())
        end = named.end if named else first.end()
        return Person(first.start(), end, noun.group, lexicon().gender.get(w, ""))
    return _name(s, first.start())


def _generic(s: Sentence, t: Trig, person: Person) -> bool:
    """ "Killing a leader can even exacerbate...": an indefinite object in a general statement."""
    at_start = not s.seg[s.clause_start(t.start) : t.start].strip() and t.kind.form == "gerund"
    return at_start or bool(lx.MODAL_AFTER.match(s.seg[person.end :]))


def singular_before(s: Sentence, t: Trig) -> Person | None:
    """A reduced relative: "the only civilian killed was", "a police officer kidnapped from his home"."""
    words = s.words(s.clause_start(t.start), t.start)[-6:]
    after = s.words(t.end, min(len(s.seg), t.end + 30))
    if after and after[0].group() not in _POST_PARTICIPLE:
        return None
    if not words or not s.seg[words[-1].end() : t.start].isspace():
        return None
    noun, _ = _noun(words[-1].group(), words[-2].group() if len(words) > 1 else "")
    if noun is None or noun.plural:
        return None
    for i in range(len(words) - 2, -1, -1):
        w = words[i].group()
        if w in lx.DISTRIBUTIVE or w in _ORDINALS:
            return None
        if lx.SINGULAR_DET.match(w) or (i and lx.SINGULAR_DET.match(f"{words[i - 1].group()} {w}")):
            first = words[i - 1] if i and lx.SINGULAR_DET.match(f"{words[i - 1].group()} {w}") else words[i]
            gender = _gender_between(s, first.start(), words[-1].end())
            return Person(first.start(), words[-1].end(), noun.group, gender)
    return None


def _gender_between(s: Sentence, start: int, end: int) -> str:
    gender = ""
    for m in _WORD.finditer(s.seg, start, end):
        if m.group() not in ("la", "el", "her", "his"):
            gender = lexicon().gender.get(m.group(), gender)
    return gender


def _titled(s: Sentence, words: list[re.Match[str]], k: int) -> Person | None:
    """The name starting at words[k] with the person noun before it: "Mayor X", "the mayor of X"."""
    j = k - 1
    if j >= 1 and words[j].group() in ("the", "el", "la", "los", "las") and words[j - 1].group() in _OF_WORDS:
        j -= 1
    if j >= 1 and words[j].group() in _OF_WORDS:
        j -= 1
    if j < 0:
        return None
    noun, _ = _noun(words[j].group(), "")
    if noun is None or noun.plural:
        return None
    det = words[j - 1] if j and lx.SINGULAR_DET.match(words[j - 1].group()) else words[j]
    gender = lexicon().gender.get(words[j].group(), "")
    return Person(det.start(), words[-1].end(), noun.group, gender)


def singular_subject(s: Sentence, pos: int) -> Person | None:
    """The singular subject ending before ``pos`` ("Cervantes", "a police officer ... ", "he")."""
    lex = lexicon()
    words = s.words(s.clause_start(pos), pos)
    if not words:
        return None
    last = words[-1]
    if last.group() in lx.PRONOUN_SUBJECT:
        return Person(last.start(), last.end(), "unknown", lx.PRONOUN_SUBJECT[last.group()])
    if s.capitalized(last.start()) and last.group() not in lx.NON_NAMES and last.group() not in lex.nouns:
        k = len(words) - 1
        while k and s.capitalized(words[k - 1].start()) and words[k - 1].group() not in lx.NON_NAMES:
            k -= 1
        return _titled(s, words, k) or Person(words[k].start(), last.end())
    for i in range(len(words) - 1, max(-1, len(words) - 10), -1):
        w = words[i].group()
        if w in ("it", "they", "we", "you", "i", "which", "ellos", "ellas"):
            return None
        noun, _ = _noun(w, words[i - 1].group() if i else "")
        if noun is None:
            if s.capitalized(words[i].start()) and w not in lx.NON_NAMES and i < len(words) - 1:
                k = i
                while k and s.capitalized(words[k - 1].start()) and words[k - 1].group() not in lx.NON_NAMES:
                    k -= 1
                return Person(words[k].start(), words[i].end())
            continue
        if noun.plural:
            return None
        start = words[i].start()
        for j in range(i - 1, max(-1, i - 7), -1):
            if words[j].group() in lx.DISTRIBUTIVE:
                return None
            if lx.SINGULAR_DET.match(words[j].group()):
                start = words[j].start()
                break
        return Person(start, words[i].end(), noun.group, _gender_between(s, start, words[i].end()))
    return None

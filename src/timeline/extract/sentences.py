"""The SENTENCES stage: paragraphs and sentences as offsets into the text.

A regular-expression scan, no NLP library: candidate ends are runs of
``. ! ? …`` (with any closing quotes or brackets) followed by white space;
each is accepted or rejected by looking at the word before it (abbreviations,
initials, "U.S.", "p.m.") and the word after it (a lowercase word never
starts a sentence; after an ambiguous abbreviation only a typical sentence
opener does).  Paragraphs are blank-line separated blocks; inside a block a
single newline also ends a paragraph unless the block is hard-wrapped prose
or the next line plainly continues the sentence.  A sentence never spans two
paragraphs, and its offsets exclude surrounding white space.
"""

from __future__ import annotations

import re

from timeline.extract.model import Sentence

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# A run of . ! ? … (so "...", "?!"), closing quotes or brackets, then white space. Written to open
# with a character set so the engine skips straight to candidates (five times faster).
_END_RE = re.compile(r"[.!?…][.!?…]*[\"'”’»)\]]*(?=\s|\Z)")
_SPACE = " \t\n\r\f\v\u00a0"
_OPENERS = "([{\"'“‘«¿¡"
_TERMINAL = ".!?…\"'”’»):"


def words(spaced: str) -> frozenset[str]:
    """A word set written as one space-separated string (easier to read and extend)."""
    return frozenset(spaced.split())


# Titles before a name: never the end of a sentence.
_TITLES = words(
    "dr dra mr mrs ms mx prof gen gral gov sen rep atty lt col sgt capt cap cpl adm maj cmdr "
    "pres supt insp det hon rev fr sr sra srta lic ing mtro mtra dip tte cmte cnel sto sta "
    "arq mons gob"
)
# Abbreviations that end a sentence only when a typical opener follows.
_AMBIGUOUS = words(
    "jr st inc co corp ltd bros etc av ave blvd edo mich gto jal sin tamps gro chih coah dgo "
    "qro mor pue oax chis zac son tab yuc nay hgo ags camp ver bc bcs slp qroo mex cdmx cd "
    "depto dept univ approx aprox est"
)
# Before a number only: "No. 5", "Jan. 12", "art. 4".
_BEFORE_NUMBER = words(
    "no nos nº núm num art arts vol p pp fig ch sec jan feb mar apr jun jul aug sep sept oct nov dec "
    "ene abr ago dic km"
)
_NEVER = words("e.g i.e vs cf viz a.k.a p.ej")
_INITIALISM_RE = re.compile(r"(?:[A-Za-zÁÉÍÓÚÑáéíóúñ]\.)+[A-Za-zÁÉÍÓÚÑáéíóúñ]\.?|[A-ZÁÉÍÓÚÑ]")
# Words that typically open a sentence (English and Spanish).
_STARTERS = words(
    "the a an he she it they we i you in on at but and this that these those there his her their "
    "its our after before when while as however according some many one two three police officials "
    "authorities if since so what who meanwhile also then later earlier during for with from "
    "el la los las un una unos unas en pero y este esta estos estas ese esa eso su sus al se no ya "
    "tras según por para con durante cuando mientras hasta además luego después allí ahí ante lo "
    "le les ellos ella él hoy ayer"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def split_sentences(
    text: str, start: int = 0, end: int | None = None, language: str = "en"
) -> list[Sentence]:
    """Sentences of ``text[start:end]`` with absolute offsets and paragraph indexes.

    ``language`` is accepted for symmetry with the other stages; the rules
    cover English and Spanish together (quotes in either appear in both).
    """
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text, start, end)):
        _split_paragraph(text, p_start, p_end, index, sentences)
    return sentences


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraph spans of ``text[start:end]``, white space trimmed, empty ones left out."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    block_start = start
    for m in _BLANK_LINE_RE.finditer(text, start, end):
        _block_paragraphs(text, block_start, m.start(), spans)
        block_start = m.end()
    _block_paragraphs(text, block_start, end, spans)
    return spans


def _block_paragraphs(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Split one blank-line block at the single newlines that end a paragraph."""
    lines: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        eol = text.find("\n", pos, end)
        eol = end if eol < 0 else eol
        s, e = _trim(text, pos, eol)
        if s < e:
            lines.append((s, e))
        pos = eol + 1
    if not lines:
        return
    wrapped = _hard_wrapped(lines)
    width = max(e - s for s, e in lines)
    para_start = lines[0][0]
    for (s, e), (next_s, _) in zip(lines, lines[1:], strict=False):
        if _breaks(text, s, e, next_s, wrapped, width):
            spans.append((para_start, e))
            para_start = next_s
    spans.append((para_start, lines[-1][1]))


def _hard_wrapped(lines: list[tuple[int, int]]) -> bool:
    """Prose wrapped at a fixed width: 3+ lines, all but the last of similar length."""
    if len(lines) < 3:
        return False
    lengths = [e - s for s, e in lines[:-1]]
    return max(lengths) <= 100 and min(lengths) >= 0.6 * max(lengths)


def _breaks(text: str, s: int, e: int, next_s: int, wrapped: bool, width: int) -> bool:
    """Does the single newline after line [s, e) end a paragraph?"""
    ends_sentence = text[e - 1] in _TERMINAL
    if not ends_sentence and text[next_s].islower():
        return False  # the next line continues this sentence
    if wrapped:
        return ends_sentence and (e - s) < 0.6 * width
    return True


def _split_paragraph(text: str, start: int, end: int, index: int, out: list[Sentence]) -> None:
    first = len(out)
    cur = start
    for m in _END_RE.finditer(text, start, end):
        if m.end() >= end:
            break
        if _is_boundary(text, m, end):
            _add(text, cur, m.end(), index, first, out)
            cur = m.end()
    _add(text, cur, end, index, first, out)


def _add(text: str, start: int, end: int, index: int, first: int, out: list[Sentence]) -> None:
    """Append a trimmed sentence; bare punctuation ("..", "”") joins the one before."""
    s, e = _trim(text, start, end)
    if s >= e:
        return
    if not any(c.isalnum() for c in text[s:e]) and len(out) > first:
        out[-1] = Sentence(out[-1].start, e, index)
        return
    out.append(Sentence(s, e, index))


def _is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    """Is the punctuation run ``m`` the end of a sentence?"""
    nxt = m.end()
    while nxt < end and text[nxt] in _SPACE:
        nxt += 1
    if nxt >= end:
        return True
    following = text[nxt]
    if following.islower():
        return False
    punct = m.group().rstrip("\"'”’»)]")
    if "!" in punct or "?" in punct:
        return True
    if punct != ".":
        return False  # an ellipsis does not end a sentence
    if m.group() != punct:
        return True  # a period inside closing quotes: `said.”`
    word = _word_before(text, m.start())
    return _period_ends(word, text, nxt, following)


def _period_ends(word: str, text: str, nxt: int, following: str) -> bool:
    """Does a period after ``word`` end the sentence, given what follows?"""
    lower = word.lower()
    if lower in _NEVER or lower in _TITLES:
        return False
    if lower in _BEFORE_NUMBER and following.isdigit():
        return False
    if lower in _AMBIGUOUS or (_INITIALISM_RE.fullmatch(word) and not word.isdigit()):
        return _next_word(text, nxt).lower() in _STARTERS
    return True


def _word_before(text: str, pos: int) -> str:
    """The token ending at ``pos`` (the period's position), opening punctuation stripped."""
    begin = pos
    while begin > 0 and text[begin - 1] not in _SPACE:
        begin -= 1
    return text[begin:pos].lstrip(_OPENERS)


def _next_word(text: str, pos: int) -> str:
    m = _WORD_RE.match(text, pos + (1 if text[pos] in _OPENERS else 0))
    return m.group() if m else ""


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end

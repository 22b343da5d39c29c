"""Drop page furniture lines from a document's text before it is stored.

Web copies of articles carry lines that are not the article: "Save Article",
"Sponsored", "Share this:", photo captions with their credits, bylines,
"Te puede interesar: ...".  Such lines must never become events, so they are
dropped from the stored text (offsets point into the stored text, so this
keeps the evidence clean without breaking them).  Everything else is kept
verbatim except that trailing spaces are trimmed and runs of blank lines are
collapsed to one.
"""

from __future__ import annotations

import re

_FURNITURE = [
    r"(?:save\s*article)+", r"failed to save article", r"please try again",
    r"sponsored(?: content| links?| stories)?", r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
    r"(?:show|view|load|leave a|add a|post a) comments?", r"latest(?: articles| news| stories)?",
    r"related(?: articles| stories| news| content| coverage)?", r"(?:more|top) stories",
    r"(?:upper|lower|next|previous|prev) waypoint", r"listen to .{0,80}(?:story|report|interview|here)\s*:?",
    r"listen(?: to this article| now)?", r"share(?: this| this article| this story| on \w+)?",
    r"advertisement", r"advertising", r"ad", r"publicidad", r"anuncio", r"patrocinado",
    r"read more(?:\s*[:>»].{0,200})?", r"read (?:the )?full (?:story|article)", r"continue reading",
    r"subscribe(?: now| today| here| to .{0,80})?", r"sign up(?: for| to) .{0,100}",
    r"(?:the )?newsletter.{0,60}", r"follow us(?: on .{0,60})?", r"s[íi]guenos(?: en .{0,60})?",
    r"comparte(?: esta nota| en .{0,40})?", r"compartir", r"te puede interesar(?:\s*:.{0,200})?",
    r"tambi[ée]n te puede interesar(?:\s*:.{0,200})?", r"le[ea] tambi[ée]n(?:\s*:.{0,200})?",
    r"(?:ver|leer) m[áa]s(?:\s*:.{0,200})?", r"m[áa]s informaci[óo]n(?:\s*:.{0,200})?",
    r"recomendamos(?:\s*:.{0,200})?", r"notas relacionadas", r"[úu]ltimas noticias",
    r"(?:tweet|twitter|facebook|whatsapp|email|e-mail|print|imprimir|linkedin|telegram|reddit|copy link)",
    r"(?:©|copyright|\(c\)).{0,200}", r".{0,120}all rights reserved\.?",
    r".{0,120}todos los derechos reservados\.?", r"(?:loading|cargando)\W*", r"skip to (?:main )?content",
    r"(?:photo|foto|image|imagen|photograph|fotograf[íi]a)s?\s*(?:by|por|:|/).{0,300}", r"video\s*:.{0,300}",
    r"(?:getty images|shutterstock|cuartoscuro)(?:/.{0,60})?",
    r"(?:ap|afp|reuters|efe) (?:photo|foto)\b.{0,200}",
    r"advertisement\s*-\s*scroll to continue", r"story continues below(?: advertisement)?",
    r"tags?\s*:.{0,300}", r"etiquetas\s*:.{0,300}", r"temas\s*:.{0,300}", r"topics\s*:.{0,300}",
]  # fmt: skip
_FURNITURE_RE = re.compile(r"(?:" + "|".join(_FURNITURE) + r")[\s:.!|»>-]*", re.IGNORECASE)

# A caption's closing credit: "(Alan Ortega/KQED)", "(AP Photo/Marco Ugarte)",
# "Photo: Alan Ortega/KQED", "Foto: Cuartoscuro".
_CREDIT_RE = re.compile(
    r"(?:\((?:[A-Z][\w.'’-]*\s?){1,5}(?:/\s?[\w.'’&-]+(?:\s[\w.'’&-]+){0,4})+\)"
    r"|\b(?:Photo|Foto|Image|Imagen|Credit|Cr[ée]dito)s?\s*:\s*[^.!?]{1,80}"
    r"|\(?(?:Getty Images|Shutterstock|Cuartoscuro)\)?)\s*$"
)
_NAME = r"[A-ZÁÉÍÓÚÑ][\w'’.-]+(?:\s+(?:de|del|la|las|los|y|van|von|da|di)?\s*[A-ZÁÉÍÓÚÑ][\w'’.-]+){0,4}"
_BYLINE_RE = re.compile(
    rf"^\s*(?:[Bb]y|BY|[Pp]or|POR|[Ww]ritten by|[Ee]scrito por|[Rr]eporting by)\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|\band\b|\by\b|&)\s*{_NAME})*)"
    r"(?:(?:\s*[|,·•/–—-]\s*|\s+(?:for|para)\s+)(?:[A-Z][\w.'’&-]*\s*){1,6})?\s*$"
)
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|\band\b|\by\b|&)\s*")
_DUP_KEY_RE = re.compile(r"\W+")
_DUP_PREFIX = 60  # two lines sharing this many leading characters are one caption twice


def clean_text(text: str, authors: list[str] | None = None) -> tuple[str, list[str]]:
    """Drop furniture lines; return the cleaned text and the byline authors found.

    ``authors`` already known (from the manifest, say) are dropped too when
    they stand alone on a line: a signature, not a sentence.  A line repeated
    (near-)verbatim by the next one is a caption shown twice: both go.
    """
    known = {a.strip().lower() for a in authors or [] if a.strip()}
    kept: list[str] = []
    found: list[str] = []
    previous_key, previous_at = "", -1  # the last non-blank line's key, its index in ``kept``
    for raw in text.split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        key = _DUP_KEY_RE.sub(" ", stripped[: 2 * _DUP_PREFIX].lower())[:_DUP_PREFIX]
        byline = _byline_names(stripped)
        at = -1
        if byline:
            found.extend(byline)
        elif len(key) >= _DUP_PREFIX and key == previous_key:
            if previous_at >= 0:
                kept[previous_at] = ""
        elif not (is_furniture(stripped) or stripped.lower() in known):
            at = len(kept)
            kept.append(line)
        previous_key, previous_at = key, at
    return _join_paragraphs(kept), found


def _join_paragraphs(lines: list[str]) -> str:
    """Join lines, collapsing runs of blank lines to one and trimming blank ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def is_furniture(line: str) -> bool:
    """True when a (stripped) line is page furniture, not article text."""
    if len(line) <= 320 and _FURNITURE_RE.fullmatch(line):
        return True
    return len(line) <= 600 and _CREDIT_RE.search(line[-120:]) is not None  # credits are short


def _byline_names(line: str) -> list[str]:
    """The names on a byline line ("By A and B"), or [] when it is not one."""
    if len(line) > 160:
        return []
    m = _BYLINE_RE.match(line)
    if not m:
        return []
    names = [n.strip() for n in _NAME_SPLIT_RE.split(m["names"]) if n.strip()]
    # A byline names people: every name starts with a capital letter.
    if not names or any(not n[0].isupper() for n in names):
        return []
    return names

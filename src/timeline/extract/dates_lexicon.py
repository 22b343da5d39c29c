"""Words the date rules are built from (English and Spanish).

Kept apart from the rules so the regexes read as grammar and the vocabulary
can grow without touching them.  Keys are lower case and accent-folded where
a writer may drop the accent ("miercoles", "sabado").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

MONTHS: dict[str, int] = {
    # English full names and the abbreviations newsrooms use ("Feb.", "Sept.")
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6,
}

SEASONS: dict[str, str] = {
    "spring": "spring", "summer": "summer", "fall": "autumn", "autumn": "autumn",
    "winter": "winter",
    "primavera": "spring", "verano": "summer", "otoño": "autumn", "otono": "autumn",
    "invierno": "winter",
}

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100,
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100,
}

# Vague counts as (low, high): "a few years ago" lies 2 to 4 years back.
VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 4), "few": (2, 4), "a couple of": (2, 2), "a couple": (2, 2),
    "several": (2, 7), "some": (2, 5), "many": (3, 10),
    "unos pocos": (2, 4), "unos cuantos": (2, 4), "pocos": (2, 4), "un par de": (2, 2),
    "varios": (2, 7), "varias": (2, 7), "algunos": (2, 5), "algunas": (2, 5),
    "unos": (2, 5), "unas": (2, 5), "muchos": (3, 10),
}

UNITS: dict[str, str] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "hour": "hour", "hours": "hour",
    "minute": "minute", "minutes": "minute",
    "día": "day", "días": "day", "dia": "day", "dias": "day", "semana": "week",
    "semanas": "week", "mes": "month", "meses": "month", "año": "year",
    "años": "year", "década": "decade", "décadas": "decade", "hora": "hour",
    "horas": "hour", "minuto": "minute", "minutos": "minute",
}

# Hedges on a count ("about two years ago") as how they widen [N, N]:
# "about" is N +- half a unit, "nearly" N - half .. N, "over" N .. N + 1.
HEDGES: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "some": "about", "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "over": "over", "more than": "over", "just over": "over",
    "a little over": "over", "a little more than": "over", "little over": "over",
    "less than": "under", "under": "under", "fewer than": "under",
    "alrededor de": "about", "aproximadamente": "about", "unos": "about",
    "unas": "about", "cerca de": "nearly", "casi": "nearly", "más de": "over",
    "mas de": "over", "poco más de": "over", "un poco más de": "over",
    "menos de": "under", "apenas": "exact", "just": "exact", "only": "exact",
    "barely": "exact",
}

# Parts of a period: "early May", "mid-2018", "a finales de 2018".
PARTS: dict[str, str] = {
    "early": "early", "earlier": "earlier", "beginning": "early", "start": "early",
    "mid": "mid", "middle": "mid", "late": "late", "later": "later", "end": "late",
    "principios": "early", "inicios": "early", "comienzos": "early",
    "mediados": "mid", "finales": "late", "fines": "late",
}


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, compiled as a trie.

    Python's regex engine tries alternatives one by one; factoring common
    prefixes ("ma(?:y|rch|rzo)") makes the date rules several times faster.
    A space in a word matches any run of whitespace.
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, Any]) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _emit(sub)
                for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the rest is optional, longest tried first
        return "(?:" + body + ")?"
    return body


def number_value(word: str) -> int | None:
    """The integer a numeral or number word stands for, else None."""
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    if "-" in w:  # "twenty-five"
        tens, _, ones = w.partition("-")
        if tens in NUMBERS and ones in NUMBERS:
            return NUMBERS[tens] + NUMBERS[ones]
    return NUMBERS.get(w)


EN_MONTH_NAMES = [m for m in MONTHS if m.isascii() and MONTHS[m] and m in {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"}]
EN_MONTH_ABBR = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                 "nov", "dec"]
ES_MONTH_NAMES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                  "agosto", "septiembre", "setiembre", "octubre", "noviembre",
                  "diciembre"]
EN_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday"]
ES_WEEKDAY_NAMES = [w for w in WEEKDAYS if w not in EN_WEEKDAY_NAMES]
EN_NUMBER_WORDS = [w for w in NUMBERS if w.isascii() and w not in {
    "un", "una", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
    "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciseis",
    "diecisiete", "dieciocho", "diecinueve", "veinte", "treinta", "cuarenta",
    "cincuenta", "sesenta", "setenta", "ochenta", "noventa", "cien"}]
ES_NUMBER_WORDS = [w for w in NUMBERS if w not in EN_NUMBER_WORDS]

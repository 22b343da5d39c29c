"""The alias scan written for speed (a trie, a C-level pass for alias first words) finds
what a plain walk over every token finds, on the seed corpus and on strings built to trip it."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.reference.gazetteer import AliasIndex, Match, Tokens, gazetteer, tokenize

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "corpus"
_GENERIC_FIRST = frozenset({"state", "estado", "ciudad", "city"})
_TEXTS = [
    "The Jalisco New Generation Cartel (CJNG) and the Sinaloa Cartel fought in Culiacán, Sinaloa.",
    "el Cártel de Jalisco Nueva Generación; Cartel de Sinaloa. Cartel del Golfo; the cartel",
    "la policía estatal; Dr. Mireles, U. S. officials, Sinaloa. Cartel members; state police",
    "the state government; Estado de México; la Ciudad de México",
    "LOS ZETAS, los zetas, Los Zetas; Ciudad Juárez, ciudad juárez, Nuevo León, nuevo leon, San Luis Potosí",
    "Guerreros\nUnidos, Guerreros  Unidos, Guerreros-Unidos, Santa Rosa de Lima cartel, the",
    "",
    "Cartel",
]


def _plain_scan(
    index: AliasIndex, toks: Tokens, lang: str | None = None, lower_firsts: frozenset[str] | None = None
) -> list[Match]:
    """The scan as first written: every token, tuple keys, a set of all alias prefixes."""
    table = index.table
    prefixes = {key[:n] for key in table for n in range(1, len(key) + 1)}
    lower, text, starts = toks.lower, toks.text, toks.starts
    out = []
    for i in range(len(lower)):
        if (lower[i],) not in prefixes:
            continue
        if lower_firsts is not None and not text[starts[i]].isupper() and lower[i] not in lower_firsts:
            continue
        ends = []
        j = i + 1
        while tuple(lower[i:j]) in prefixes:
            if tuple(lower[i:j]) in table:
                ends.append(j)
            if j >= len(lower) or not toks.joinable(j - 1):
                break
            j += 1
        for j in reversed(ends):
            if lower_firsts is not None and not text[starts[j - 1]].isupper():
                continue
            ok = tuple(
                e
                for e in table[tuple(lower[i:j])]
                if (lang is None or e.lang is None or e.lang == lang) and e.accepts(toks, i)
            )
            if ok:
                out.append(Match(i, j, ok))
                break
    return out


def _texts() -> list[str]:
    return _TEXTS + [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("lang", [None, "en", "es"])
def test_actor_scan_matches_the_plain_walk(lang: str | None) -> None:
    index = gazetteer().actor_index
    for text in _texts():
        toks = tokenize(text)
        assert index.scan(toks, lang) == _plain_scan(index, toks, lang)


def test_place_scan_matches_the_plain_walk() -> None:
    index = gazetteer().place_index
    for text in _texts():
        toks = tokenize(text)
        assert index.scan(toks, lower_firsts=_GENERIC_FIRST) == _plain_scan(index, toks, None, _GENERIC_FIRST)
        assert index.scan(toks) == _plain_scan(index, toks)


def test_index_keeps_one_entry_list_per_alias() -> None:
    index = AliasIndex()
    index.add("Los Zetas", "zetas")
    index.add("los zetas", "zetas")  # same key, another case rule: a second entry
    index.add("Los Zetas", "zetas")  # same key and rule: no new entry
    index.add("Zetas", "zetas")
    assert [e.mode for e in index.lookup("LOS ZETAS")] == [1, 0]
    assert set(index.root) == {"los", "zetas"}
    assert index.root["los"].children["zetas"].entries is index.table[("los", "zetas")]


def test_tokens_of_non_ascii_folded_text() -> None:
    """Words of a text whose folded form keeps a non-ASCII letter split as \\w+ does."""
    toks = tokenize("Gunmen in Москва and Culiacán")
    assert toks.lower == ["gunmen", "in", "Москва", "and", "culiacan"]  # letters past Latin kept as written
    words = [toks.text[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)]
    assert words == ["Gunmen", "in", "Москва", "and", "Culiacán"]

"""A long table printed a chunk at a time is the table Rich prints whole, and shows early."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from timeline import render

COLUMNS = render.CHRONOLOGY_COLUMNS

ROWS: list[dict[str, Any]] = [
    {
        "date": "22 Feb 2026",
        "type": "attack",
        "place": "Tapalpa, Jalisco",
        "actors": "Jalisco New Generation Cartel*; Mexican Army",
        "killed": 12,
        "summary": "Soldiers killed Nemesio Oseguera Cervantes, alias El Mencho, in Tapalpa.",
        "sources": 3,
    },
    {"date": "undated", "type": None, "place": None, "actors": "", "summary": "", "sources": 1},
    {
        "date": "c. Jan 2024",
        "type": "abduction",
        "place": "Culiacán, Sinaloa",
        "actors": "Los Chapitos*",
        "abducted": 66,
        "summary": "Un comando armado privó de la libertad a 66 personas en Culiacán [CJNG].",
        "sources": 12,
    },
    {
        "date": "2018 – 12 May 2021",
        "type": "killing",
        "place": "東京",  # wide characters measure two cells each
        "actors": "Cártel de Santa Rosa de Lima; civilians",
        "killed": 1,
        "injured": 4,
        "summary": "A" * 70 + " a word wider than any column",
        "sources": 120,
    },
]


def printed(rows: list[dict[str, Any]], width: int, chunk: int, terminal: bool = False) -> tuple[str, int]:
    """The table's text and how many times it was written out."""

    class Counting(io.StringIO):
        writes = 0

        def write(self, s: str) -> int:
            Counting.writes += 1
            return super().write(s)

    out = Counting()
    console = Console(file=out, width=width, highlight=False, force_terminal=terminal)
    render.write_table(console, rows, render.visible_columns(rows, COLUMNS), "Chronology", chunk=chunk)
    return out.getvalue(), Counting.writes


@pytest.mark.parametrize("width", [160, 80, 40])
@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("count", [3, 4, 6, 7, 13])
def test_chunked_table_is_the_whole_table(width: int, terminal: bool, count: int) -> None:
    """Chunk boundaries anywhere (a chunk of one row, the last chunk full or not), a console
    the table fits, one it must wrap in, one it is too wide for (cut), with and without styles."""
    rows = [ROWS[i % len(ROWS)] for i in range(count)]
    whole, _ = printed(rows, width, chunk=10**6, terminal=terminal)
    for chunk in (1, 3):
        assert printed(rows, width, chunk, terminal)[0] == whole


_TEXT = st.text(st.sampled_from("ab cé東\u200b-\n\t"), max_size=40)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"date": _TEXT, "place": _TEXT, "actors": _TEXT, "summary": _TEXT},
            optional={"killed": st.integers(0, 10**6), "type": _TEXT},
        ),
        min_size=2,
        max_size=8,
    ),
    st.integers(20, 120),
)
def test_chunked_table_any_cells(rows: list[dict[str, Any]], width: int) -> None:
    whole, _ = printed(rows, width, chunk=10**6)
    assert printed(rows, width, chunk=2)[0] == whole


def test_first_rows_are_written_before_the_rest_is_laid_out() -> None:
    rows = [ROWS[i % len(ROWS)] for i in range(12)]
    _, once = printed(rows, 160, chunk=10**6)
    text, writes = printed(rows, 160, chunk=4)
    assert writes == 3 * once  # one write per chunk, as the whole table is one
    assert text.count("Tapalpa, Jalisco") == 3

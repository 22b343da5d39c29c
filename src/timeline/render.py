"""Rendering rows for people (Rich tables, Markdown) and for tools (JSON, CSV).

Dates are shown at their precision: "2015", "May 2021", "22 Feb 2026",
"c. Jan 2024", "2018 – 12 May 2021". Stdout gets the data; nothing here talks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.table import Table


def show_date(
    start: str | dt.date | None, end: str | dt.date | None, precision: str, approximate: bool = False
) -> str:
    """A date interval as a person writes it, at its precision."""
    if start is None or end is None:
        return "undated"
    s = dt.date.fromisoformat(start) if isinstance(start, str) else start
    e = dt.date.fromisoformat(end) if isinstance(end, str) else end
    prefix = "c. " if approximate else ""
    if precision == "day" or s == e:
        text = f"{s.day} {s:%b %Y}"
    elif precision == "week":
        text = f"week of {s.day} {s:%b %Y}"
    elif precision == "month" and (s.year, s.month) == (e.year, e.month):
        text = f"{s:%b %Y}" if approximate else f"{s:%B %Y}"
    elif precision == "year" and s.year == e.year:
        text = f"{s.year}"
    elif precision == "decade":
        text = f"{s.year}s"
    elif precision == "season":
        text = f"{s:%b}–{e:%b %Y}"
    else:
        text = f"{_edge(s, True)} – {_edge(e, False)}"
    return prefix + text


def _edge(d: dt.date, is_start: bool) -> str:
    if is_start and (d.month, d.day) == (1, 1):
        return str(d.year)
    if not is_start and (d.month, d.day) == (12, 31):
        return str(d.year)
    return f"{d.day} {d:%b %Y}"


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """A flat row of one contract EVENT, for tables and CSV."""
    date = event["date"]
    loc = event.get("location") or {}
    place = loc.get("name") or ""
    if loc.get("admin1") and loc.get("admin1") != place:
        place = f"{place}, {loc['admin1']}"
    figures: dict[str, int] = {}
    for c in event.get("casualties") or []:
        value = c.get("count") if c.get("count") is not None else c.get("low")
        if value is not None:
            figures[c["kind"]] = figures.get(c["kind"], 0) + int(value)
    return {
        "id": event["id"],
        "date": show_date(date["start"], date["end"], date["precision"], date["approximate"]),
        "date_start": date["start"],
        "date_end": date["end"],
        "precision": date["precision"],
        "type": _label(event.get("type"), event.get("subtype")),
        "event_type": event.get("type") or "",
        "place": place,
        "actors": _actors(event.get("actors") or []),
        "killed": figures.get("killed"),
        "injured": figures.get("injured"),
        "abducted": figures.get("abducted"),
        "disappeared": figures.get("disappeared"),
        "aggregate": event.get("aggregate", False),
        "summary": event.get("summary") or "",
        "sources": len({s["document"] for s in event.get("sources") or []}),
    }


_SUBTYPE_LABELS = {
    "armed_clash": "armed clash",
    "non_state_actor_overtakes_territory": "territory taken",
    "remote_explosive_landmine_ied": "explosive",
    "abduction_forced_disappearance": "abduction",
    "looting_property_destruction": "destruction",
    "peaceful_protest": "protest",
}
_TYPE_LABELS = {
    "battles": "battle",
    "violence_against_civilians": "violence vs civilians",
    "explosions_remote_violence": "explosion",
    "strategic_developments": "strategic",
    "riots": "riot",
    "protests": "protest",
}


def _label(type_: str | None, subtype: str | None) -> str:
    """A short readable label: the sub-event type, or the type when the subtype says little."""
    if subtype and subtype not in ("other", "attack"):
        return _SUBTYPE_LABELS.get(subtype, subtype.replace("_", " "))
    if type_ == "violence_against_civilians" and subtype == "attack":
        return "attack"
    return _TYPE_LABELS.get(type_ or "", (type_ or "").replace("_", " "))


def _actors(actors: list[dict[str, Any]], most: int = 4) -> str:
    """Perpetrators first (marked *), then the others; at most ``most`` names."""
    ordered = sorted(actors, key=lambda a: (a["role"] != "perpetrator", a["role"] != "target"))
    names: list[str] = []
    for a in ordered:
        name = a["name"] + ("*" if a["role"] == "perpetrator" else "")
        if a["name"] not in {n.rstrip("*") for n in names}:
            names.append(name)
    extra = len(names) - most
    return "; ".join(names[:most]) + (f" (+{extra})" if extra > 0 else "")


CHRONOLOGY_COLUMNS = (
    ("date", "Date"),
    ("type", "Type"),
    ("place", "Place"),
    ("actors", "Actors (* = perpetrator)"),
    ("killed", "Killed"),
    ("injured", "Inj."),
    ("abducted", "Abd."),
    ("disappeared", "Disap."),
    ("summary", "Summary"),
    ("sources", "Src"),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def table(
    rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], title: str | None = None
) -> Table:
    from rich.text import Text  # here, not at the top: JSON, CSV and Markdown never load Rich

    t = _empty_table(_columns(rows, columns), title)
    for row in rows:
        # Text, not str: cells are data, never Rich markup ("[CJNG]" stays), and not parsed (faster).
        t.add_row(*(Text(_cell(row.get(key))) for key, _ in columns))
    return t


_Column = tuple[str, dict[str, Any]]  # a header and Table.add_column's options


def _columns(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> list[_Column]:
    """Each column's header and options: numbers (a count, or every value numeric) right-aligned."""
    numeric = {"killed", "injured", "abducted", "disappeared", "sources", "events", "count"}
    out: list[_Column] = []
    for key, header in columns:
        values = [row.get(key) for row in rows if row.get(key) is not None]
        number = bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if key == "summary":
            out.append((header, {"overflow": "fold", "ratio": 3, "min_width": 30}))
        else:
            justify = "right" if key in numeric or number else "left"
            out.append((header, {"justify": justify, "overflow": "fold"}))
    return out


def _empty_table(
    columns: list[_Column], title: str | None, widths: Sequence[int] | None = None, show_header: bool = True
) -> Table:
    """A table of these columns (``widths``: as Rich laid out a whole table, padding included)."""
    from rich.table import Table

    kind = Table if widths is None else _laid_out(widths)
    t = kind(title=title, show_lines=False, expand=False, show_header=show_header)
    for header, options in columns:
        t.add_column(header, **options)
    return t


def _laid_out(widths: Sequence[int]) -> type[Table]:
    """A Table class whose columns have these widths, as Rich gave a whole table of more rows."""
    from rich.table import Table

    class LaidOut(Table):
        def _calculate_column_widths(self, console: Console, options: ConsoleOptions) -> list[int]:
            return list(widths)

    return LaidOut


CHUNK_ROWS = 100  # a long table is laid out and printed this many rows at a time


def visible_columns(
    rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The columns worth showing: a casualty count column empty in every row is left out."""
    counts = {"killed", "injured", "abducted", "disappeared"}
    return [(k, h) for k, h in columns if k not in counts or any(r.get(k) is not None for r in rows)]


def print_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], title: str | None = None
) -> None:
    """Print a table to stdout; count columns that are empty in every row are left out."""
    from rich.console import Console

    shown = visible_columns(rows, columns)
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 160))
    write_table(console, rows, shown, title)


def write_table(
    console: Console,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    title: str | None = None,
    chunk: int = CHUNK_ROWS,
) -> None:
    """Print the table of these rows as Rich lays it out whole, ``chunk`` rows at a time.

    Rich measures every cell before it prints the first row and keeps the whole table's
    lines until the last: thousands of rows took seconds before anything showed. The
    widths Rich would choose depend only on each column's widest cell and widest word
    (``Text``'s measure), so a table of the header and those cells gets the same widths
    (``_widths``); each chunk is then a table of fixed widths, its borders joined.

    Rich lays a table out in ``Table._calculate_column_widths``, which this reuses and
    overrides (``_laid_out``): it has no public way to measure columns once and print rows
    later. tests/test_render.py compares the output with the whole table's, so a Rich
    release that changes either fails there, not in front of a user.
    """
    if len(rows) <= chunk:
        console.print(table(rows, columns, title))
        return
    from rich.segment import Segment, Segments
    from rich.text import Text

    specs = _columns(rows, columns)
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    widths = _widths(console, specs, cells, title)
    for start in range(0, len(cells), chunk):
        first, last = start == 0, start + chunk >= len(cells)
        part = _empty_table(specs, title if first else None, widths, show_header=first)
        for texts in cells[start : start + chunk]:
            part.add_row(*map(Text, texts))
        # Cropped to the console as Console.print crops (a table too wide for it is cut).
        lines = list(Segment.split_and_crop_lines(console.render(part), console.width, pad=False))
        # A chunk after the first has no top border, and one before the last no bottom border.
        lines = lines[(0 if first else 1) : (len(lines) if last else -1)]
        console.print(Segments([s for line in lines for s in line]), end="", crop=False)


def _widths(console: Console, columns: list[_Column], cells: list[list[str]], title: str | None) -> list[int]:
    """The column widths (padding included) Rich gives the whole table: those of a table of
    each column's widest cell and the cell with its widest word, measured as ``Text`` is."""
    from rich.cells import cell_len
    from rich.text import Text

    widest: list[tuple[int, str]] = [(-1, "")] * len(columns)
    longest_word: list[tuple[int, str]] = [(-1, "")] * len(columns)
    for texts in cells:
        for i, text in enumerate(texts):
            lines = text.splitlines()
            width = max(map(cell_len, lines)) if lines else 0
            words = text.split()
            word = max(map(cell_len, words)) if words else width
            if width > widest[i][0]:
                widest[i] = (width, text)
            if word > longest_word[i][0]:
                longest_word[i] = (word, text)
    proxy = _empty_table(columns, title)
    proxy.add_row(*(Text(text) for _w, text in widest))
    proxy.add_row(*(Text(text) for _w, text in longest_word))
    options = console.options.update_width(console.options.max_width - proxy._extra_width)
    return proxy._calculate_column_widths(console, options)  # as Table.__rich_console__ asks


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: _cell(row.get(k)) if not isinstance(row.get(k), (int, float)) else row.get(k)
                for k in columns
            }
        )
    return out.getvalue()


def to_markdown(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    def esc(value: Any) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(h for _, h in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(esc(row.get(k)) for k, _ in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"

"""Reporting commands (show, casualties, actors, places, sources, stats, chart), registered on the app.

Each command parses, calls one library function (``reports.using`` runs it in a
read-only transaction) and renders. Tables, JSON, CSV and Markdown go to stdout; notes to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from timeline import render
from timeline.cli import (
    ActorOpt,
    AggOpt,
    Format,
    FromOpt,
    LimitOpt,
    MinKilledOpt,
    PlaceOpt,
    SourceOpt,
    ToOpt,
    TypeOpt,
    _engine,
    _filters,
    app,
    err,
)

FormatOpt = Annotated[Format, typer.Option("--format", help="Output format: table, json, csv or markdown.")]
SearchOpt = Annotated[
    str | None, typer.Option("--search", help="Only names containing TEXT (case- and accent-insensitive).")
]
AllOpt = Annotated[bool, typer.Option("--all", help="Include those no event mentions.")]

ACTOR_COLUMNS = (
    ("name", "Actor"), ("type", "Type"), ("origin", "Origin"), ("part_of", "Part of"),
    ("events", "Incidents"), ("aggregates", "Statistics"), ("perpetrator", "As perp."),
    ("target", "As target"), ("killed", "Killed"), ("first", "First"), ("last", "Last"),
)
PLACE_COLUMNS = (
    ("name", "Place"), ("kind", "Kind"), ("admin1", "State"), ("country_code", "Country"),
    ("events", "Incidents"), ("aggregates", "Statistics"), ("killed", "Killed"), ("first", "First"),
    ("last", "Last"),
)
SOURCE_COLUMNS = (
    ("id", "Id"), ("published", "Published"), ("publisher", "Publisher"), ("title", "Title"),
    ("language", "Lang"), ("events", "Events"), ("figures", "Figures"), ("merged", "Merged"),
    ("document", "Document"),
)
STATS_COLUMNS = (("metric", "Metric"), ("value", "Value"))
CASUALTY_KEYS = ("bucket", "placed", "events", "killed", "injured", "abducted", "disappeared")


class By(StrEnum):
    year = "year"
    month = "month"
    actor = "actor"
    place = "place"
    victims = "victims"


class ShowFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def emit(rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]], fmt: Format, title: str) -> None:
    """Rows to stdout: a Rich table (``columns``), JSON (every field), CSV (every field) or Markdown."""
    if fmt == Format.json:
        sys.stdout.write(render.to_json(rows))
    elif fmt == Format.csv:
        keys = list(rows[0]) if rows else [k for k, _ in columns]
        sys.stdout.write(render.to_csv(rows, keys))
    elif fmt == Format.markdown:
        sys.stdout.write(render.to_markdown(rows, columns))
    else:
        render.print_table(rows, columns, title=f"{title} ({len(rows)})")


# --- listings -----------------------------------------------------------------------


@app.command()
def actors(
    search: SearchOpt = None,
    include_all: AllOpt = False,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    aggregates: AggOpt = True,
    format: FormatOpt = Format.table,
) -> None:
    """Actors with their incidents, statistics, roles, deaths and first and last dates.

    Example: timeline actors --place Michoacán --format csv
    """
    from timeline import reports

    filters = _filters(actor, place, date_from, date_to, type_, None, source, aggregates, None)
    rows = reports.using(_engine(), reports.actors, filters, search=search, include_unused=include_all)
    emit(rows, ACTOR_COLUMNS, format, "Actors")


@app.command()
def places(
    search: SearchOpt = None,
    include_all: AllOpt = False,
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    source: SourceOpt = None,
    aggregates: AggOpt = True,
    format: FormatOpt = Format.table,
) -> None:
    """Places events happened at, with their state, incidents, statistics, deaths and dates.

    Example: timeline places --actor CJNG
    """
    from timeline import reports

    filters = _filters(actor, place, date_from, date_to, type_, None, source, aggregates, None)
    rows = reports.using(_engine(), reports.places, filters, search=search, include_unused=include_all)
    emit(rows, PLACE_COLUMNS, format, "Places")


@app.command()
def sources(search: SearchOpt = None, format: FormatOpt = Format.table) -> None:
    """Ingested documents with their publisher, date, events, figures and merges.

    Example: timeline sources --format json
    """
    from timeline import reports

    rows = reports.using(_engine(), reports.sources, search=search)
    emit(rows, SOURCE_COLUMNS, format, "Sources")


@app.command()
def stats(format: FormatOpt = Format.table) -> None:
    """Counts: documents, events (dated, statistics, merged), actors, places, deaths in incidents, date span.

    Example: timeline stats
    """
    from timeline import reports

    data = reports.using(_engine(), reports.stats)
    if format == Format.json:
        sys.stdout.write(render.to_json(data))
    else:
        emit(reports.stats_rows(data), STATS_COLUMNS, format, "Statistics")


# --- casualties ---------------------------------------------------------------------


@app.command()
def casualties(
    by: Annotated[By, typer.Option("--by", help="Group by year, month, actor, place (state) or victims.")] = (
        By.year
    ),
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    min_killed: MinKilledOpt = None,
    source: SourceOpt = None,
    aggregates: AggOpt = True,
    format: FormatOpt = Format.table,
) -> None:
    """Killed, injured, abducted and disappeared per year, month, actor, state or victim group.

    Incidents and statistics over periods are separate sections, never added together.
    An event wider than a bucket (a year-precise event, by month) is counted on the
    'not placed' row, never spread.

    Example: timeline casualties --by month --from 2021 --to 2021
    """
    from timeline import reports_casualties as rc
    from timeline.reports import using

    filters = _filters(actor, place, date_from, date_to, type_, min_killed, source, aggregates, None)
    report = using(_engine(), rc.casualties, str(by), filters)
    if format == Format.json:
        sys.stdout.write(render.to_json(report))
    elif format == Format.csv:
        sys.stdout.write(render.to_csv(rc.casualty_rows(report), ("section", *CASUALTY_KEYS)))
    else:
        columns = (("bucket", str(by).capitalize()), *((k, k.capitalize()) for k in CASUALTY_KEYS[2:]))
        titles = {"incidents": f"Incidents by {by}",
                  "aggregates": f"Statistics over periods by {by} (not added to incidents)"}
        for section, title in titles.items():
            if format == Format.markdown:
                sys.stdout.write(f"\n## {title}\n\n" + render.to_markdown(report[section], columns))
            else:
                render.print_table(report[section], columns, title=title)


# --- one event ----------------------------------------------------------------------


@app.command()
def show(
    event_id: Annotated[int, typer.Argument(help="The event's id (see 'timeline chronology --format csv').")],
    format: Annotated[ShowFormat, typer.Option("--format", help="Output: table, json or markdown.")] = (
        ShowFormat.table
    ),
) -> None:
    """One event: each source's title, publisher, date, URL, highlighted quote and own figures; its merges.

    Example: timeline show 1
    """
    from timeline.reports import using
    from timeline.reports_show import show_event

    data = using(_engine(), show_event, event_id)
    if format == ShowFormat.json:
        sys.stdout.write(render.to_json(data))
    elif format == ShowFormat.markdown:
        sys.stdout.write(show_markdown(data))
    else:
        show_rich(data)


STYLES = {"date": "bold cyan", "actor": "bold magenta", "place": "bold green", "figure": "bold red"}
Line = list[tuple[str, str | None]]  # (text, highlight kind or None)


def _figure(f: dict[str, Any]) -> str:
    count = f["count"] if f["count"] is not None else f["low"]
    qualifier = "" if f["qualifier"] == "exact" else f" ({f['qualifier'].replace('_', ' ')})"
    return f"{f['kind']} {count}{qualifier}, victims: {f['victims']}"


def show_lines(data: dict[str, Any]) -> list[Line]:
    """The event as lines of (text, kind) pieces; kind marks date, actor, place and figure words."""
    row = render.event_row(data)
    head = f"Event {data['id']}: "
    kind = (row["type"] or "event") + (" · statistic over a period" if data["aggregate"] else "")
    lines: list[Line] = [
        [(head, None), (row["date"], "date"), (f" · {kind} · ", None), (row["place"] or "no place", "place")],
        [("Summary: " + (data["summary"] or ""), None)],
        [("Actors: ", None), *_joined([(f"{a['name']} ({a['role']})", "actor") for a in data["actors"]])],
        [("Casualties: ", None), *_joined([(_figure(c), "figure") for c in data["casualties"]])],
        [(f"Confidence: {data['confidence']:.2f}", None)],
    ]
    for n, ev in enumerate(data["evidence"], 1):
        reading = ev["date"]
        shown = render.show_date(reading["start"], reading["end"], reading["precision"])
        own = [f for f in ev["figures"] if not f["part_of"]]
        lines += [
            [],
            [(f"Source {n} of {len(data['evidence'])}: {ev['title'] or ev['document']}", None)],
            [(f"  {ev['publisher'] or 'unknown publisher'} · published {ev['published'] or 'unknown'} · "
              f"{ev['document']}", None)],
            [(f"  {ev['url'] or 'no URL'}", None)],
            [("  Date as this source reads it: ", None), (shown, "date")]
            + ([(f" (\"{reading['text']}\")", None)] if reading["text"] else []),
            [("  Its figures: ", None), *_joined([(f"{_figure(f)} \"{f['text']}\"", "figure") for f in own])],
        ]
        lines += [[("  > ", None), *((g["text"], g["kind"]) for g in q["segments"])] for q in ev["quotes"]]
    lines += [[], [("Merges:" + (" none" if not data["merges"] else ""), None)]]
    for m in data["merges"]:
        details = ", ".join(f"{k} {v}" for k, v in sorted(m["details"].items()))
        lines.append([(f"  {m['source']} joined by rule {m['rule']}, score {m['score']:.2f}"
                       + (f" ({details})" if details else ""), None)])
    return lines


def _joined(pieces: list[tuple[str, str | None]]) -> Line:
    if not pieces:
        return [("none", None)]
    out: Line = []
    for i, piece in enumerate(pieces):
        out += ([("; ", None)] if i else []) + [piece]
    return out


def show_rich(data: dict[str, Any]) -> None:
    """The event to stdout with Rich styles on the highlighted words (plain when piped)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in show_lines(data):
        console.print(Text.assemble(*((t, STYLES[k]) if k else t for t, k in line)))


def show_markdown(data: dict[str, Any]) -> str:
    """The event as Markdown, highlighted words in bold."""
    def piece(text: str, kind: str | None) -> str:
        safe = text.replace("*", "\\*").replace("\n", " ")
        return f"**{safe}**" if kind and safe.strip() else safe

    lines = ("".join(piece(t, k) for t, k in line) + ("  " if line else "") for line in show_lines(data))
    return "\n".join(lines) + "\n"


# --- chart --------------------------------------------------------------------------


@app.command()
def chart(
    output: Annotated[Path, typer.Option("--output", "-o", help="The picture: FILE.svg or FILE.png.")],
    title: Annotated[str, typer.Option("--title", help="Title over the chart.")] = "Events and deaths",
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    min_killed: MinKilledOpt = None,
    source: SourceOpt = None,
    aggregates: AggOpt = True,
    limit: LimitOpt = None,
) -> None:
    """Draw events over time by actor, with deaths per year or month as bars (needs the chart extra).

    Example: timeline chart --actor CJNG --output cjng.svg
    """
    from timeline import chart as charting
    from timeline.reports import using
    from timeline.reports_casualties import chart_series

    charting.check_output(output)
    filters = _filters(actor, place, date_from, date_to, type_, min_killed, source, aggregates, limit)
    drawn = charting.draw_chart(using(_engine(), chart_series, filters), output, title)
    err.print(
        f"Wrote {output}: {drawn['events']} events, {drawn['in_bars']} in the bars, "
        f"{drawn['left_out']} dated too widely for a bar, {drawn['statistics']} statistics",
        markup=False,
    )

"""The command line: parse, call one library function, render.

No queries here. Library errors (``TimelineError``) become one line on stderr,
``Error: <what> (<how to fix>)``, and exit code 1. Stdout is data; stderr is talk.
Heavy modules (SQLAlchemy, Rich, the extraction stack, dateparser) are
imported inside the commands that need them, so ``timeline chronology`` starts
fast: a read command never loads the extraction stack or Alembic
(tests/test_cli_startup.py), and Rich only when it prints a table or talks.
"""

from __future__ import annotations

import atexit
import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from timeline.errors import TimelineError

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

app = typer.Typer(
    name="timeline",
    help="An event-timeline database of organized violence, built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Create, migrate and inspect the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


class Stderr:
    """Rich's console on stderr, made on first use: importing Rich is ~10% of a JSON query's time."""

    _console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    def print(self, *objects: Any, **options: Any) -> None:
        self.console.print(*objects, **options)


err = Stderr()


class State:
    """The command's options and the engines it opened (disposed when it ends, see _finished)."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.engines: list[Engine] = []

    def close(self) -> None:
        while self.engines:
            self.engines.pop().dispose()


state = State()


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    geojson = "geojson"
    timelinejs = "timelinejs"


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (default: $TIMELINE_DATABASE_URL, else sqlite:///timeline.db).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """An event-timeline database of organized violence, built from news articles."""
    state.url = db
    ctx.call_on_close(_finished)


def _engine(create: bool = True) -> Engine:
    """The chosen database, its schema checked (see ``db.ensure_schema``).

    Commands call this once they have imported what they need: start-up ends here (see main).
    """
    from timeline.db import open_database

    _started()
    return _opened(open_database(state.url, create=create))


def _started() -> None:
    """Keep what start-up loaded out of every later collection, and collect again from here on."""
    gc.freeze()
    gc.enable()


def _finished() -> None:
    """The command is over: its engines are disposed (no connection is left for a collector
    to close), and the collector gets back what ``_started`` froze."""
    state.close()
    gc.unfreeze()


def _opened(engine: Engine) -> Engine:
    state.engines.append(engine)
    return engine


# --- db -------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Migrate the database up to REVISION (default: the newest).

    Example: timeline db upgrade
    """
    from timeline import db

    engine = _opened(db.make_engine(db.resolve_url(state.url)))
    db.upgrade(engine, revision)
    err.print(f"Database {db.mask_url(engine.url)} at revision {db.current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. base.")]) -> None:
    """Migrate the database down to REVISION ('base' removes every table).

    Example: timeline db downgrade base
    """
    from timeline import db

    engine = _opened(db.make_engine(db.resolve_url(state.url)))
    db.downgrade(engine, revision)
    err.print(f"Database {db.mask_url(engine.url)} at revision {db.current_revision(engine) or 'base'}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision and the one this code expects.

    Example: timeline db current
    """
    from timeline import db

    engine = _opened(db.make_engine(db.resolve_url(state.url)))
    current = db.current_revision(engine) or "base"
    head = db.head_revision()
    typer.echo(f"{current} (code expects {head})")


def main() -> None:
    """Console entry point: run the app, turning library errors into one line.

    Start-up (Typer, SQLAlchemy, the tables) makes a few hundred thousand objects that
    live until exit. The garbage collector went over them again and again while they
    were made, and once more at exit, finding nothing: a quarter of a query's CPU time.
    So it is off during start-up, they are frozen out of its reach when the command
    opens its database (``_started``), and at exit (``gc.freeze``, registered below).
    An in-process caller (the tests) gets its collector back as it was (``_finished``).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        app()
    except TimelineError as exc:
        err.print(f"Error: {exc}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    finally:
        if collecting:
            gc.enable()
        else:
            gc.disable()


atexit.register(gc.freeze)


def _path_arg(value: str) -> str:
    return value if value == "-" else str(Path(value))


# --- ingest and export -----------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursively); '-' reads stdin.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date of a single file: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language of the documents: en or es.")] = None,
    jobs: Annotated[int, typer.Option(min=1, max=64, help="Extraction worker processes.")] = 1,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest document to read, in bytes.")
    ] = 20_000_000,
) -> None:
    """Extract dated, sourced events from articles and store them.

    Example: timeline ingest seeds/corpus
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from timeline.ingest import ingest_paths

    engine = _engine()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err.console,
        transient=True,
        disable=not err.console.is_terminal,
    ) as bar:
        task = bar.add_task("Ingesting", total=None)

        def progress(path: str, status: str) -> None:
            bar.advance(task)
            if status == "failed":
                return

        report = ingest_paths(
            engine,
            [_path_arg(p) for p in paths],
            published=published,
            language=language,
            jobs=jobs,
            progress=progress,
            max_bytes=max_bytes,
        )
    for _path, message in report.failures:
        err.print(f"Error: {message}", markup=False)
    err.print(
        f"{report.documents} documents: {report.added} added, {report.replaced} replaced, "
        f"{report.skipped} already ingested, {len(report.failures)} failed; "
        f"{report.events_new} new events, {report.events_merged} merged into events from other sources",
        markup=False,
    )
    if not report.ok:
        raise typer.Exit(1)


def _filters(actor, place, date_from, date_to, type_, min_killed, source, aggregates, limit):  # type: ignore[no-untyped-def]
    from timeline.dateparse import parse_bound
    from timeline.query import Filters

    return Filters(
        actor=actor,
        place=place,
        date_from=parse_bound(date_from, start=True, option="--from") if date_from else None,
        date_to=parse_bound(date_to, start=False, option="--to") if date_to else None,
        type=type_,
        min_killed=min_killed,
        source=source,
        aggregates=aggregates,
        limit=limit,
    )


ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="An actor by any alias (includes its leaders and factions).")
]
PlaceOpt = Annotated[
    str | None, typer.Option("--place", help="A place by name (includes the places inside it).")
]
FromOpt = Annotated[str | None, typer.Option("--from", help="Start: YYYY, YYYY-MM or YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="End: YYYY, YYYY-MM or YYYY-MM-DD.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="Event type or sub-event type, e.g. battles.")]
MinKilledOpt = Annotated[
    int | None, typer.Option("--min-killed", min=0, help="Only events with at least N killed.")
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Only events reported by this document, publisher or URL.")
]
AggOpt = Annotated[
    bool, typer.Option("--aggregates/--no-aggregates", help="Include statistics over periods.")
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="At most N events.")]


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
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
    """Export events: the JSON interchange contract, ACLED-like CSV, GeoJSON or TimelineJS.

    Example: timeline export --format json --output events.json
    """
    from timeline import exports

    filters = _filters(actor, place, date_from, date_to, type_, min_killed, source, aggregates, limit)
    engine = _engine()
    text = exports.render_export(engine, str(format), filters)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}")


@app.command()
def chronology(
    actor: ActorOpt = None,
    place: PlaceOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    type_: TypeOpt = None,
    min_killed: MinKilledOpt = None,
    source: SourceOpt = None,
    aggregates: AggOpt = True,
    limit: LimitOpt = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Events in date order, with date precision, place, actors, figures and sources.

    Example: timeline chronology --actor CJNG --from 2015 --to 2026
    """
    from timeline import exports

    filters = _filters(actor, place, date_from, date_to, type_, min_killed, source, aggregates, limit)
    engine = _engine()
    exports.print_chronology(engine, filters, str(format), title=_title(actor, place, date_from, date_to))


def _title(actor, place, date_from, date_to) -> str:  # type: ignore[no-untyped-def]
    parts = ["Chronology"]
    if actor:
        parts.append(f"of {actor}")
    if place:
        parts.append(f"in {place}")
    if date_from or date_to:
        parts.append(f"{date_from or '…'}–{date_to or '…'}")
    return " ".join(parts)


@app.command()
def unmerge(
    event_id: Annotated[int, typer.Argument(help="The merged event's id (see 'timeline show').")],
    document: Annotated[str, typer.Argument(help="The merged document's file name (see 'timeline show').")],
) -> None:
    """Undo a cross-source merge: move one document's reading back out into an event of its own.

    Example: timeline unmerge 12 002_14da6188491f1644.txt
    """
    from timeline.db import transaction
    from timeline.merges import unmerge as undo

    with transaction(_engine()) as session:
        new_id = undo(session, event_id, document)
    err.print(f"Moved {document} out of event {event_id} into new event {new_id}")
    typer.echo(new_id)


# The reporting commands live in their own module; importing it registers them.
from timeline import cli_reports  # noqa: E402,F401

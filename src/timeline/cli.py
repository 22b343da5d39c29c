"""The command line: parse, call one library function, render.

No queries here. Library errors (``TimelineError``) become one line on stderr,
``Error: <what> (<how to fix>)``, and exit code 1. Stdout is data; stderr is talk.
Heavy modules (the extraction stack, dateparser) are imported inside the
commands that need them, so ``timeline chronology`` starts fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from timeline.errors import TimelineError

app = typer.Typer(
    name="timeline",
    help="An event-timeline database of organized violence, built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Create, migrate and inspect the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

err = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    url: str | None = None


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


def _engine(create: bool = True):  # type: ignore[no-untyped-def]
    from timeline.db import open_database

    return open_database(state.url, create=create)


# --- db -------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Migrate the database up to REVISION (default: the newest).

    Example: timeline db upgrade
    """
    from timeline import db

    engine = db.make_engine(db.resolve_url(state.url))
    db.upgrade(engine, revision)
    err.print(f"Database {db.mask_url(engine.url)} at revision {db.current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. base.")]) -> None:
    """Migrate the database down to REVISION ('base' removes every table).

    Example: timeline db downgrade base
    """
    from timeline import db

    engine = db.make_engine(db.resolve_url(state.url))
    db.downgrade(engine, revision)
    err.print(f"Database {db.mask_url(engine.url)} at revision {db.current_revision(engine) or 'base'}")


@db_app.command("current")
def db_current() -> None:
    """Print the database's schema revision and the one this code expects.

    Example: timeline db current
    """
    from timeline import db

    engine = db.make_engine(db.resolve_url(state.url))
    current = db.current_revision(engine) or "base"
    head = db.head_revision()
    typer.echo(f"{current} (code expects {head})")


def main() -> None:
    """Console entry point: run the app, turning library errors into one line."""
    try:
        app(standalone_mode=False)
    except TimelineError as exc:
        err.print(f"Error: {exc}", markup=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # click usage errors carry their own exit codes
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


def _path_arg(value: str) -> str:
    return value if value == "-" else str(Path(value))

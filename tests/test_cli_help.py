"""Every command (and every ``db`` sub-command) has help text with an example, and README.md shows it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from tests.conftest import ROOT
from timeline.cli import app


def commands(group: Any = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(full name, click command) for every leaf command, e.g. ('db upgrade', ...)."""
    group = group if group is not None else typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if hasattr(command, "commands"):
            yield from commands(command, f"{full} ")
        else:
            yield full, command


COMMANDS = dict(commands())


def test_the_reporting_commands_are_registered() -> None:
    assert {"show", "casualties", "actors", "places", "sources", "stats", "chart"} <= set(COMMANDS)
    assert {"db upgrade", "db downgrade", "db current"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_and_an_example(name: str) -> None:
    text = COMMANDS[name].help or ""
    summary = text.strip().splitlines()[0] if text.strip() else ""
    assert len(summary) > 15, f"'timeline {name}' has no help text"
    assert re.search(rf"^\s*Example: timeline {re.escape(name)}\b", text, re.MULTILINE), (
        f"'timeline {name}' help has no 'Example: timeline {name} ...' line"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_readme_shows_every_command(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\s*(\$ )?timeline( --db \S+)? {re.escape(name)}\b", readme, re.MULTILINE), (
        f"README.md has no example line 'timeline {name} ...'"
    )

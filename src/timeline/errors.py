"""The project's one exception tree.

The library raises these; the CLI converts them, in one place, to
``Error: <what> (<how to fix>)`` on stderr and exit code 1.  ``str()`` of an
error is one line that names the object at fault and the fix.
"""

from __future__ import annotations


class TimelineError(Exception):
    """Base; str() is a one-line message naming the object and the fix."""


class InputError(TimelineError):
    """A bad document, manifest or argument value."""


class DatabaseError(TimelineError):
    """The database cannot be used as asked."""


class SchemaOutdatedError(DatabaseError):
    """The database schema is behind (or ahead of) the code."""

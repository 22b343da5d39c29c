"""date width classes on events, the end date on the timeline index, quote words

``events.date_width`` classes each event's span (at most 7, 31 or 366 days, or
longer) and ``ix_events_width_date`` indexes it before the dates, so that the
events overlapping an interval are a few bounded index ranges instead of a scan
of every earlier event (cross-source matching, date windows).

``event_actors.date_end`` copies the event's end date into the timeline index,
so that the events of one actor that share a start date (every year-precision
event starts on 1 January) come out in chronology order without a lookup in
``events``.

``event_sources.quote_words`` keeps each quote's content words, which cross-source
matching compares, so they are not recomputed from the source text for every
candidate (left NULL for existing rows: computed when read).

``event_sources.event_undated`` copies "the event has no date" onto its links, and
``ix_event_sources_source`` becomes ``(source_id, event_undated, event_id)``: the
undated events reported near a publication are read from the sources published then
without looking up every event those sources report.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported from timeline.models, so this revision never changes once landed.
WIDTH_DAYS = (7, 31, 366)


def _span_days(dialect: str) -> str:
    if dialect == "postgresql":
        return "(date_end - date_start)"
    return "(julianday(date_end) - julianday(date_start))"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # Plain ADD COLUMN and CREATE INDEX: no batch rebuild, so the views on these tables stay.
    op.add_column("events", sa.Column("date_width", sa.SmallInteger(), nullable=True))
    span = _span_days(dialect)
    cases = " ".join(f"WHEN {span} <= {days} THEN {w}" for w, days in enumerate(WIDTH_DAYS))
    op.execute(
        f"UPDATE events SET date_width = CASE WHEN date_start IS NULL OR date_end IS NULL THEN NULL "
        f"{cases} ELSE {len(WIDTH_DAYS)} END"
    )
    op.create_index(
        "ix_events_width_date", "events", ["date_width", "date_start", "date_end", "location_id"], unique=False
    )

    op.add_column("event_actors", sa.Column("date_end", sa.Date(), nullable=True))
    op.execute(
        "UPDATE event_actors SET date_end = (SELECT e.date_end FROM events e WHERE e.id = event_actors.event_id)"
    )
    op.drop_index("ix_event_actors_actor_date", table_name="event_actors")
    op.create_index(
        "ix_event_actors_actor_date",
        "event_actors",
        ["actor_id", "date_start", "date_end", "event_id"],
        unique=False,
    )


    op.add_column("event_sources", sa.Column("quote_words", sa.Text(), nullable=True))
    op.add_column(
        "event_sources",
        sa.Column("event_undated", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(
        "UPDATE event_sources SET event_undated = "
        "(SELECT e.date_start IS NULL FROM events e WHERE e.id = event_sources.event_id)"
    )
    op.drop_index("ix_event_sources_source", table_name="event_sources")
    op.create_index(
        "ix_event_sources_source", "event_sources", ["source_id", "event_undated", "event_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_event_sources_source", table_name="event_sources")
    op.create_index("ix_event_sources_source", "event_sources", ["source_id"], unique=False)
    op.drop_column("event_sources", "event_undated")
    op.drop_column("event_sources", "quote_words")
    op.drop_index("ix_event_actors_actor_date", table_name="event_actors")
    op.create_index(
        "ix_event_actors_actor_date", "event_actors", ["actor_id", "date_start", "event_id"], unique=False
    )
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would break the views on these tables.
    op.drop_column("event_actors", "date_end")
    op.drop_index("ix_events_width_date", table_name="events")
    op.drop_column("events", "date_width")

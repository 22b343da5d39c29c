"""place-first candidate indexes, events.reported_on

Cross-source matching now reads the events of the places a reading admits, not every
event of its dates (whose number grows with the corpus's density, at every place):

- ``ix_events_place_date (location_id, date_width, date_start, date_end)``: one place's
  events overlapping a date, one bounded range per width class. It replaces the
  single-column ``ix_events_location_id``, whose lookups it serves too.
- ``events.reported_on``: when the news first reported the event (the earliest
  publication date among its sources), and ``ix_events_place_reported (location_id,
  reported_on, date_width)``: one place's events first reported near a publication date
  (an undated reading's candidates; with ``date_width IS NULL``, the undated ones).

``event_sources.event_undated`` (0002), which the previous search read, goes, and
``ix_event_sources_source`` is ``(source_id)`` again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN and CREATE INDEX: no batch rebuild, so the views on these tables stay.
    op.add_column("events", sa.Column("reported_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE events SET reported_on = (SELECT min(s.published_start) FROM event_sources es "
        "JOIN sources s ON s.id = es.source_id WHERE es.event_id = events.id)"
    )
    op.drop_index("ix_events_location_id", table_name="events")
    op.create_index(
        "ix_events_place_date", "events", ["location_id", "date_width", "date_start", "date_end"], unique=False
    )
    op.create_index(
        "ix_events_place_reported", "events", ["location_id", "reported_on", "date_width"], unique=False
    )
    op.drop_index("ix_event_sources_source", table_name="event_sources")
    op.drop_column("event_sources", "event_undated")
    op.create_index("ix_event_sources_source", "event_sources", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_sources_source", table_name="event_sources")
    op.add_column(
        "event_sources",
        sa.Column("event_undated", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(
        "UPDATE event_sources SET event_undated = "
        "(SELECT e.date_start IS NULL FROM events e WHERE e.id = event_sources.event_id)"
    )
    op.create_index(
        "ix_event_sources_source", "event_sources", ["source_id", "event_undated", "event_id"], unique=False
    )
    op.drop_index("ix_events_place_reported", table_name="events")
    op.drop_index("ix_events_place_date", table_name="events")
    op.create_index("ix_events_location_id", "events", ["location_id"], unique=False)
    op.drop_column("events", "reported_on")

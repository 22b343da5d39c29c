"""events.region_id, reported_on and quote_words, region-first candidate indexes

Cross-source matching now reads the events of the region a reading's places lie in, not
every event of its dates (whose number grows with the corpus's density, at every place):

- ``events.region_id``: the region of the event's place, its first-level division (a
  state; a place directly under a country is its own region) or, for a country, the
  country itself. Places are never deleted, so it is derived from ``location_id`` alone.
- ``events.reported_on``: when the news first reported the event (the earliest
  publication date among its sources).
- ``events.quote_words``: the content words of all its quotes, which matching compares,
  read as one row instead of one per quote (an event reported by a hundred articles has
  hundreds). NULL where a quote has no stored words (computed when read).
- ``ix_events_region_date (region_id, date_width, date_start, date_end, location_id)``:
  a region's events overlapping a date, one bounded range per width class, the place
  tested in the index;
- ``ix_events_region_reported (region_id, reported_on, date_width, location_id)``: a
  region's events first reported near a publication date (with ``date_width IS NULL``,
  the undated ones).

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

# The region of a place: the ancestor just below the top of its tree (its state), or the
# place itself when it is the top or just below it. The reference tree is at most three
# deep (country > state > town); a deeper place takes its great-grandparent (the store
# keeps the exact rule for new rows).
REGION = (
    "(SELECT CASE WHEN p.id IS NULL OR g.id IS NULL THEN l.id WHEN gg.id IS NULL THEN p.id ELSE g.id END "
    "FROM locations l LEFT JOIN locations p ON p.id = l.parent_id "
    "LEFT JOIN locations g ON g.id = p.parent_id LEFT JOIN locations gg ON gg.id = g.parent_id "
    "WHERE l.id = events.location_id)"
)


def upgrade() -> None:
    # Plain ADD/DROP COLUMN and CREATE INDEX: no batch rebuild, so the views on these tables stay.
    op.add_column("events", sa.Column("region_id", sa.Integer(), nullable=True))
    op.add_column("events", sa.Column("reported_on", sa.Date(), nullable=True))
    op.add_column("events", sa.Column("quote_words", sa.Text(), nullable=True))
    joined = (
        "string_agg(es.quote_words, ' ')"
        if op.get_bind().dialect.name == "postgresql"
        else "group_concat(es.quote_words, ' ')"
    )
    op.execute(
        f"UPDATE events SET region_id = {REGION}, reported_on = (SELECT min(s.published_start) "
        "FROM event_sources es JOIN sources s ON s.id = es.source_id WHERE es.event_id = events.id), "
        f"quote_words = (SELECT CASE WHEN count(es.quote_words) = count(*) THEN {joined} END "
        "FROM event_sources es WHERE es.event_id = events.id)"
    )
    op.create_index(
        "ix_events_region_date",
        "events",
        ["region_id", "date_width", "date_start", "date_end", "location_id"],
        unique=False,
    )
    op.create_index(
        "ix_events_region_reported",
        "events",
        ["region_id", "reported_on", "date_width", "location_id"],
        unique=False,
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
    op.drop_index("ix_events_region_reported", table_name="events")
    op.drop_index("ix_events_region_date", table_name="events")
    op.drop_column("events", "quote_words")
    op.drop_column("events", "reported_on")
    op.drop_column("events", "region_id")

"""Index only the figures that are part of another: the totals' reads stop using it

Schema 0005 indexed ``casualty_figures.part_of_id`` so that deleting a figure finds its
parts by index. Every total (nearly every figure) has a NULL there, and both databases
took ``part_of_id IS NULL`` for a selective test: SQLite read the figures of a page of
events through that index, every figure in the table (163 ms a page of 50 events of a
1,000,000-event database, 5 ms before 0005), and PostgreSQL, before its statistics,
ANDed it into its plans. The index now holds only the parts, which is all a deletion looks
up (``part_of_id = ?`` implies NOT NULL on both), and no NULL test can use it.

- ``ix_casualty_figures_part_of (part_of_id) WHERE part_of_id IS NOT NULL``

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTS = sa.text("part_of_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_casualty_figures_part_of", table_name="casualty_figures")
    op.create_index(
        "ix_casualty_figures_part_of", "casualty_figures", ["part_of_id"], unique=False,
        sqlite_where=PARTS, postgresql_where=PARTS,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_casualty_figures_part_of", table_name="casualty_figures")
    op.create_index("ix_casualty_figures_part_of", "casualty_figures", ["part_of_id"], unique=False)

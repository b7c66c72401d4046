"""Anonymous figures: counters per centre, UTC hour, dimension and value (desk/figures/).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centre", sa.String(32), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False),
        sa.Column("dimension", sa.String(32), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("centre", "hour", "dimension", "value", name="uq_figure_counts_cell"),
    )
    op.create_index("ix_figure_counts_hour", "figure_counts", ["hour"])


def downgrade() -> None:
    op.drop_index("ix_figure_counts_hour", table_name="figure_counts")
    op.drop_table("figure_counts")

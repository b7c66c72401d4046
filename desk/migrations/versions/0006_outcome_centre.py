"""Outcome figures belong to a centre, so that each centre's wait estimates read its own handling times.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Rows kept before this revision have no centre (null) and no longer count for any estimate; their time is
cut to the hour, as every figure's is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outcome_figures") as table:
        table.add_column(sa.Column("centre", sa.String(32), nullable=True))
        table.create_index("ix_outcome_figures_centre", ["centre"])
    figures = sa.table("outcome_figures", sa.column("id", sa.Integer), sa.column("closed_at", sa.DateTime))
    bind = op.get_bind()
    for row_id, closed_at in bind.execute(sa.select(figures.c.id, figures.c.closed_at)).all():
        hour = closed_at.replace(minute=0, second=0, microsecond=0)
        if hour != closed_at:
            bind.execute(sa.update(figures).where(figures.c.id == row_id).values(closed_at=hour))


def downgrade() -> None:
    with op.batch_alter_table("outcome_figures") as table:
        table.drop_index("ix_outcome_figures_centre")
        table.drop_column("centre")

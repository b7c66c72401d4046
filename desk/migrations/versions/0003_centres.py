"""One deployment serves several centres: each counsellor and each ticket belongs to one.

Rows that exist before this revision belong to the demo centre, the only one there was.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("counsellors", "tickets"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("centre", sa.String(32), nullable=False, server_default="rivemont"))
            batch.create_index(f"ix_{table}_centre", ["centre"])


def downgrade() -> None:
    for table in ("counsellors", "tickets"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_centre")
            batch.drop_column("centre")

"""A handoff is idempotent per conversation: an open ticket holds a hash of its conversation's id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("open_key", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_tickets_open_key", ["open_key"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("uq_tickets_open_key", type_="unique")
        batch.drop_column("open_key")

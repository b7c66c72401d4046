"""Knowledge gaps: questions the assistant could not answer, grouped by meaning, and the drafts that close them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gap_groups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centre", sa.String(32), nullable=False, index=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("centroid", sa.LargeBinary, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("refused", sa.Integer, nullable=False),
        sa.Column("first_hour", sa.DateTime, nullable=False),
        sa.Column("last_hour", sa.DateTime, nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "gap_examples",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "group_id", sa.Integer, sa.ForeignKey("gap_groups.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("hour", sa.DateTime, nullable=False, index=True),
    )
    op.create_table(
        "gap_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("centre", sa.String(32), nullable=False, index=True),
        sa.Column("group_id", sa.Integer, sa.ForeignKey("gap_groups.id", ondelete="SET NULL"), nullable=True),
        sa.Column("ticket_code", sa.String(12), nullable=True),
        sa.Column("resource_id", sa.String(120), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("topics", sa.String(400), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("audience", sa.String(400), nullable=False),
        sa.Column("where", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("published_file", sa.String(300), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("gap_drafts")
    op.drop_table("gap_examples")
    op.drop_table("gap_groups")

"""The desk's first schema: counsellors, sessions, tickets and messages, audit log, outcome figures.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counsellors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("areas", sa.String(255), nullable=False, server_default=""),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("counsellor_id", sa.Integer, sa.ForeignKey("counsellors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_web_sessions_counsellor_id", "web_sessions", ["counsellor_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("open_code", sa.String(12), nullable=True, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("area", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("resources", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("desk", sa.String(16), nullable=True),
        sa.Column("counsellor_id", sa.Integer, sa.ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("claimed_at", sa.DateTime, nullable=True),
        sa.Column("called_at", sa.DateTime, nullable=True),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("unclaimed_expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_tickets_code", "tickets", ["code"])
    op.create_index("ix_tickets_area", "tickets", ["area"])
    op.create_index("ix_tickets_status", "tickets", ["status"])
    op.create_index("ix_tickets_unclaimed_expires_at", "tickets", ["unclaimed_expires_at"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("who", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("live", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_messages_ticket_id", "messages", ["ticket_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("counsellor_id", sa.Integer, sa.ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("ticket_code", sa.String(12), nullable=True),
        sa.Column("detail", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "outcome_figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("closed_at", sa.DateTime, nullable=False),
        sa.Column("area", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("handling_seconds", sa.Integer, nullable=True),
    )
    op.create_index("ix_outcome_figures_closed_at", "outcome_figures", ["closed_at"])
    op.create_index("ix_outcome_figures_area", "outcome_figures", ["area"])


def downgrade() -> None:
    for table in ("outcome_figures", "audit_log", "messages", "tickets", "web_sessions", "counsellors"):
        op.drop_table(table)

"""Retention: tickets and their transcripts are deleted a set time after closing, or, when nobody ever
claimed them, at the end of the opening day the visitor was told to come (`wait.unclaimed_expiry`).
A ticket claimed but never closed is closed after a set time (a counsellor forgot it), then purged like
any closed ticket. Knowledge gaps (redacted questions grouped by meaning, and the drafts that close
them) are forgotten after their own retention period (`desk.gaps.purge`). Only the anonymous outcome
figures, the audit log (which holds no visitor content) and the anonymous counters of figures (deleted
after their own, longer time) remain. Run by `cdm desk purge` and on a schedule inside the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select

from desk import auth, gaps, queue
from desk.db import Database
from desk.figures import store as figures
from desk.models import Message, Ticket


@dataclass(frozen=True)
class AutoClosed:
    """A ticket the purge closed: the service tells its live chat and lifts the bot's pause."""

    code: str
    mode: str
    conversation_id: str


@dataclass(frozen=True)
class Purged:
    closed: int
    unclaimed: int
    sessions: int
    auto_closed: list[AutoClosed] = field(default_factory=list)
    gaps: gaps.GapsPurged | None = None


def purge(
    database: Database,
    ctx: queue.Context,
    keep_closed: dt.timedelta,
    keep_claimed: dt.timedelta,
    keep_figures: dt.timedelta,
    keep_gaps: dt.timedelta | None = None,
) -> Purged:
    """Close what was claimed too long ago, then delete what is past its time, in one transaction."""
    now = ctx.now
    with database.transaction() as session:
        abandoned = queue.close_abandoned(session, now - keep_claimed, ctx)
        auto_closed = [AutoClosed(ticket.code, ticket.mode, ticket.conversation_id) for ticket in abandoned]
        session.flush()
        closed_ids = select(Ticket.id).where(Ticket.status == "closed", Ticket.closed_at <= now - keep_closed)
        unclaimed_ids = select(Ticket.id).where(
            Ticket.status != "closed", Ticket.claimed_at.is_(None), Ticket.unclaimed_expires_at <= now
        )
        closed = len(session.scalars(closed_ids).all())
        unclaimed = len(session.scalars(unclaimed_ids).all())
        doomed = or_(Ticket.id.in_(closed_ids), Ticket.id.in_(unclaimed_ids))
        session.execute(delete(Message).where(Message.ticket_id.in_(select(Ticket.id).where(doomed))))
        session.execute(delete(Ticket).where(doomed))
        sessions = auth.purge_sessions(session, now)
        figures.purge(session, now - keep_figures)
        forgotten = gaps.purge(session, now, keep_gaps) if keep_gaps is not None else None
    return Purged(closed, unclaimed, sessions, auto_closed, forgotten)

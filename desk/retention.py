"""Retention: tickets and their transcripts are deleted a set time after closing, or, when nobody ever
claimed them, at the end of the next opening day. Only the anonymous outcome figures and the audit log
(which holds no visitor content) remain. Run by `cdm desk purge` and on a schedule inside the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select

from desk import auth
from desk.db import Database
from desk.models import Message, Ticket


@dataclass(frozen=True)
class Purged:
    closed: int
    unclaimed: int
    sessions: int


def purge(database: Database, now: dt.datetime, keep_closed: dt.timedelta) -> Purged:
    """Delete what is past its time, in one transaction; returns how many of each went."""
    with database.transaction() as session:
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
    return Purged(closed, unclaimed, sessions)

"""The queue: creating tickets, their place in line and wait, and what counsellors do with them.

Plain functions over a SQLAlchemy session, so they are tested directly and the web layer stays thin.
Visitor text is redacted here, on receipt, whatever the caller claims to have done: the desk never
trusts the action server or the browser to have removed personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import privacy
from common.centres import default_centre
from common.figures import HANDLING_BUCKETS, WAIT_BUCKETS, bucket
from common.site import Site, site_of
from desk import codes, wait
from desk.centres import may_see
from desk.db import Database
from desk.figures import store as figures
from desk.models import OPEN_STATUSES, OUTCOMES, AuditEntry, Counsellor, Message, OutcomeFigure, Ticket, WebSession

CODE_ATTEMPTS = 50  # fresh codes tried before giving up (only plausible with a nearly full code space)


class QueueError(Exception):
    """A request the queue refuses; `status` is the HTTP status the web layer answers with."""

    status = 400


class NotFound(QueueError):
    status = 404


class Conflict(QueueError):
    status = 409


class Forbidden(QueueError):
    status = 403


@dataclass(frozen=True)
class Context:
    """What the queue functions need besides the database: the centre and the clock's reading."""

    site: Site
    now: dt.datetime
    code_length: int = 4
    default_handling_minutes: int = 15
    online_window: dt.timedelta = dt.timedelta(seconds=60)
    centre: str = field(default_factory=default_centre)

    def for_centre(self, centre: str) -> Context:
        """The same reading for another centre (its hours, its areas): a ticket's wait is its centre's."""
        return self if centre == self.centre else replace(self, centre=centre, site=site_of(centre))


@dataclass(frozen=True)
class NewTicket:
    conversation_id: str
    area: str
    topic: str
    language: str
    channel: str
    urgent: bool
    mode: str
    summary: str
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (who, text)
    resources: list[str] = field(default_factory=list)
    centre: str = field(default_factory=default_centre)  # a resolved id (common/centres.py)


@dataclass(frozen=True)
class Created:
    code: str
    token: str
    area: str
    where: str
    wait_minutes: int
    position: int
    mode: str
    opening: wait.Opening


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def conversation_key(conversation_id: str) -> str:
    """What identifies a conversation's open ticket: a hash, so the key column holds no sender id."""
    return hashlib.sha256(f"cdm-handoff:{conversation_id}".encode()).hexdigest()


def create_ticket(database: Database, request: NewTicket, ctx: Context) -> Created:
    """Store a ticket under a fresh code and return what the visitor needs. Returns only after commit.

    Idempotent per conversation: while the conversation has an open ticket, a second request (the
    action server retrying after a time-out) gets that ticket back, with a fresh secret token since the
    first answer never reached the visitor, rather than a duplicate in the queue."""
    ctx = ctx.for_centre(request.centre)
    summary = privacy.redact(request.summary)
    transcript = [(who, privacy.redact(text)) for who, text in request.transcript]
    key = conversation_key(request.conversation_id)
    for _attempt in range(CODE_ATTEMPTS):
        replayed = _replay(database, key, request.language, ctx)
        if replayed is not None:
            return replayed
        code = codes.new_code(ctx.code_length)
        token = codes.new_token()
        try:
            with database.transaction() as session:
                ticket = Ticket(
                    code=code,
                    open_code=code,
                    open_key=key,
                    token_hash=hash_token(token),
                    conversation_id=request.conversation_id,
                    centre=request.centre,
                    area=request.area,
                    topic=request.topic,
                    language=request.language,
                    channel=request.channel,
                    mode=request.mode,
                    urgent=request.urgent,
                    summary=summary,
                    resources=",".join(request.resources),
                    status="waiting",
                    created_at=ctx.now,
                    unclaimed_expires_at=ctx.now,  # set below, once the wait is known
                )
                ticket.messages = [Message(who=who, text=text, live=False, at=ctx.now) for who, text in transcript]
                session.add(ticket)
                session.flush()
                figures.count(session, ticket.centre, [("handoff_area", ticket.area)], ctx.now)
                created = _created(session, ticket, token, request.language, ctx)
                ticket.unclaimed_expires_at = wait.unclaimed_expiry(ctx.site, ctx.now, created.wait_minutes)
        except IntegrityError:
            continue  # the code is held by another open ticket (draw again), or the conversation's is new
        return created
    raise Conflict("no free ticket code found; close or purge old tickets")


def _replay(database: Database, key: str, language: str, ctx: Context) -> Created | None:
    """The conversation's open ticket with a new secret token, or None when it has none."""
    with database.transaction() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.open_key == key))
        if ticket is None:
            return None
        token = codes.new_token()
        ticket.token_hash = hash_token(token)
        return _created(session, ticket, token, language, ctx)


def _created(session: Session, ticket: Ticket, token: str, language: str, ctx: Context) -> Created:
    position = position_of(session, ticket)
    return Created(
        code=ticket.code,
        token=token,
        area=ticket.area,
        where=ctx.site.text(ctx.site.areas[ticket.area], language),
        wait_minutes=estimate_wait(session, ticket.area, position, ctx),
        position=position,
        mode=ticket.mode,
        opening=wait.opening(ctx.site, ctx.now),
    )


def position_of(session: Session, ticket: Ticket) -> int:
    """1-based place among the area's waiting tickets (urgent ones first, then first come); 0 if not waiting."""
    if ticket.status != "waiting":
        return 0
    earlier = (Ticket.urgent.is_(True)) | (Ticket.id < ticket.id)
    if ticket.urgent:
        earlier = Ticket.urgent.is_(True) & (Ticket.id < ticket.id)
    ahead = session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.centre == ticket.centre,
            Ticket.area == ticket.area,
            Ticket.status == "waiting",
            Ticket.id != ticket.id,
            earlier,
        )
    )
    return int(ahead or 0) + 1


def counsellors_online(session: Session, area: str, ctx: Context) -> int:
    """The centre's counsellors serving `area` with a session seen within the online window (the
    dashboard pings it)."""
    since = ctx.now - ctx.online_window
    rows = session.scalars(
        select(Counsellor)
        .join(WebSession, WebSession.counsellor_id == Counsellor.id)
        .where(Counsellor.centre == ctx.centre, WebSession.last_seen_at >= since, WebSession.expires_at > ctx.now)
        .distinct()
    ).all()
    return sum(1 for counsellor in rows if counsellor.serves(area))


@dataclass(frozen=True)
class AreaPace:
    """What an area's wait estimates depend on, read once per area rather than once per ticket."""

    handling_minutes: float
    counsellors_online: int
    opening: wait.Opening

    def wait_for(self, position: int, now: dt.datetime) -> int:
        if position <= 0:
            return 0
        return wait.wait_minutes(position - 1, self.handling_minutes, self.counsellors_online, self.opening, now)


def area_pace(session: Session, area: str, ctx: Context) -> AreaPace:
    recent = session.scalars(
        select(OutcomeFigure.handling_seconds)
        .where(
            OutcomeFigure.centre == ctx.centre,
            OutcomeFigure.area == area,
            OutcomeFigure.handling_seconds.is_not(None),
        )
        .order_by(OutcomeFigure.id.desc())
        .limit(wait.RECENT_HANDLINGS)
    ).all()
    return AreaPace(
        handling_minutes=wait.typical_handling_minutes(recent, ctx.default_handling_minutes),
        counsellors_online=counsellors_online(session, area, ctx),
        opening=wait.opening(ctx.site, ctx.now),
    )


def estimate_wait(session: Session, area: str, position: int, ctx: Context) -> int:
    if position <= 0:
        return 0
    return area_pace(session, area, ctx).wait_for(position, ctx.now)


def find_open(session: Session, code: str) -> Ticket | None:
    canonical = codes.normalise(code)
    if canonical is None:
        return None
    return session.scalar(select(Ticket).where(Ticket.open_code == canonical))


def find_latest(session: Session, code: str) -> Ticket | None:
    """The open ticket with this code, else the most recent closed one (not yet purged)."""
    canonical = codes.normalise(code)
    if canonical is None:
        return None
    return find_open(session, canonical) or session.scalar(
        select(Ticket).where(Ticket.code == canonical).order_by(Ticket.id.desc()).limit(1)
    )


def public_status(session: Session, code: str, ctx: Context) -> dict:
    """What a code alone reveals: its status, place, wait and desk, nothing else."""
    ticket = find_latest(session, code)
    canonical = codes.normalise(code) or ""
    if ticket is None:
        return {"code": canonical, "status": "unknown", "position": None, "wait_minutes": None, "desk": None}
    position = position_of(session, ticket)
    return {
        "code": ticket.code,
        "status": ticket.status,
        "position": position or None,
        "wait_minutes": estimate_wait(session, ticket.area, position, ctx.for_centre(ticket.centre))
        if position
        else None,
        "desk": ticket.desk,
    }


def availability(session: Session, area: str, ctx: Context) -> dict:
    """Whether a live chat is possible now for `area` of the context's centre, and the wait for a
    newcomer in person."""
    status = wait.opening(ctx.site, ctx.now)
    waiting = session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.centre == ctx.centre, Ticket.area == area, Ticket.status == "waiting"
        )
    )
    online = counsellors_online(session, area, ctx)
    return {
        "live_chat": bool(status.open_now and online > 0),
        "wait_minutes": estimate_wait(session, area, int(waiting or 0) + 1, ctx),
        "open_now": status.open_now,
    }


def ticket_view(
    session: Session,
    ticket: Ticket,
    ctx: Context,
    with_messages: bool = False,
    known: tuple[int, int] | None = None,
) -> dict:
    """A ticket as the dashboard shows it (already redacted text; the browser renders it as text).
    `known` is its (position, wait) when the caller computed them for the whole queue at once."""
    position, minutes = known if known is not None else (position_of(session, ticket), -1)
    if minutes < 0:
        minutes = estimate_wait(session, ticket.area, position, ctx.for_centre(ticket.centre)) if position else 0
    view = {
        "code": ticket.code,
        "centre": ticket.centre,
        "area": ticket.area,
        "topic": ticket.topic,
        "language": ticket.language,
        "channel": ticket.channel,
        "mode": ticket.mode,
        "urgent": ticket.urgent,
        "summary": ticket.summary,
        "resources": ticket.resource_ids,
        "status": ticket.status,
        "desk": ticket.desk,
        "claimed_by": ticket.counsellor_id,
        "position": position or None,
        "wait_minutes": minutes if position else None,
        "created_at": ticket.created_at.isoformat(),
        "claimed_at": ticket.claimed_at.isoformat() if ticket.claimed_at else None,
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
    }
    if with_messages:
        view["messages"] = [message_view(message) for message in ticket.messages]
    return view


def message_view(message: Message) -> dict:
    return {
        "id": message.id,
        "who": message.who,
        "text": message.text,
        "live": message.live,
        "at": message.at.isoformat(),
    }


def open_queue(
    session: Session, ctx: Context, area: str | None = None, centres: frozenset[str] | None = None
) -> list[dict]:
    """Every open ticket of `centres` (all when None: see desk/centres.py), per centre and area: urgent
    first, then first come; with each one's count of live visitor messages (the dashboard sorts and alerts
    from these)."""
    query = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
    if area:
        query = query.where(Ticket.area == area)
    if centres is not None:
        query = query.where(Ticket.centre.in_(sorted(centres)))
    tickets = session.scalars(query.order_by(Ticket.centre, Ticket.area, Ticket.urgent.desc(), Ticket.id)).all()
    unread = _visitor_live_messages(session, [ticket.id for ticket in tickets])
    paces: dict[tuple[str, str], AreaPace] = {}
    waiting_seen: dict[tuple[str, str], int] = {}
    views = []
    for ticket in tickets:  # already in queue order: positions are counted, not queried per ticket
        line = (ticket.centre, ticket.area)
        position = 0
        if ticket.status == "waiting":
            position = waiting_seen[line] = waiting_seen.get(line, 0) + 1
        if line not in paces:
            paces[line] = area_pace(session, ticket.area, ctx.for_centre(ticket.centre))
        known = (position, paces[line].wait_for(position, ctx.now))
        view = ticket_view(session, ticket, ctx, known=known)
        view["visitor_messages"] = unread.get(ticket.id, 0)
        views.append(view)
    return views


def _visitor_live_messages(session: Session, ticket_ids: list[int]) -> dict[int, int]:
    """How many live-chat messages each visitor sent: the dashboard alerts when a count grows."""
    if not ticket_ids:
        return {}
    rows = session.execute(
        select(Message.ticket_id, func.count(Message.id))
        .where(Message.ticket_id.in_(ticket_ids), Message.who == "visitor", Message.live.is_(True))
        .group_by(Message.ticket_id)
    ).all()
    return {ticket_id: count for ticket_id, count in rows}


def audit(
    session: Session,
    counsellor: Counsellor | None,
    action: str,
    ctx: Context,
    code: str | None = None,
    detail: str = "",
) -> None:
    """Record a counsellor's action: who, what, which ticket code; never visitor content."""
    session.add(
        AuditEntry(
            at=ctx.now,
            counsellor_id=counsellor.id if counsellor else None,
            action=action,
            ticket_code=code,
            detail=detail[:64],
        )
    )


def _open_ticket(session: Session, code: str) -> Ticket:
    ticket = find_open(session, code)
    if ticket is None:
        raise NotFound(f"no open ticket with code {codes.normalise(code) or '?'}")
    return ticket


def check_centre(counsellor: Counsellor, ticket: Ticket) -> None:
    """Another centre's ticket is refused (403) before anything else is said about it."""
    if not may_see(counsellor, ticket.centre):
        raise Forbidden(f"ticket {ticket.code} belongs to another centre")


def _check_area(counsellor: Counsellor, ticket: Ticket) -> None:
    check_centre(counsellor, ticket)
    if counsellor.role == "network":
        raise Forbidden("network staff read figures; they work no queue")
    if counsellor.role != "admin" and not counsellor.serves(ticket.area):
        raise Forbidden(f"ticket {ticket.code} belongs to area {ticket.area}, which you do not serve")


def claim(session: Session, code: str, counsellor: Counsellor, ctx: Context) -> Ticket:
    """Take a ticket: it leaves the waiting line and is in progress with this counsellor."""
    ticket = _open_ticket(session, code)
    _check_area(counsellor, ticket)
    if ticket.counsellor_id not in (None, counsellor.id):
        raise Conflict(f"ticket {ticket.code} is already claimed by another counsellor")
    if ticket.claimed_at is None:
        ticket.claimed_at = ctx.now
        waited = (ctx.now - ticket.created_at).total_seconds() / 60
        figures.count(session, ticket.centre, [("handoff_wait", bucket(waited, WAIT_BUCKETS))], ctx.now)
    ticket.counsellor_id = counsellor.id
    if ticket.status == "waiting":
        ticket.status = "in_progress"
    audit(session, counsellor, "claim", ctx, ticket.code)
    return ticket


def call(session: Session, code: str, counsellor: Counsellor, desk: str, ctx: Context) -> Ticket:
    """Call the visitor to a desk (shown on /display); claims the ticket if nobody has yet."""
    desk = (desk or "").strip()
    if not desk or len(desk) > 16 or not all(ch.isalnum() or ch in " -" for ch in desk):
        raise QueueError("a desk number is 1 to 16 letters, digits, spaces or dashes")
    ticket = claim(session, code, counsellor, ctx)
    ticket.status = "called"
    ticket.desk = desk
    ticket.called_at = ctx.now
    audit(session, counsellor, "call", ctx, ticket.code, f"desk {desk}")
    return ticket


def close(session: Session, code: str, counsellor: Counsellor, outcome: str, ctx: Context) -> Ticket:
    """Close with an outcome category; the anonymous figure is kept, the ticket waits for the purge."""
    if outcome not in OUTCOMES:
        raise QueueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    ticket = _open_ticket(session, code)
    _check_area(counsellor, ticket)
    if ticket.counsellor_id not in (None, counsellor.id) and counsellor.role != "admin":
        raise Conflict(f"ticket {ticket.code} is claimed by another counsellor")
    started = ticket.claimed_at
    ticket.counsellor_id = ticket.counsellor_id or counsellor.id
    handling = int((ctx.now - started).total_seconds()) if started and outcome != "no_show" else None
    _close(session, ticket, outcome, handling, ctx)
    audit(session, counsellor, "close", ctx, ticket.code, outcome)
    return ticket


def _close(session: Session, ticket: Ticket, outcome: str, handling: int | None, ctx: Context) -> None:
    """Close `ticket` and keep its anonymous figure; the code and the conversation's key are free again."""
    ticket.status = "closed"
    ticket.open_code = None
    ticket.open_key = None
    ticket.closed_at = ctx.now
    ticket.outcome = outcome
    session.add(
        OutcomeFigure(
            centre=ticket.centre,
            closed_at=figures.hour_of(ctx.now),
            area=ticket.area,
            channel=ticket.channel,
            mode=ticket.mode,
            urgent=ticket.urgent,
            outcome=outcome,
            handling_seconds=handling,
        )
    )
    if handling is not None:
        figures.count(session, ticket.centre, [("handoff_handling", bucket(handling / 60, HANDLING_BUCKETS))], ctx.now)


def close_abandoned(session: Session, claimed_before: dt.datetime, ctx: Context) -> list[Ticket]:
    """Close the tickets claimed before `claimed_before` that nobody closed (a counsellor forgot, or went
    home): their outcome is unknown ("other", no handling time, so wait estimates are not skewed)."""
    tickets = session.scalars(
        select(Ticket).where(Ticket.status.in_(OPEN_STATUSES), Ticket.claimed_at <= claimed_before)
    ).all()
    for ticket in tickets:
        _close(session, ticket, "other", None, ctx)
        audit(session, None, "auto_close", ctx, ticket.code)
    return list(tickets)


def visitor_end(session: Session, code: str, token: str, ctx: Context) -> Ticket:
    """The visitor ends (and erases) the conversation during a live chat: the ticket closes at once, so
    the counsellor sees it leave and the bot's pause can be lifted."""
    ticket = visitor_ticket(session, code, token)
    if ticket.status != "closed":
        _close(session, ticket, "other", None, ctx)
        audit(session, None, "visitor_end", ctx, ticket.code)
    return ticket


def counsellor_message(session: Session, code: str, counsellor: Counsellor, text: str, ctx: Context) -> Message:
    """A counsellor's live-chat answer (counsellors' text is theirs; it is stored as written, bounded)."""
    ticket = _open_ticket(session, code)
    check_centre(counsellor, ticket)
    if ticket.mode != "live_chat":
        raise Conflict(f"ticket {ticket.code} is not a live chat")
    if ticket.counsellor_id != counsellor.id:
        raise Conflict(f"claim ticket {ticket.code} before answering")
    message = Message(who="counsellor", text=_bounded(text), live=True, at=ctx.now)
    ticket.messages.append(message)
    audit(session, counsellor, "message", ctx, ticket.code)
    session.flush()
    return message


def visitor_ticket(session: Session, code: str, token: str) -> Ticket:
    """The open ticket this visitor's secret token opens; NotFound for a wrong code or token alike."""
    ticket = find_latest(session, code)
    if ticket is None or not secrets.compare_digest(ticket.token_hash, hash_token(token or "")):
        raise NotFound("no ticket for this code and token")
    return ticket


def exchange_token(session: Session, code: str, token: str) -> str:
    """Trade the handoff's token (it travelled through the bot's reply) for a new secret that only the
    live-chat cookie holds: the token is then spent, wherever else it was seen."""
    ticket = visitor_ticket(session, code, token)
    if ticket.status == "closed" or ticket.mode != "live_chat":
        raise Conflict("this ticket is not an open live chat")
    secret = codes.new_token()
    ticket.token_hash = hash_token(secret)
    return secret


def visitor_message(session: Session, code: str, token: str, text: str, ctx: Context) -> Message:
    """A visitor's live-chat message, redacted before it is stored."""
    ticket = visitor_ticket(session, code, token)
    if ticket.status == "closed" or ticket.mode != "live_chat":
        raise Conflict("this ticket is not an open live chat")
    message = Message(who="visitor", text=privacy.redact(_bounded(text)), live=True, at=ctx.now)
    ticket.messages.append(message)
    session.flush()
    return message


MAX_MESSAGE_CHARS = 4000


def _bounded(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise QueueError("a message cannot be empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise QueueError(f"a message is at most {MAX_MESSAGE_CHARS} characters")
    return text

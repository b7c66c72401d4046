"""The queue, sign-in and retention functions against a real database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from common.site import load_site
from desk import auth, codes, queue, retention
from desk.db import Database, migrate
from desk.models import AuditEntry, Counsellor, Message, OutcomeFigure, Ticket

PARIS = ZoneInfo("Europe/Paris")
SITE = load_site()
OPEN = dt.datetime(2026, 11, 25, 11, 0, tzinfo=PARIS)  # a Wednesday, open 09:30-18:00
CLAIMED = dt.timedelta(hours=4)  # how long a claimed ticket may stay open (CDM_DESK_CLAIMED_HOURS)
FIGURES_KEPT = dt.timedelta(days=1096)  # how long anonymous counters are kept (CDM_DESK_FIGURES_DAYS)


def ctx(now: dt.datetime = OPEN) -> queue.Context:
    return queue.Context(site=SITE, now=now)


def new_ticket(**fields: object) -> queue.NewTicket:
    values: dict = {
        "conversation_id": f"conv-{uuid.uuid4().hex[:12]}",  # one open ticket per conversation
        "area": "orientation",
        "topic": "discover_jobs",
        "language": "fr",
        "channel": "web",
        "urgent": False,
        "mode": "in_person",
        "summary": "Cherche une reconversion.",
        "transcript": [("visitor", "bonjour"), ("bot", "Bonjour !")],
        "resources": ["res-1", "res-2"],
    }
    values.update(fields)
    return queue.NewTicket(**values)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    migrate(db.engine)
    migrate(db.engine)  # idempotent: every start runs it
    yield db
    db.dispose()


@pytest.fixture
def camille(database: Database) -> Counsellor:
    with database.transaction() as session:
        return auth.add_counsellor(session, "camille", "a long enough password", "counsellor", ["orientation"], OPEN)


def test_a_ticket_keeps_only_redacted_text(database: Database) -> None:
    created = queue.create_ticket(
        database,
        new_ticket(
            summary="Je suis Marie Dupont, joignable au 06 12 34 56 78, je veux changer de métier.",
            transcript=[("visitor", "mon mail est marie.dupont@example.org"), ("bot", "Je vous mets en relation.")],
        ),
        ctx(),
    )
    assert created.where == SITE.areas["orientation"]["fr"]
    assert created.opening.open_now and created.position == 1 and created.wait_minutes == 0
    with database.transaction() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == created.code))
        stored = ticket.summary + " ".join(m.text for m in ticket.messages)
        assert "Dupont" not in stored and "06 12" not in stored and "example.org" not in stored
        assert "[PHONE]" in ticket.summary and "[EMAIL]" in ticket.messages[0].text
        assert ticket.token_hash != created.token and len(ticket.token_hash) == 64
        assert ticket.resource_ids == ["res-1", "res-2"]


def test_markup_is_stored_as_the_text_it_is(database: Database) -> None:
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    created = queue.create_ticket(database, new_ticket(summary=text, transcript=[("visitor", text)]), ctx())
    with database.transaction() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == created.code))
        assert ticket.summary == text and ticket.messages[0].text == text


def test_urgent_tickets_go_first_then_first_come(database: Database) -> None:
    first = queue.create_ticket(database, new_ticket(), ctx())
    second = queue.create_ticket(database, new_ticket(), ctx())
    urgent = queue.create_ticket(database, new_ticket(urgent=True), ctx())
    other_area = queue.create_ticket(database, new_ticket(area="training"), ctx())
    assert (first.position, second.position, urgent.position, other_area.position) == (1, 2, 1, 1)
    with database.transaction() as session:
        rows = queue.open_queue(session, ctx(), area="orientation")
        assert [row["code"] for row in rows] == [urgent.code, first.code, second.code]
        assert [row["position"] for row in rows] == [1, 2, 3]
        assert [row["wait_minutes"] for row in rows] == [0, 15, 30]  # default 15 min each, nobody online


def test_a_code_held_by_an_open_ticket_is_drawn_again(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter(["K7M4", "K7M4", "K7M4", "P3QR"])
    monkeypatch.setattr(codes, "new_code", lambda length=4: next(draws))
    assert queue.create_ticket(database, new_ticket(), ctx()).code == "K7M4"
    assert queue.create_ticket(database, new_ticket(), ctx()).code == "P3QR"


def test_a_closed_ticket_frees_its_code(database: Database, camille: Counsellor, monkeypatch) -> None:
    monkeypatch.setattr(codes, "new_code", lambda length=4: "K7M4")
    queue.create_ticket(database, new_ticket(), ctx())
    with database.transaction() as session:
        queue.close(session, "k7m4", camille, "answered", ctx())
    assert queue.create_ticket(database, new_ticket(), ctx()).code == "K7M4"
    with database.transaction() as session:
        assert queue.public_status(session, "K7M4", ctx())["status"] == "waiting"  # the open one wins


def test_claim_call_and_close(database: Database, camille: Counsellor) -> None:
    created = queue.create_ticket(database, new_ticket(), ctx())
    later = ctx(OPEN + dt.timedelta(minutes=12))
    with database.transaction() as session:
        assert queue.claim(session, created.code, camille, ctx()).status == "in_progress"
        status = queue.public_status(session, created.code, ctx())
        assert status == {"code": created.code, "status": "in_progress", "position": None, "wait_minutes": None,
                          "desk": None}  # fmt: skip
        called = queue.call(session, created.code, camille, "3", ctx())
        assert (called.status, called.desk) == ("called", "3")
        with pytest.raises(queue.QueueError):
            queue.call(session, created.code, camille, "<b>", ctx())
        queue.close(session, created.code, camille, "resources_given", later)
    with database.transaction() as session:
        assert queue.public_status(session, created.code, ctx())["status"] == "closed"
        figure = session.scalars(select(OutcomeFigure)).one()
        assert (figure.area, figure.outcome, figure.handling_seconds) == ("orientation", "resources_given", 720)
        assert figure.centre == "rivemont" and figure.closed_at == dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["claim", "claim", "call", "close"]
        assert all(entry.ticket_code == created.code for entry in session.scalars(select(AuditEntry)))
    # the recent handling time (12 minutes) now drives the estimate
    queue.create_ticket(database, new_ticket(), ctx())
    assert queue.create_ticket(database, new_ticket(), ctx()).wait_minutes == 12
    # ...at its own centre only: another centre's estimate keeps its default pace (15 minutes a visitor)
    elsewhere = ctx().for_centre("valmeuse")
    queue.create_ticket(database, new_ticket(centre="valmeuse"), elsewhere)
    assert queue.create_ticket(database, new_ticket(centre="valmeuse"), elsewhere).wait_minutes == 15


def test_what_counsellors_may_not_do(database: Database, camille: Counsellor) -> None:
    created = queue.create_ticket(database, new_ticket(), ctx())
    elsewhere = queue.create_ticket(database, new_ticket(area="job_search"), ctx())
    with database.transaction() as session:
        dominique = auth.add_counsellor(session, "dominique", "another long password", "counsellor", [], OPEN)
        queue.claim(session, created.code, camille, ctx())
        with pytest.raises(queue.Conflict):
            queue.claim(session, created.code, dominique, ctx())
        with pytest.raises(queue.Forbidden):
            queue.claim(session, elsewhere.code, camille, ctx())
        with pytest.raises(queue.QueueError):
            queue.close(session, created.code, camille, "a made-up outcome", ctx())
        with pytest.raises(queue.Conflict):
            queue.counsellor_message(session, created.code, camille, "hello", ctx())  # not a live chat
        with pytest.raises(queue.NotFound):
            queue.claim(session, "ZZZZ", camille, ctx())


def test_live_chat_messages_and_the_visitor_token(database: Database, camille: Counsellor) -> None:
    created = queue.create_ticket(database, new_ticket(mode="live_chat"), ctx())
    with database.transaction() as session:
        with pytest.raises(queue.NotFound):
            queue.visitor_message(session, created.code, "wrong-token", "hello", ctx())
        with pytest.raises(queue.Conflict):
            queue.counsellor_message(session, created.code, camille, "hello", ctx())  # not claimed yet
        queue.claim(session, created.code, camille, ctx())
        queue.counsellor_message(session, created.code, camille, "Bonjour, je suis là.", ctx())
        queue.visitor_message(session, created.code, created.token, "merci, mon numéro est 06 12 34 56 78", ctx())
        with pytest.raises(queue.QueueError):
            queue.visitor_message(session, created.code, created.token, "   ", ctx())
    with database.transaction() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == created.code))
        live = [(m.who, m.text) for m in ticket.messages if m.live]
        assert live == [("counsellor", "Bonjour, je suis là."), ("visitor", "merci, mon numéro est [PHONE]")]


def test_availability_needs_an_online_counsellor_of_the_area(database: Database, camille: Counsellor) -> None:
    with database.transaction() as session:
        assert queue.availability(session, "orientation", ctx()) == {
            "live_chat": False,
            "wait_minutes": 0,
            "open_now": True,
        }
        auth.sign_in(session, "camille", "a long enough password", OPEN, dt.timedelta(hours=8), 5, dt.timedelta(1))
        assert queue.availability(session, "orientation", ctx())["live_chat"] is True
        assert queue.availability(session, "job_search", ctx())["live_chat"] is False
        late = ctx(OPEN + dt.timedelta(minutes=5))  # the dashboard has not pinged for five minutes
        assert queue.availability(session, "orientation", late)["live_chat"] is False
        evening = ctx(dt.datetime(2026, 11, 25, 19, 0, tzinfo=PARIS))
        assert queue.availability(session, "orientation", evening)["open_now"] is False


def test_sign_in_locks_out_after_repeated_failures(database: Database, camille: Counsellor) -> None:
    hour = dt.timedelta(hours=1)
    with database.transaction() as session:
        for _ in range(4):
            with pytest.raises(auth.AuthError):
                auth.sign_in(session, "camille", "wrong", OPEN, hour, 5, hour)
        assert auth.sign_in(session, "camille", "a long enough password", OPEN, hour, 5, hour)  # resets the count
        for _ in range(5):
            with pytest.raises(auth.AuthError):
                auth.sign_in(session, "camille", "wrong", OPEN, hour, 5, hour)
        with pytest.raises(auth.AuthError):  # locked: even the right password is refused
            auth.sign_in(session, "camille", "a long enough password", OPEN, hour, 5, hour)
        signed = auth.sign_in(session, "camille", "a long enough password", OPEN + 2 * hour, hour, 5, hour)
        assert signed.session.id == auth.hash_session_id(signed.cookie_value) != signed.cookie_value
        assert auth.current_session(session, signed.cookie_value, OPEN + 2 * hour) is not None
        assert auth.current_session(session, signed.cookie_value, OPEN + 4 * hour) is None  # expired
        with pytest.raises(auth.AuthError):
            auth.sign_in(session, "nobody", "whatever", OPEN, hour, 5, hour)
        stored = session.scalar(select(Counsellor.password_hash).where(Counsellor.username == "camille"))
        assert stored.startswith("$argon2id$")


def test_accounts_are_validated(database: Database, camille: Counsellor) -> None:
    with database.transaction() as session:
        for username, password, role, areas in [
            ("camille", "a long enough password", "counsellor", []),  # exists
            ("x", "a long enough password", "counsellor", []),
            ("someone", "short", "counsellor", []),
            ("someone", "a long enough password", "boss", []),
            ("someone", "a long enough password", "counsellor", ["astrology"]),
        ]:
            with pytest.raises(auth.AuthError):
                auth.add_counsellor(session, username, password, role, areas, OPEN)


def test_retention_deletes_closed_and_never_claimed_tickets_in_time(database: Database, camille: Counsellor) -> None:
    closed = queue.create_ticket(database, new_ticket(), ctx())
    queue.create_ticket(database, new_ticket(), ctx())  # never claimed
    claimed = queue.create_ticket(database, new_ticket(), ctx())
    with database.transaction() as session:
        queue.claim(session, claimed.code, camille, ctx())
        queue.close(session, closed.code, camille, "answered", ctx())
    keep, keep_claimed = dt.timedelta(hours=24), dt.timedelta(hours=48)  # the claimed one stays open
    early = retention.purge(database, ctx(OPEN + dt.timedelta(hours=1)), keep, keep_claimed, FIGURES_KEPT)
    assert early == retention.Purged(0, 0, 0)
    # 18:00 the same day: the end of the opening day in which the unclaimed ticket was created
    evening = dt.datetime(2026, 11, 25, 18, 0, tzinfo=PARIS)
    assert retention.purge(database, ctx(evening), keep, keep_claimed, FIGURES_KEPT) == retention.Purged(0, 1, 0)
    assert retention.purge(database, ctx(OPEN + keep), keep, keep_claimed, FIGURES_KEPT).closed == 1
    with database.transaction() as session:
        assert session.scalars(select(Ticket.code)).all() == [claimed.code]
        left = session.scalar(select(func.count(Message.id)))
        assert left == 2  # only the claimed ticket's transcript remains
        assert session.scalar(select(func.count(OutcomeFigure.id))) == 1  # the anonymous figure stays


def test_a_ticket_told_to_come_back_tomorrow_lives_until_the_end_of_tomorrow(database: Database) -> None:
    # 17:50 on Wednesday (closing at 18:00): too late to be seen, the bot says "come back tomorrow".
    late = queue.create_ticket(database, new_ticket(), ctx(dt.datetime(2026, 11, 25, 17, 50, tzinfo=PARIS)))
    early = queue.create_ticket(database, new_ticket(), ctx())  # 11:00: seen today
    keep = dt.timedelta(hours=24)
    closing = dt.datetime(2026, 11, 25, 18, 0, tzinfo=PARIS)
    assert retention.purge(database, ctx(closing), keep, CLAIMED, FIGURES_KEPT).unclaimed == 1
    thursday_evening = dt.datetime(2026, 11, 26, 19, 0, tzinfo=PARIS)  # Thursday closes at 19:30
    assert retention.purge(database, ctx(thursday_evening), keep, CLAIMED, FIGURES_KEPT).unclaimed == 0
    with database.transaction() as session:
        assert queue.public_status(session, early.code, ctx())["status"] == "unknown"
        assert queue.public_status(session, late.code, ctx())["status"] == "waiting"
    thursday_closing = dt.datetime(2026, 11, 26, 19, 30, tzinfo=PARIS)
    assert retention.purge(database, ctx(thursday_closing), keep, CLAIMED, FIGURES_KEPT).unclaimed == 1


def test_a_ticket_made_while_closed_lives_until_the_end_of_the_next_opening_day(database: Database) -> None:
    sunday = dt.datetime(2026, 11, 29, 15, 0, tzinfo=PARIS)  # closed; Monday opens 09:30-18:00
    created = queue.create_ticket(database, new_ticket(), ctx(sunday))
    with database.transaction() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == created.code))
        assert ticket.unclaimed_expires_at == dt.datetime(2026, 11, 30, 18, 0, tzinfo=PARIS)


def test_claimed_tickets_nobody_closed_are_closed_then_purged(database: Database, camille: Counsellor) -> None:
    forgotten = queue.create_ticket(database, new_ticket(mode="live_chat"), ctx())
    recent = queue.create_ticket(database, new_ticket(), ctx())
    with database.transaction() as session:
        queue.claim(session, forgotten.code, camille, ctx())
        queue.claim(session, recent.code, camille, ctx(OPEN + dt.timedelta(hours=2)))
    keep = dt.timedelta(hours=24)
    assert retention.purge(database, ctx(OPEN + CLAIMED / 2), keep, CLAIMED, FIGURES_KEPT).auto_closed == []
    done = retention.purge(database, ctx(OPEN + CLAIMED), keep, CLAIMED, FIGURES_KEPT)
    assert [(item.code, item.mode) for item in done.auto_closed] == [(forgotten.code, "live_chat")]
    with database.transaction() as session:
        assert queue.public_status(session, forgotten.code, ctx())["status"] == "closed"
        assert queue.public_status(session, recent.code, ctx())["status"] == "in_progress"
        figure = session.scalars(select(OutcomeFigure)).one()
        assert (figure.outcome, figure.handling_seconds) == ("other", None)  # no guessed handling time
        assert (
            session.scalar(
                select(AuditEntry.action)
                .where(AuditEntry.ticket_code == forgotten.code)
                .order_by(AuditEntry.id.desc())
                .limit(1)
            )
            == "auto_close"
        )
    assert retention.purge(database, ctx(OPEN + CLAIMED + keep), keep, CLAIMED, FIGURES_KEPT).closed == 1
    with database.transaction() as session:
        assert queue.public_status(session, forgotten.code, ctx())["status"] == "unknown"


def test_a_retried_handoff_gets_the_same_ticket_under_a_hashed_key(database: Database, camille: Counsellor) -> None:
    first = queue.create_ticket(database, new_ticket(conversation_id="w-retry", mode="live_chat"), ctx())
    again = queue.create_ticket(database, new_ticket(conversation_id="w-retry", mode="live_chat"), ctx())
    other = queue.create_ticket(database, new_ticket(conversation_id="w-other"), ctx())
    assert again.code == first.code and other.code != first.code
    assert again.token != first.token  # the first answer never reached the visitor: its token is void
    with database.transaction() as session:
        tickets = session.scalars(select(Ticket).where(Ticket.conversation_id == "w-retry")).all()
        assert len(tickets) == 1
        assert tickets[0].open_key == queue.conversation_key("w-retry") and "w-retry" not in tickets[0].open_key
        with pytest.raises(queue.NotFound):
            queue.visitor_ticket(session, first.code, first.token)
        assert queue.visitor_ticket(session, first.code, again.token).code == first.code
        queue.close(session, first.code, camille, "answered", ctx())
    # Once that ticket is closed, a new request from the conversation is a new handoff.
    later = queue.create_ticket(database, new_ticket(conversation_id="w-retry"), ctx())
    with database.transaction() as session:
        assert session.scalar(select(func.count(Ticket.id)).where(Ticket.conversation_id == "w-retry")) == 2
        assert queue.find_open(session, later.code).conversation_id == "w-retry"


def test_the_handoff_token_is_spent_for_the_live_chat_secret_and_the_visitor_can_end(database: Database) -> None:
    created = queue.create_ticket(database, new_ticket(mode="live_chat"), ctx())
    with database.transaction() as session:
        secret = queue.exchange_token(session, created.code, created.token)
    with database.transaction() as session:
        with pytest.raises(queue.NotFound):
            queue.exchange_token(session, created.code, created.token)  # spent
        queue.visitor_message(session, created.code, secret, "bonjour", ctx())
        ended = queue.visitor_end(session, created.code, secret, ctx())
        assert (ended.status, ended.open_code, ended.open_key) == ("closed", None, None)
    with database.transaction() as session, pytest.raises(queue.Conflict):
        queue.visitor_message(session, created.code, secret, "encore ?", ctx())

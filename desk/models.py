"""The desk's tables (SQLAlchemy 2). The schema itself is created and changed by Alembic (`desk/migrations`).

A ticket holds only what the issue allows: its code, the area, topic, language, channel, urgency, the
redacted summary and transcript, the resources shown, timestamps, and the conversation id the bot needs
to be paused. Closing a ticket writes an `OutcomeFigure` without any of that, so figures outlive purges.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from common.languages import CODES

# `network`: network staff, who read every centre's figures but work no queue.
ROLES = ("counsellor", "admin", "network")
STATUSES = ("waiting", "called", "in_progress", "closed")
OPEN_STATUSES = ("waiting", "called", "in_progress")
MODES = ("in_person", "live_chat")
CHANNELS = ("web", "kiosk")
LANGUAGES = CODES  # a ticket is in its visitor's language, any declared one (common/languages.py)
OUTCOMES = ("answered", "resources_given", "workshop", "referred_partner", "follow_up_visit", "no_show", "other")


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes stored as UTC on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the desk database; always pass an aware one")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class Counsellor(Base):
    __tablename__ = "counsellors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    # Comma-separated area ids this counsellor serves; empty means every area.
    areas: Mapped[str] = mapped_column(String(255), default="")
    # The centre whose queue, transcripts, display and figures this account sees (common/centres.py).
    centre: Mapped[str] = mapped_column(String(32), default="rivemont", server_default="rivemont", index=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    def serves(self, area: str) -> bool:
        return not self.areas or area in self.areas.split(",")


class WebSession(Base):
    __tablename__ = "web_sessions"

    # SHA-256 of the cookie value: a stolen database does not yield usable cookies.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("counsellors.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    counsellor: Mapped[Counsellor] = relationship(lazy="joined")


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    # Equal to `code` while the ticket is open and NULL once closed: the unique index makes the database
    # itself refuse two open tickets with one code, even under concurrent creation.
    open_code: Mapped[str | None] = mapped_column(String(12), unique=True, nullable=True)
    # SHA-256 of the conversation id while the ticket is open, NULL once closed: the unique constraint
    # makes a handoff retried after a time-out find its ticket rather than make a second one.
    open_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str] = mapped_column(String(128))
    centre: Mapped[str] = mapped_column(String(32), default="rivemont", server_default="rivemont", index=True)
    area: Mapped[str] = mapped_column(String(32), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(8))
    mode: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text)
    resources: Mapped[str] = mapped_column(Text, default="")  # comma-separated resource ids
    status: Mapped[str] = mapped_column(String(16), index=True)
    desk: Mapped[str | None] = mapped_column(String(16), nullable=True)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # When a ticket nobody claimed is deleted: the end of the next opening day after its creation.
    unclaimed_expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)

    messages: Mapped[list[Message]] = relationship(
        back_populates="ticket", order_by="Message.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def resource_ids(self) -> list[str]:
        return [item for item in self.resources.split(",") if item]


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    who: Mapped[str] = mapped_column(String(16))  # visitor, bot or counsellor
    text: Mapped[str] = mapped_column(Text)
    live: Mapped[bool] = mapped_column(Boolean, default=False)  # sent during the live chat, not the handoff
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


class AuditEntry(Base):
    """What a counsellor did, never what a visitor said."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    ticket_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    detail: Mapped[str] = mapped_column(String(64), default="")


class OutcomeFigure(Base):
    """One closed ticket, anonymously: each centre's wait estimates read its own recent handling times here.

    Like the counters, it keeps the hour it was closed in, never the moment, and goes with them
    (`desk/retention.py`); `centre` is null for rows kept before centres had one (they no longer count)."""

    __tablename__ = "outcome_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    closed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    area: Mapped[str] = mapped_column(String(32), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    mode: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str] = mapped_column(String(32))
    handling_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)


class FigureCount(Base):
    """One anonymous counter: how many times something happened at a centre within one UTC hour.

    Events are added to a counter, never stored one by one: no row stands for a conversation, and the
    hour is the finest time kept (desk/figures/)."""

    __tablename__ = "figure_counts"
    __table_args__ = (UniqueConstraint("centre", "hour", "dimension", "value", name="uq_figure_counts_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre: Mapped[str] = mapped_column(String(32))
    hour: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)  # the start of a UTC hour
    dimension: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(64))
    count: Mapped[int] = mapped_column(Integer, default=0)


class GapGroup(Base):
    """Questions the assistant could not answer (or only "may help"), grouped by meaning, per centre.

    Holds no visitor text itself: the running mean of its questions' vectors, a count, and hours (never
    finer). Its few examples (redacted questions) are `GapExample` rows."""

    __tablename__ = "gap_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(2))
    # The mean of the member questions' unit vectors (float32), compared by cosine with a new question.
    centroid: Mapped[bytes] = mapped_column(LargeBinary)
    count: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)  # of `count`: refused outright (the rest "may help")
    first_hour: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_hour: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # "open", or "closed" once a resource was published for it (it keeps counting: a question that still
    # arrives after the publication is worth seeing).
    status: Mapped[str] = mapped_column(String(16), default="open")

    examples: Mapped[list[GapExample]] = relationship(
        back_populates="group", order_by="GapExample.id", cascade="all, delete-orphan", passive_deletes=True
    )


class GapExample(Base):
    """One redacted question of a gap group, with its hour; a group keeps only its few latest."""

    __tablename__ = "gap_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("gap_groups.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    hour: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)

    group: Mapped[GapGroup] = relationship(back_populates="examples")


class Draft(Base):
    """A resource a counsellor writes to close a gap (from a gap group or a ticket's exchange): edited and
    reviewed here, then published as a Markdown file of the centre's knowledge base."""

    __tablename__ = "gap_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre: Mapped[str] = mapped_column(String(32), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("gap_groups.id", ondelete="SET NULL"), nullable=True)
    ticket_code: Mapped[str | None] = mapped_column(String(12), nullable=True)
    resource_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    topics: Mapped[str] = mapped_column(String(400))  # comma-separated topic ids
    lang: Mapped[str] = mapped_column(String(2))
    audience: Mapped[str] = mapped_column(String(400))  # comma-separated audience values
    where: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)  # draft, published, discarded
    created_by: Mapped[int | None] = mapped_column(ForeignKey("counsellors.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    published_file: Mapped[str | None] = mapped_column(String(300), nullable=True)

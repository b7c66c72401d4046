"""The JSON API for the action server (service token) and the visitor (code, or code + secret token).

Thin: validate, rate-limit, call `desk.queue`, publish what changed, answer. Bodies are bounded by the
models below, so a bad request gets a clear 422 rather than a stored mess.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import text
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from common.centres import centre_ids, default_centre
from common.languages import CODES
from common.topics import load_taxonomy
from desk import codes, live, queue, security
from desk.centres import visible_centres
from desk.security import require_counsellor

router = APIRouter()
SSE_PING_S = 15


class TranscriptLine(BaseModel):
    who: Literal["visitor", "bot"]
    text: str = Field(max_length=4000)


class TicketBody(BaseModel):
    conversation_id: str = Field(min_length=1, max_length=128)
    area: str = Field(max_length=32)
    topic: str | None = Field(default=None, max_length=64)
    language: Literal[CODES]  # type: ignore[valid-type]
    channel: Literal["web", "kiosk"]
    urgent: bool = False
    mode: Literal["in_person", "live_chat"] = "in_person"
    summary: str = Field(max_length=1000)
    transcript: list[TranscriptLine] = Field(default_factory=list, max_length=200)
    resources: list[Annotated[str, Field(max_length=128)]] = Field(default_factory=list, max_length=50)
    # The conversation's centre; absent: the default centre (an action server of an earlier version).
    centre: str = Field(default_factory=default_centre, max_length=32)

    @field_validator("centre")
    @classmethod
    def _known_centre(cls, value: str) -> str:
        return known_centre(value)

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str) -> str:
        if value not in load_taxonomy().areas:
            raise ValueError(f"unknown area {value!r}")
        return value


class VisitorMessageBody(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class TokenBody(BaseModel):
    token: str = Field(min_length=1, max_length=128)


def known_centre(value: str) -> str:
    """A centre this deployment serves; anything else is refused (422), never queued elsewhere."""
    if value not in centre_ids():
        raise ValueError(f"unknown centre {value!r}")
    return value


def require_service(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    expected = request.app.state.desk.settings.service_token
    if not expected:
        raise HTTPException(status_code=503, detail="the desk has no service token configured (CDM_DESK_SERVICE_TOKEN)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip(), expected):
        raise HTTPException(
            status_code=401, detail="a valid service token is required", headers={"WWW-Authenticate": "Bearer"}
        )


def _raise(error: queue.QueueError) -> None:
    raise HTTPException(status_code=error.status, detail=str(error)) from error


@router.get("/healthz")
def healthz(request: Request) -> dict:
    state = request.app.state.desk
    with state.database.transaction() as session:
        session.execute(text("SELECT 1"))
    return {"ok": True}


@router.post("/api/tickets", status_code=201, dependencies=[Depends(require_service)])
def create_ticket(body: TicketBody, request: Request) -> dict:
    state = request.app.state.desk
    state.limits.check_ticket(request, body.conversation_id)
    new = queue.NewTicket(
        conversation_id=body.conversation_id,
        area=body.area,
        topic=body.topic or "",  # no topic: the area alone routes it
        language=body.language,
        channel=body.channel,
        urgent=body.urgent,
        mode=body.mode,
        summary=body.summary,
        transcript=[(line.who, line.text) for line in body.transcript],
        resources=body.resources,
        centre=body.centre,
    )
    try:
        created = queue.create_ticket(state.database, new, state.context(body.centre))
    except queue.QueueError as error:
        _raise(error)
    state.broker.publish(live.QUEUE_CHANNEL, "changed", {"code": created.code})
    return {
        "code": created.code,
        "token": created.token,
        "area": created.area,
        "where": created.where,
        "wait_minutes": created.wait_minutes,
        "position": created.position,
        "mode": created.mode,
        "opening": created.opening.as_json(),
    }


@router.get("/api/availability", dependencies=[Depends(require_service)])
def availability(
    request: Request,
    area: Annotated[str, Query(max_length=32)],
    centre: Annotated[str | None, Query(max_length=32)] = None,
) -> dict:
    if area not in load_taxonomy().areas:
        raise HTTPException(status_code=422, detail=f"unknown area {area!r}")
    if centre is not None and centre not in centre_ids():
        raise HTTPException(status_code=422, detail=f"unknown centre {centre!r}")
    state = request.app.state.desk
    with state.database.transaction() as session:
        return queue.availability(session, area, state.context(centre))


@router.get("/api/tickets/{code}/status")
def ticket_status(code: str, request: Request) -> dict:
    state = request.app.state.desk
    state.limits.check("status", request)
    if len(code) > 32:
        raise HTTPException(status_code=422, detail="a ticket code is a few letters and digits")
    with state.database.transaction() as session:
        return queue.public_status(session, code, state.context())


@router.get("/api/tickets")
def list_tickets(request: Request, who: Annotated[security.CounsellorSession, Depends(require_counsellor)]) -> dict:
    state = request.app.state.desk
    with state.database.transaction() as session:
        return {"tickets": queue.open_queue(session, state.context(), centres=visible_centres(who.counsellor))}


def live_secret(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """The visitor's live-chat secret: the API-scoped cookie a browser holds (see `open_live_chat`), or a
    bearer header from any other client. Never a query parameter: URLs end up in logs and histories."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        return given.strip()[:128]
    return (request.cookies.get(security.LIVE_COOKIE) or "")[:128]


Secret = Annotated[str, Depends(live_secret)]


@router.post("/api/live/{code}/session", status_code=204, dependencies=[Depends(security.require_allowed_origin)])
def open_live_chat(code: str, body: TokenBody, request: Request) -> Response:
    """Trade the handoff's token for an HttpOnly cookie scoped to this ticket's live-chat API, so the
    widget keeps no secret in the page or its storage and a reload still finds the chat."""
    state = request.app.state.desk
    try:
        with state.database.transaction() as session:
            secret = queue.exchange_token(session, code, body.token)
    except queue.QueueError as error:
        _raise(error)
    response = Response(status_code=204)
    security.set_live_cookie(response, request, codes.normalise(code) or code, secret)
    return response


@router.post("/api/live/{code}/messages", status_code=201, dependencies=[Depends(security.require_allowed_origin)])
def visitor_message(code: str, body: VisitorMessageBody, request: Request, secret: Secret) -> dict:
    state = request.app.state.desk
    try:
        with state.database.transaction() as session:
            message = queue.visitor_message(session, code, secret, body.text, state.context())
            ticket_code, view = message.ticket.code, queue.message_view(message)
    except queue.QueueError as error:
        _raise(error)
    state.broker.publish(live.ticket_channel(ticket_code), "visitor_message", view)
    state.broker.publish(live.QUEUE_CHANNEL, "changed", {"code": ticket_code})  # the dashboards' new-message alert
    return {"ok": True, "at": view["at"]}


@router.post("/api/live/{code}/end", status_code=204, dependencies=[Depends(security.require_allowed_origin)])
async def visitor_end(code: str, request: Request, secret: Secret) -> Response:
    """ "End and erase" during a live chat: the ticket closes, and the bot's tracker is erased (which also
    lifts the pause that would make the bot ignore the visitor's own request to erase)."""
    state = request.app.state.desk

    def end() -> tuple[str, str, str]:
        with state.database.transaction() as session:
            ticket = queue.visitor_end(session, code, secret, state.context())
            return ticket.code, ticket.mode, ticket.conversation_id

    try:
        ticket_code, mode, conversation_id = await run_in_threadpool(end)
    except queue.QueueError as error:
        _raise(error)
    await live.ticket_ended(state.broker, state.settings, ticket_code, mode, conversation_id, erase=True)
    response = Response(status_code=204)
    security.clear_live_cookie(response, request, ticket_code)
    return response


def sse(event: str, data: dict) -> dict:
    return {"event": event, "data": json.dumps(data, ensure_ascii=False)}


@router.get("/api/live/{code}/events")
async def visitor_events(code: str, request: Request, token: Secret) -> EventSourceResponse:
    """The visitor's live chat: the counsellor's messages, `claimed` when a counsellor takes the chat,
    `closed` at the end. Earlier counsellor messages are replayed first, so a reconnect misses nothing."""
    state = request.app.state.desk

    canonical = codes.normalise(code)
    if canonical is None:
        raise HTTPException(status_code=404, detail="no ticket for this code and token")
    # Subscribe before reading the current state, so nothing falls in between; what arrives twice
    # (a message both replayed and published) is skipped by its id.
    subscription = state.broker.subscribe(live.ticket_channel(canonical))

    def opening_state() -> tuple[str, list[dict]]:
        with state.database.transaction() as session:
            ticket = queue.visitor_ticket(session, canonical, token)
            said = [queue.message_view(m) for m in ticket.messages if m.who == "counsellor" and m.live]
            return ticket.status, said

    try:
        status, said = await run_in_threadpool(opening_state)
    except queue.QueueError as error:
        subscription.close()
        _raise(error)

    async def events() -> AsyncIterator[dict]:
        with subscription as inbox:
            claimed = status in ("in_progress", "called")
            if claimed:
                yield sse("claimed", {})
            for message in said:
                yield sse("message", {"text": message["text"], "at": message["at"]})
            last_id = max((message["id"] for message in said), default=0)
            if status == "closed":
                yield sse("closed", {})
                return
            while True:
                try:
                    event, data = await asyncio.wait_for(inbox.get(), timeout=SSE_PING_S)
                except TimeoutError:
                    continue  # sse-starlette sends its own pings; loop to notice disconnects
                if event == "counsellor_message" and data["id"] > last_id:
                    last_id = data["id"]
                    yield sse("message", {"text": data["text"], "at": data["at"]})
                elif event == "claimed" and not claimed:
                    claimed = True
                    yield sse("claimed", {})
                elif event == "closed":
                    yield sse("closed", {})
                    return

    return EventSourceResponse(events(), ping=SSE_PING_S)

"""The counsellors' side: sign-in and sign-out, the `/desk` dashboard and its JSON and live endpoints,
and the `/display` screen of called codes.

Every endpoint here except the sign-in form and `/display` needs a counsellor session (401 without);
every state-changing request needs the session's CSRF token (the sign-in form uses a double-submit
cookie, since there is no session yet). Pages are Jinja2 templates with autoescaping; the dashboard's
script inserts visitor text with `textContent` only.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from common.centres import resolve_centre
from common.languages import CODES, DEFAULT, is_language
from common.site import site_of
from common.topics import load_taxonomy
from desk import auth, codes, labels, live, queue
from desk.centres import may_see, visible_centres
from desk.models import OUTCOMES, Ticket
from desk.models import Counsellor as CounsellorModel
from desk.security import (
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    CounsellorSession,
    is_https,
    require_counsellor,
    require_same_origin,
    require_session,
)
from desk.templating import page

router = APIRouter()
SSE_PING_S = 15
DISPLAY_CODES = 5  # the latest call and the four before it: what fits a 1920x1080 screen without scrolling
# The call screen's languages when its address names none: the declaration's first two (French, then
# English), what a centre's screen has always shown. A centre elsewhere names its own: /display?lang=es,en.
DISPLAY_LANGUAGES = CODES[:2]
DISPLAY_MAX_LANGUAGES = 3  # more would not fit a line read from across the room
LANGUAGE_COOKIE_DAYS = 365
# Where the language chooser may send the counsellor back: a staff page of this desk, never another site.
_RETURN_PATH = re.compile(r"/(desk|display)(/[A-Za-z0-9_/-]*)?(\?[A-Za-z0-9_=&.-]*)?")
Counsellor = Annotated[CounsellorSession, Depends(require_counsellor)]


class CallBody(BaseModel):
    desk: str = Field(min_length=1, max_length=16)


class CloseBody(BaseModel):
    outcome: str = Field(max_length=32)


class MessageBody(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


def _state(request: Request):
    return request.app.state.desk


def _sign_in_page(request: Request, error: str = "", status_code: int = 200) -> HTMLResponse:
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = page(request, "signin.html", {"csrf": token, "error": error}, status_code=status_code)
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=is_https(request), path="/desk"
    )
    return response


@router.get("/desk", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    state = _state(request)
    with state.database.transaction() as session:
        web_session = auth.current_session(session, request.cookies.get(SESSION_COOKIE), state.clock.now())
        if web_session is None:
            who = None
        else:
            centre = web_session.counsellor.centre
            who = {
                "centre_name": site_of(resolve_centre(centre)).name_in(DEFAULT)
                if web_session.counsellor.role != "network"
                else "Réseau des Cités des métiers",
                "username": web_session.counsellor.username,
                "role": web_session.counsellor.role,
                "areas": web_session.counsellor.areas,
                "csrf": web_session.csrf_token,
            }
    if who is None:
        return _sign_in_page(request)
    context = {
        "who": who,
        "areas": list(load_taxonomy().areas),
        "outcomes": OUTCOMES,
        "now": state.clock.now().isoformat(),  # the page's clock follows the desk's (CDM_FIXED_NOW included)
    }
    return page(request, "desk.html", context)


@router.post("/desk/language", dependencies=[Depends(require_same_origin)])
def choose_language(
    request: Request,
    lang: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=256)] = "/desk",
) -> Response:
    """Keep the counsellor's language in a cookie (the sign-in page needs it before any session) and go
    back to the page the chooser was on."""
    if lang not in labels.LANGUAGES:
        raise HTTPException(status_code=400, detail=f"language must be one of {', '.join(labels.LANGUAGES)}")
    response = RedirectResponse(next if _RETURN_PATH.fullmatch(next) else "/desk", status_code=303)
    response.set_cookie(
        labels.LANGUAGE_COOKIE,
        lang,
        max_age=LANGUAGE_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )
    return response


@router.post("/desk/sign-in")
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf: Annotated[str, Form(max_length=128)],
) -> Response:
    state = _state(request)
    state.limits.check("sign_in", request)
    if not auth.csrf_ok(request.cookies.get(SIGN_IN_CSRF_COOKIE), csrf):
        return _sign_in_page(request, "signin.expired", status_code=403)
    settings = state.settings
    refusal = ""
    # The refusal is caught inside the transaction so that the failure count and lock-out it recorded
    # are committed, not rolled back with the error.
    with state.database.transaction() as session:
        try:
            signed_in = auth.sign_in(
                session,
                username,
                password,
                state.clock.now(),
                settings.session_lifetime,
                settings.max_failed_sign_ins,
                settings.lockout,
            )
        except auth.AuthError:
            refusal = "signin.refused"  # one message for every refusal (auth.sign_in says why)
    if refusal:
        return _sign_in_page(request, refusal, status_code=401)
    response = RedirectResponse("/desk", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.cookie_value,
        max_age=int(settings.session_lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )
    response.delete_cookie(SIGN_IN_CSRF_COOKIE, path="/desk")
    return response


@router.post("/desk/sign-out")
def sign_out(
    request: Request,
    who: Annotated[CounsellorSession, Depends(require_session)],
    csrf: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    if not auth.csrf_ok(who.csrf_token, csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
    state = _state(request)
    with state.database.transaction() as session:
        auth.sign_out(session, request.cookies.get(SESSION_COOKIE), state.clock.now())
    response = RedirectResponse("/desk", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/desk/api/tickets/{code}")
def ticket_detail(code: str, request: Request, who: Counsellor) -> dict:
    state = _state(request)
    with state.database.transaction() as session:
        ticket = queue.find_open(session, code)
        if ticket is None:
            raise HTTPException(status_code=404, detail="no open ticket with this code")
        _refuse_other_centre(who.counsellor, ticket)
        queue.audit(session, who.counsellor, "read", state.context(), ticket.code)
        return queue.ticket_view(session, ticket, state.context(), with_messages=True)


def _refuse_other_centre(counsellor: CounsellorModel, ticket: Ticket) -> None:
    try:
        queue.check_centre(counsellor, ticket)
    except queue.QueueError as error:
        raise HTTPException(status_code=error.status, detail=str(error)) from error


def _act(request: Request, code: str, action) -> dict:
    state = _state(request)
    try:
        with state.database.transaction() as session:
            ticket: Ticket = action(session, state.context())
            view = queue.ticket_view(session, ticket, state.context())
            conversation_id = ticket.conversation_id
    except queue.QueueError as error:
        raise HTTPException(status_code=error.status, detail=str(error)) from error
    state.broker.publish(live.QUEUE_CHANNEL, "changed", {"code": view["code"]})
    view["_conversation_id"] = conversation_id
    return view


@router.post("/desk/api/tickets/{code}/claim")
async def claim(code: str, request: Request, who: Counsellor) -> dict:
    view = await run_in_threadpool(_act, request, code, lambda s, ctx: queue.claim(s, code, who.counsellor, ctx))
    conversation_id = view.pop("_conversation_id")
    state = _state(request)
    if view["mode"] == "live_chat":
        state.broker.publish(live.ticket_channel(view["code"]), "claimed")
        await run_in_threadpool(live.set_conversation_paused, state.settings, conversation_id, True)
    return view


@router.post("/desk/api/tickets/{code}/call")
def call(code: str, body: CallBody, request: Request, who: Counsellor) -> dict:
    view = _act(request, code, lambda s, ctx: queue.call(s, code, who.counsellor, body.desk, ctx))
    view.pop("_conversation_id")
    return view


@router.post("/desk/api/tickets/{code}/close")
async def close(code: str, body: CloseBody, request: Request, who: Counsellor) -> dict:
    view = await run_in_threadpool(
        _act, request, code, lambda s, ctx: queue.close(s, code, who.counsellor, body.outcome, ctx)
    )
    conversation_id = view.pop("_conversation_id")
    state = _state(request)
    state.broker.publish(live.ticket_channel(view["code"]), "closed")
    if view["mode"] == "live_chat":
        await run_in_threadpool(live.set_conversation_paused, state.settings, conversation_id, False)
    return view


@router.post("/desk/api/tickets/{code}/messages", status_code=201)
def counsellor_message(code: str, body: MessageBody, request: Request, who: Counsellor) -> dict:
    state = _state(request)
    try:
        with state.database.transaction() as session:
            message = queue.counsellor_message(session, code, who.counsellor, body.text, state.context())
            ticket_code, view = message.ticket.code, queue.message_view(message)
    except queue.QueueError as error:
        raise HTTPException(status_code=error.status, detail=str(error)) from error
    state.broker.publish(live.ticket_channel(ticket_code), "counsellor_message", view)
    return view


def _sse(event: str, data: object) -> dict:
    return {"event": event, "data": json.dumps(data, ensure_ascii=False)}


@router.get("/desk/events")
async def queue_events(request: Request, who: Counsellor) -> EventSourceResponse:
    """The whole open queue, sent at once and again after every change (changes in a burst coalesce).
    Each quiet interval also refreshes the session, which is how the desk knows who is online."""
    state = _state(request)
    cookie = request.cookies.get(SESSION_COOKIE)

    def snapshot() -> list[dict]:
        with state.database.transaction() as session:
            return queue.open_queue(session, state.context(), centres=visible_centres(who.counsellor))

    def still_signed_in() -> bool:
        with state.database.transaction() as session:
            return auth.current_session(session, cookie, state.clock.now()) is not None

    subscription = state.broker.subscribe(live.QUEUE_CHANNEL)

    async def events() -> AsyncIterator[dict]:
        with subscription as inbox:
            yield _sse("queue", await run_in_threadpool(snapshot))
            while True:
                try:
                    await asyncio.wait_for(inbox.get(), timeout=SSE_PING_S)
                except TimeoutError:
                    if not await run_in_threadpool(still_signed_in):
                        yield _sse("signed_out", {})
                        return
                    continue
                await asyncio.sleep(0.1)  # let a burst of changes arrive, then send one snapshot
                while not inbox.empty():
                    inbox.get_nowait()
                yield _sse("queue", await run_in_threadpool(snapshot))

    return EventSourceResponse(events(), ping=SSE_PING_S)


@router.get("/desk/api/tickets/{code}/events")
async def ticket_events(code: str, request: Request, who: Counsellor) -> EventSourceResponse:
    """New messages of one ticket's live chat, for the counsellor who has it open (of its centre)."""
    state = _state(request)
    with state.database.transaction() as session:
        ticket = queue.find_latest(session, code)
        if ticket is None:
            raise HTTPException(status_code=404, detail="no ticket with this code")
        _refuse_other_centre(who.counsellor, ticket)

    subscription = state.broker.subscribe(live.ticket_channel(codes.normalise(code) or code))

    async def events() -> AsyncIterator[dict]:
        with subscription as inbox:
            while True:
                try:
                    event, data = await asyncio.wait_for(inbox.get(), timeout=SSE_PING_S)
                except TimeoutError:
                    continue
                if event in ("visitor_message", "counsellor_message"):
                    yield _sse("message", data)
                elif event == "closed":
                    yield _sse("closed", {})
                    return

    return EventSourceResponse(events(), ping=SSE_PING_S)


def _display_centre(request: Request, centre: str | None) -> str:
    """The centre a display shows (`?centre=`, unknown: the default). The screen itself is public (codes
    and desks only), but a signed-in counsellor never opens another centre's: 403."""
    chosen = resolve_centre(centre)
    state = _state(request)
    with state.database.transaction() as session:
        web_session = auth.current_session(session, request.cookies.get(SESSION_COOKIE), state.clock.now())
        if web_session is not None and not may_see(web_session.counsellor, chosen):
            raise HTTPException(status_code=403, detail="this display belongs to another centre")
    return chosen


CentreQuery = Annotated[str | None, Query(max_length=64)]
DisplayLanguages = Annotated[str | None, Query(max_length=32)]


def display_languages(asked: str | None) -> tuple[str, ...]:
    """The languages a call screen speaks: `?lang=` as comma-separated declared codes, in the order given
    (the centre's own language first), else `DISPLAY_LANGUAGES`. An undeclared code, a repeat or too many
    is a 400: the address is set once by the centre's staff, who should see the mistake."""
    if not asked:
        return DISPLAY_LANGUAGES
    codes_asked = tuple(code.strip() for code in asked.split(","))
    if not all(is_language(code) for code in codes_asked) or len(set(codes_asked)) != len(codes_asked):
        raise HTTPException(status_code=400, detail=f"lang lists distinct codes among {', '.join(CODES)}")
    if len(codes_asked) > DISPLAY_MAX_LANGUAGES:
        raise HTTPException(status_code=400, detail=f"a call screen shows at most {DISPLAY_MAX_LANGUAGES} languages")
    return codes_asked


@router.get("/display", response_class=HTMLResponse)
def display(request: Request, centre: CentreQuery = None, lang: DisplayLanguages = None) -> HTMLResponse:
    chosen = _display_centre(request, centre)
    spoken = display_languages(lang)
    name = site_of(chosen).name_in(spoken[0])
    context = {
        "display": _display_labels(spoken),
        "centre_name": name,
        "lang": spoken[0],  # the page's own language: the first of the screen's
        "t": labels.translator(spoken[0]),
    }
    return page(request, "display.html", context)


def _display_labels(spoken: tuple[str, ...]) -> dict:
    """The call screen's words in each of its languages at once (visitors read it, not one counsellor);
    a word spelt the same in two of them is shown once."""

    def each(key: str) -> str:
        texts = dict.fromkeys(labels.translate(lang, key) for lang in spoken)
        return " · ".join(texts)

    keys = ("title", "heading", "go_to", "previous", "none")
    words = {key: each(f"display.{key}") for key in keys}
    words["areas"] = {area_id: each(f"area.{area_id}") for area_id in load_taxonomy().areas}
    return words


@router.get("/display/called")
def called_codes(request: Request, centre: CentreQuery = None) -> dict:
    """A centre's codes called to a desk, most recent first: only the code, the desk and its area, for a
    public screen."""
    chosen = _display_centre(request, centre)
    state = _state(request)
    with state.database.transaction() as session:
        rows = session.execute(
            select(Ticket.code, Ticket.desk, Ticket.area)
            .where(Ticket.status == "called", Ticket.centre == chosen)
            .order_by(Ticket.called_at.desc())
            .limit(DISPLAY_CODES)
        ).all()
    return {"called": [{"code": code, "desk": desk, "area": area} for code, desk, area in rows]}


@router.get("/display/events")
async def display_events(request: Request) -> EventSourceResponse:
    state = _state(request)

    subscription = state.broker.subscribe(live.QUEUE_CHANNEL)

    async def events() -> AsyncIterator[dict]:
        with subscription as inbox:
            yield _sse("changed", {})
            while True:
                try:
                    await asyncio.wait_for(inbox.get(), timeout=SSE_PING_S)
                except TimeoutError:
                    continue
                yield _sse("changed", {})

    return EventSourceResponse(events(), ping=SSE_PING_S)

"""Routes of the knowledge gaps: the action server reports a question it could not answer
(`POST /api/gaps`, service token), and counsellors close gaps on `/desk/gaps`.

Thin: validate, check the centre (`desk.centres.may_see`: another centre's gap, draft or ticket is a
403), call `desk.gaps` and `desk.drafts`, write the audit log (who, which group and draft; never
visitor text), answer. Bodies are bounded by the models below.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, BeforeValidator, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from common.centres import centre_ids
from common.languages import CODES
from common.topics import load_taxonomy
from desk import auth, drafts, gaps, queue
from desk.api import require_service
from desk.centres import may_see, visible_centres
from desk.labels import LANGUAGES as STAFF
from desk.labels import labels_for, language_of, translate, translator
from desk.models import Draft, GapGroup
from desk.security import SESSION_COOKIE, CounsellorSession, require_counsellor
from desk.templating import templates
from indexer.records import AUDIENCES, KINDS, LANGS
from indexer.settings import load_settings

router = APIRouter()
Staff = Annotated[CounsellorSession, Depends(require_counsellor)]
GAP_LANGUAGES = CODES
WRITERS = ("counsellor", "admin")  # network staff read every centre but write no centre's resources


def _finite(value: object) -> object:
    """NaN and infinities become a text that fails as a number: the 422 then quotes no NaN, which JSON
    cannot carry (FastAPI would fail writing its own error)."""
    return "not a finite number" if isinstance(value, float) and not math.isfinite(value) else value


class GapBody(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    language: Literal[GAP_LANGUAGES]  # type: ignore[valid-type]
    centre: str = Field(min_length=1, max_length=32)
    hour: str = Field(min_length=13, max_length=32)  # ISO 8601, on the hour
    verdict: Literal[gaps.VERDICTS]  # type: ignore[valid-type]
    vector: list[Annotated[float, BeforeValidator(_finite)]] = Field(min_length=16, max_length=4096)


class FromTicketBody(BaseModel):
    ticket: str = Field(min_length=1, max_length=16)


class DraftBody(BaseModel):
    resource_id: str = Field(max_length=120)
    title: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    topics: str = Field(max_length=400)
    lang: str = Field(max_length=2)
    audience: str = Field(max_length=400)
    where: str = Field(max_length=300)
    body: str = Field(max_length=drafts.MAX_BODY)


def _state(request: Request):
    return request.app.state.desk


def _writer(who: CounsellorSession) -> None:
    if who.counsellor.role not in WRITERS:
        raise HTTPException(status_code=403, detail="only a centre's counsellors and admins write resources")


@router.post("/api/gaps", status_code=204, dependencies=[Depends(require_service)])
def report_gap(body: GapBody, request: Request) -> Response:
    import datetime as dt

    import numpy as np

    if body.centre not in centre_ids():
        raise HTTPException(status_code=422, detail=f"unknown centre {body.centre!r}")
    try:
        hour = dt.datetime.fromisoformat(body.hour)
    except ValueError:
        raise HTTPException(status_code=422, detail="hour: not an ISO 8601 date and time") from None
    if hour.tzinfo is None or (hour.minute, hour.second, hour.microsecond) != (0, 0, 0):
        raise HTTPException(status_code=422, detail="hour: give a whole hour with its UTC offset")
    state = _state(request)
    gap = gaps.NewGap(body.centre, body.language, body.text, hour, body.verdict, np.asarray(body.vector))
    with state.database.transaction() as session:
        gaps.record(session, gap, state.settings.gaps)
    return Response(status_code=204)


def _fields(draft: Draft) -> dict[str, str]:
    return {name: getattr(draft, name) for name in drafts.FIELDS}


def _paths(request: Request) -> tuple[Path, Path]:
    settings = load_settings()
    return settings.kb_dir, settings.index_dir


def _draft_view(request: Request, draft: Draft) -> dict:
    kb_dir, index_dir = _paths(request)
    publisher = drafts.publisher_of(draft.centre, kb_dir)
    today = _state(request).clock.now().date()
    fields = _fields(draft)
    problems = []
    if draft.status == "draft":
        problems = drafts.check(fields, publisher, today, drafts.taken_ids(index_dir, kb_dir))
    return {
        "id": draft.id,
        "centre": draft.centre,
        "group": draft.group_id,
        "ticket": draft.ticket_code,
        "status": draft.status,
        "fields": fields,
        "preview": drafts.markdown(fields, publisher, today),
        "problems": [problem.as_json() for problem in problems],
        "file": draft.published_file,
    }


def _own_draft(session: Session, who: CounsellorSession, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise HTTPException(status_code=404, detail="no such draft")
    if not may_see(who.counsellor, draft.centre):
        raise HTTPException(status_code=403, detail="this draft belongs to another centre")
    return draft


def _editable_draft(session: Session, who: CounsellorSession, draft_id: int) -> Draft:
    """A draft of the counsellor's centre still being written (409 once published or discarded)."""
    draft = _own_draft(session, who, draft_id)
    if draft.status != "draft":
        raise HTTPException(status_code=409, detail=f"this draft is {draft.status}")
    return draft


def _audit(session: Session, who: CounsellorSession, action: str, request: Request, draft: Draft) -> None:
    detail = f"group={draft.group_id or '-'} draft={draft.id} resource={draft.resource_id}"
    queue.audit(session, who.counsellor, action, _state(request).context(), draft.ticket_code, detail)


def _staff(lang: str) -> str:
    """A draft's headings in its language when the staff pages speak it, else in the desk's default (its
    counsellor rewrites the draft in the resource's language anyway)."""
    return lang if lang in STAFF else STAFF[0]


def _new_draft(who: CounsellorSession, request: Request, centre: str, lang: str, title: str, body: str) -> Draft:
    now = _state(request).clock.now()
    lang = lang if lang in LANGS else LANGS[0]
    return Draft(
        centre=centre,
        resource_id=f"{centre}-{drafts.slug(title)}",
        title=title[:200],
        kind="faq",
        topics="",
        lang=lang,
        audience="all",
        where=translate(_staff(lang), "drafts.where"),
        body=body[: drafts.MAX_BODY],
        status="draft",
        created_by=who.counsellor.id,
        created_at=now,
        updated_at=now,
    )


@router.get("/desk/gaps", response_class=HTMLResponse)
def gaps_page(request: Request) -> Response:
    state = _state(request)
    with state.database.transaction() as session:
        web_session = auth.current_session(session, request.cookies.get(SESSION_COOKIE), state.clock.now())
        account = web_session.counsellor if web_session else None
        who = (account.username, account.role, web_session.csrf_token) if web_session and account else None
    if who is None:
        return RedirectResponse("/desk", status_code=303)
    lang = language_of(request)
    taxonomy = load_taxonomy()
    return templates.TemplateResponse(
        request,
        "gaps.html",
        {
            "t": translator(lang),
            "lang": lang,
            "labels": labels_for(lang),
            "username": who[0],
            "role": who[1],
            "csrf": who[2],
            "kinds": KINDS,
            "langs": LANGS,
            "audiences": AUDIENCES,
            "topics": [(topic_id, taxonomy.label(topic_id, lang)) for topic_id in taxonomy.topics],
        },
    )


@router.get("/desk/api/gaps")
def list_gaps(request: Request, who: Staff) -> dict:
    state = _state(request)
    centres = visible_centres(who.counsellor)
    with state.database.transaction() as session:
        groups = [gaps.group_view(group) for group in gaps.groups_of(session, centres)]
        query = session.query(Draft).filter(Draft.status == "draft").order_by(Draft.updated_at.desc())
        if centres is not None:
            query = query.filter(Draft.centre.in_(sorted(centres)))
        open_drafts = [
            {"id": d.id, "title": d.title, "group": d.group_id, "ticket": d.ticket_code, "centre": d.centre}
            for d in query
        ]
    return {"groups": groups, "drafts": open_drafts}


@router.post("/desk/api/gaps/{group_id}/draft", status_code=201)
def draft_from_group(group_id: int, request: Request, who: Staff) -> dict:
    _writer(who)
    state = _state(request)
    with state.database.transaction() as session:
        group = session.get(GapGroup, group_id)
        if group is None:
            raise HTTPException(status_code=404, detail="no such gap")
        if not may_see(who.counsellor, group.centre):
            raise HTTPException(status_code=403, detail="this gap belongs to another centre")
        examples = [example.text for example in reversed(group.examples)]
        title = examples[0] if examples else "Question"
        heading = translate(_staff(group.language), "drafts.questions_asked")
        answer = translate(_staff(group.language), "drafts.answer")
        asked = "\n".join(f"- {text}" for text in examples)
        body = f"## {heading}\n\n{asked}\n\n## {answer}\n\n{drafts.PLACEHOLDER}\n"
        draft = _new_draft(who, request, group.centre, group.language, title.rstrip(" ?"), body)
        draft.group_id = group.id
        session.add(draft)
        session.flush()
        _audit(session, who, "gap_draft_created", request, draft)
        return _draft_view(request, draft)


@router.post("/desk/api/drafts", status_code=201)
def draft_from_ticket(body: FromTicketBody, request: Request, who: Staff) -> dict:
    """A draft from a ticket's exchange: the visitor's (redacted) questions and the counsellor's replies."""
    _writer(who)
    state = _state(request)
    with state.database.transaction() as session:
        ticket = queue.find_open(session, body.ticket)
        if ticket is None:
            raise HTTPException(status_code=404, detail="no open ticket with this code")
        if not may_see(who.counsellor, ticket.centre):
            raise HTTPException(status_code=403, detail="this ticket belongs to another centre")
        asked = [m.text for m in ticket.messages if m.who == "visitor"]
        replies = [m.text for m in ticket.messages if m.who == "counsellor"]
        words = _staff(ticket.language)
        text = (
            f"## {translate(words, 'drafts.questions_asked')}\n\n"
            + "\n".join(f"- {line}" for line in asked[-5:])
            + f"\n\n## {translate(words, 'drafts.answer')}\n\n"
            + ("\n\n".join(replies) or drafts.PLACEHOLDER)
            + "\n"
        )
        title = (ticket.summary.splitlines() or ["Question"])[-1][:200]
        draft = _new_draft(who, request, ticket.centre, ticket.language, title, text)
        draft.ticket_code = ticket.code
        session.add(draft)
        session.flush()
        _audit(session, who, "gap_draft_created", request, draft)
        return _draft_view(request, draft)


@router.get("/desk/api/drafts/{draft_id}")
def read_draft(draft_id: int, request: Request, who: Staff) -> dict:
    with _state(request).database.transaction() as session:
        return _draft_view(request, _own_draft(session, who, draft_id))


@router.put("/desk/api/drafts/{draft_id}")
def edit_draft(draft_id: int, body: DraftBody, request: Request, who: Staff) -> dict:
    _writer(who)
    state = _state(request)
    with state.database.transaction() as session:
        draft = _editable_draft(session, who, draft_id)
        for name in drafts.FIELDS:
            setattr(draft, name, getattr(body, name).strip() if name != "body" else body.body)
        draft.updated_at = state.clock.now()
        _audit(session, who, "gap_draft_edited", request, draft)
        return _draft_view(request, draft)


@router.post("/desk/api/drafts/{draft_id}/discard")
def discard_draft(draft_id: int, request: Request, who: Staff) -> dict:
    _writer(who)
    state = _state(request)
    with state.database.transaction() as session:
        draft = _editable_draft(session, who, draft_id)
        draft.status, draft.updated_at = "discarded", state.clock.now()
        _audit(session, who, "gap_draft_discarded", request, draft)
        return _draft_view(request, draft)


@router.post("/desk/api/drafts/{draft_id}/publish")
async def publish_draft(draft_id: int, request: Request, who: Staff) -> dict:
    """Check, write into the centre's knowledge base, re-index; the draft stays a draft if any step fails."""
    _writer(who)
    state = _state(request)
    kb_dir, index_dir = _paths(request)
    with state.database.transaction() as session:
        draft = _editable_draft(session, who, draft_id)
        view = _draft_view(request, draft)
        centre, lang, resource_id = draft.centre, draft.lang, draft.resource_id
    if view["problems"]:
        raise HTTPException(status_code=422, detail=view["problems"])
    target = drafts.target_file(centre, lang, resource_id, kb_dir)
    try:
        await run_in_threadpool(
            drafts.publish, view["preview"], target, kb_dir, index_dir, state.settings.reindex_timeout_s
        )
    except drafts.PublishError as error:
        raise HTTPException(status_code=409, detail=str(error)) from error
    with state.database.transaction() as session:
        draft = _own_draft(session, who, draft_id)
        draft.status, draft.updated_at = "published", state.clock.now()
        draft.published_file = target.relative_to(kb_dir).as_posix()
        if draft.group_id is not None and (group := session.get(GapGroup, draft.group_id)) is not None:
            group.status = "closed"
        _audit(session, who, "gap_published", request, draft)
        return _draft_view(request, draft)

"""The figures' web layer: the action server's counting endpoint, the widget's anonymous `.ics` count,
and the staff's pages, JSON and CSV.

Closed by default: counting needs the service token and takes only values on the closed lists
(common/figures.py); the `.ics` count takes a centre id and nothing else, from allowed origins, rate
limited. Reading needs a signed-in account and sees only what desk/centres.py allows (403 otherwise);
the network page is for network staff only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from common.centres import centre_dir, centre_ids, resolve_centre
from common.languages import LANGUAGES, STAFF
from common.site import load_site
from desk.api import require_service
from desk.centres import may_see, visible_centres
from desk.figures import charts, report, store
from desk.labels import language_of
from desk.security import CounsellorSession, require_allowed_origin, require_counsellor
from desk.templating import page

router = APIRouter()
Staff = Annotated[CounsellorSession, Depends(require_counsellor)]
MAX_EVENTS = 32


class FigureEvent(BaseModel):
    dimension: str = Field(max_length=32)
    value: str = Field(max_length=64)


class FiguresBody(BaseModel):
    centre: str = Field(max_length=32)
    events: list[FigureEvent] = Field(min_length=1, max_length=MAX_EVENTS)


@router.post("/api/figures", status_code=204, dependencies=[Depends(require_service)])
def count_events(body: FiguresBody, request: Request) -> Response:
    """Count what the action server saw happen; the desk stamps the hour itself."""
    state = request.app.state.desk
    events = [(event.dimension, event.value) for event in body.events]
    try:
        store.check(centre_ids(), body.centre, events)
    except store.UnknownFigure as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
    with state.database.transaction() as session:
        store.count(session, body.centre, events, state.clock.now())
    return Response(status_code=204)


@router.post("/api/figures/ics", status_code=204, dependencies=[Depends(require_allowed_origin)])
def count_ics(request: Request, centre: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    """The widget's "add to my calendar" link was used: one count, no session id, no body. The centre is
    the page's untrusted `data-centre`, read like any client's (common/centres.py: a known id, else the
    deployment's default centre), so only a known id is ever stored."""
    state = request.app.state.desk
    state.limits.check("ics", request)
    with state.database.transaction() as session:
        store.count(session, resolve_centre(centre), [("workshop", "ics")], state.clock.now())
    return Response(status_code=204)


@cache
def _zone_of_centre_file(path: Path) -> ZoneInfo:
    return load_site(path).timezone


def centre_zone(request: Request, centre: str) -> ZoneInfo:
    """A centre's time zone, from its own site.yml, else the desk's site (a single-centre layout)."""
    own = centre_dir(centre) / "site.yml"
    return _zone_of_centre_file(own) if own.is_file() else request.app.state.desk.site.timezone


@dataclass(frozen=True)
class Query_:
    """What a figures request asks for, checked: the centres, the period and the language."""

    centres: tuple[str, ...]
    period: report.Period
    lang: str
    network: bool


def _query(request: Request, staff: CounsellorSession, centre: str | None, pick: Picked, network: bool) -> Query_:
    counsellor = staff.counsellor
    known = centre_ids()
    if network:
        if visible_centres(counsellor) is not None:
            raise HTTPException(status_code=403, detail="the network's figures are for network staff")
        centres = known
    else:
        chosen = centre or counsellor.centre
        # Refused before the look-up, so that a counsellor learns nothing of other centres, not even an id.
        if not may_see(counsellor, chosen):
            raise HTTPException(status_code=403, detail="these figures belong to another centre")
        if chosen not in known:
            raise HTTPException(status_code=422, detail=f"unknown centre {chosen!r}")
        centres = (chosen,)
    zone = centre_zone(request, centres[0] if len(centres) == 1 else counsellor.centre)
    today = request.app.state.desk.clock.now().astimezone(zone).date()
    try:
        chosen_period = report.period(pick.period, today, zone, pick.first, pick.last)
    except report.BadPeriod as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
    return Query_(tuple(centres), chosen_period, pick.lang, network)


def _sections(request: Request, centres: tuple[str, ...], chosen: report.Period):
    state = request.app.state.desk
    with state.database.transaction() as session:
        cells = store.totals(session, centres, chosen.start, chosen.end)
        hours = store.hourly(session, centres, "channel", chosen.start, chosen.end)
    zones = {centre: centre_zone(request, centre) for centre in centres}
    return cells, report.raw_sections(cells, hours, zones)


Period = Annotated[Literal["this_month", "last_month", "this_year", "custom"], Query()]


@dataclass(frozen=True)
class Picked:
    """The period picker's and the language switch's parameters, as a page, the JSON and the CSV take them."""

    period: str
    first: dt.date | None
    last: dt.date | None
    lang: str


def picked(
    request: Request,
    period: Period = "this_month",
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    lang: Annotated[Literal[STAFF] | None, Query()] = None,  # type: ignore[valid-type]
) -> Picked:
    """Without `?lang=`, the pages, the JSON's labels and the CSV speak the counsellor's language (the
    desk's chooser, else the browser's; desk/labels.py)."""
    return Picked(period, first, last, lang or language_of(request))


Pick = Annotated[Picked, Depends(picked)]
Centre = Annotated[str | None, Query(max_length=32)]


def _json(query: Query_, cells, sections) -> dict:
    body = {
        "centres": list(query.centres),
        "period": {"kind": query.period.kind, "from": str(query.period.first), "to": str(query.period.last)},
        "conversations": report.shown(report.conversations(sections)),
        "sections": report.suppressed(sections),
    }
    if query.network:
        body["per_centre"] = {
            centre: {column: report.shown(n) for column, n in row.items()}
            for centre, row in report.per_centre(cells).items()
        }
    return body


@router.get("/desk/figures.json")
def figures_json(request: Request, staff: Staff, pick: Pick, centre: Centre = None, network: bool = False) -> dict:
    query = _query(request, staff, centre, pick, network)
    cells, sections = _sections(request, query.centres, query.period)
    return _json(query, cells, sections)


@router.get("/desk/figures.csv")
def figures_csv(request: Request, staff: Staff, pick: Pick, centre: Centre = None, network: bool = False) -> Response:
    """The activity report's CSV: every centre asked for, and for the network the roll-up ("all") too."""
    query = _query(request, staff, centre, pick, network)
    sections = _sections(request, query.centres, query.period)[1]
    by_centre: dict[str, dict] = {}
    if query.network:
        by_centre["all"] = sections
        for one in query.centres:
            by_centre[one] = _sections(request, (one,), query.period)[1]
    else:
        by_centre[query.centres[0]] = sections
    out = io.StringIO()
    csv.writer(out).writerows(report.csv_rows(by_centre, query.period, query.lang))
    name = f"figures-{'network' if network else query.centres[0]}-{query.period.first}-{query.period.last}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


HORIZONTAL = ("intent", "topic", "handoff_area", "activity", "next_step")


def _page(request: Request, query: Query_, network: bool) -> HTMLResponse:
    cells, sections = _sections(request, query.centres, query.period)
    lang = query.lang
    shown = report.suppressed(sections)
    blocks = []
    for name in report.PAGE_ORDER:
        items = [(report.value_label(name, value, lang), n) for value, n in shown[name].items()]
        chart = charts.bar_chart(report.section_title(name, lang), items, name in HORIZONTAL) if items else None
        blocks.append({"id": name, "title": report.section_title(name, lang), "items": items, "chart": chart})
    per_centre = None
    if network:
        columns = [report.labels()["columns"][column][lang] for column in report.PER_CENTRE_COLUMNS]
        rows = [
            (centre, [report.shown(row[column]) for column in report.PER_CENTRE_COLUMNS])
            for centre, row in report.per_centre(cells).items()
        ]
        per_centre = {"columns": columns, "rows": rows}
    words = {key: report.word(key, lang) for key in report.labels()["page"]}
    context = {
        "lang": lang,
        "other_langs": [(code, LANGUAGES[code].own_name) for code in STAFF if code != lang],
        "words": words,
        "network": network,
        "path": "/desk/network" if network else "/desk/figures",
        "centre": query.centres[0] if not network else "",
        "period": query.period,
        "periods": report.PERIODS,
        "conversations": report.shown(report.conversations(sections)),
        "blocks": blocks,
        "per_centre": per_centre,
        "csv": _csv_link(query, network),
    }
    return page(request, "figures.html", context)


def _csv_link(query: Query_, network: bool) -> str:
    params = [f"period={query.period.kind}", f"lang={query.lang}"]
    if query.period.kind == "custom":
        params += [f"from={query.period.first}", f"to={query.period.last}"]
    params.append("network=true" if network else f"centre={query.centres[0]}")
    return "/desk/figures.csv?" + "&".join(params)


@router.get("/desk/figures", response_class=HTMLResponse)
def figures_page(request: Request, staff: Staff, pick: Pick, centre: Centre = None) -> HTMLResponse:
    """A centre's figures: charts and tables for the period picked."""
    query = _query(request, staff, centre, pick, network=False)
    return _page(request, query, network=False)


@router.get("/desk/network", response_class=HTMLResponse)
def network_page(request: Request, staff: Staff, pick: Pick) -> HTMLResponse:
    """Every centre rolled up, with a per-centre table: network staff only."""
    query = _query(request, staff, None, pick, network=True)
    return _page(request, query, network=True)

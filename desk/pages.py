"""The visitor's pages, served from the top-level `web/` folder: the demo website with the widget (`/`),
the widget itself (`/widget.js`), the kiosk (`/kiosk`) and their assets (`/static/...`).

The two pages leave the widget's `data-server` empty and the desk writes in where browsers reach Rasa
(`CDM_RASA_PUBLIC_URL`); left empty, the widget talks to the origin it was loaded from (a reverse proxy
that serves both), so no page names a host or port.

No cookie is ever set on these responses; they are cacheable for a short while (assets change with
releases, not per visitor), gzip-compressed by the app's middleware, and under the visitor CSP.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from common.centres import resolve_centre
from common.languages import DEFAULT, or_default
from common.site import site_of
from desk.web_strings import widget_script

router = APIRouter()
PAGE_CACHE = "public, max-age=300"
ASSET_CACHE = "public, max-age=3600"


def _file(request: Request, relative: str, cache: str) -> FileResponse:
    web_dir: Path = request.app.state.desk.settings.web_dir.resolve()
    target = (web_dir / relative).resolve()
    if not target.is_relative_to(web_dir) or not target.is_file():
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(target, headers={"Cache-Control": cache})


SERVER_SLOT = 'data-server=""'


def _page(request: Request, relative: str, centre: str | None, lang: str | None = None) -> HTMLResponse:
    """An HTML page with the Rasa server's public address written into the widget's script tag, the
    centre of `?centre=` (unknown or absent: the default centre) into its `%CENTRE...%` slots: its id
    for the widget's `data-centre`, its name and address for the visitor; and the language of `?lang=`
    (a declared one, else the default) as the page's and the widget's first language."""
    path = _file(request, relative, PAGE_CACHE).path
    server = escape(request.app.state.desk.settings.rasa_public_url, quote=True)
    html = Path(path).read_text(encoding="utf-8").replace(SERVER_SLOT, f'data-server="{server}"', 1)
    chosen = resolve_centre(centre)
    site = site_of(chosen)
    slots = {
        "%CENTRE_NAME%": site.name_in(DEFAULT),
        "%CENTRE_STREET%": site.address["street"],
        "%CENTRE_POSTCODE%": site.address["postcode"],
        "%CENTRE_CITY%": site.address["city"],
        "%CENTRE_ACCESS%": site.text(site.access, DEFAULT),
        "%CENTRE%": chosen,
    }
    for slot, value in slots.items():
        html = html.replace(slot, escape(value, quote=True))
    chosen_lang = or_default(lang)
    html = html.replace(f'<html lang="{DEFAULT}">', f'<html lang="{chosen_lang}">', 1)
    html = html.replace(f'data-lang="{DEFAULT}" data-centre=', f'data-lang="{chosen_lang}" data-centre=', 1)
    return HTMLResponse(html, headers={"Cache-Control": PAGE_CACHE})


CentreQuery = Annotated[str | None, Query(max_length=64)]
LangQuery = Annotated[str | None, Query(max_length=8)]


@router.get("/")
def home(request: Request, centre: CentreQuery = None, lang: LangQuery = None) -> HTMLResponse:
    return _page(request, "index.html", centre, lang)


@router.get("/widget.js")
def widget(request: Request) -> Response:
    """The widget's script, its words written in from the pages' catalogue (desk/web_strings.py)."""
    web_dir: Path = request.app.state.desk.settings.web_dir.resolve()
    script = widget_script(web_dir)
    return Response(script, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": PAGE_CACHE})


@router.get("/kiosk")
def kiosk(request: Request, centre: CentreQuery = None, lang: LangQuery = None) -> HTMLResponse:
    return _page(request, "kiosk.html", centre, lang)


@router.get("/static/{path:path}")
def static(path: str, request: Request) -> FileResponse:
    return _file(request, f"static/{path}", ASSET_CACHE)

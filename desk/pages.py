"""The visitor's pages, served from the top-level `web/` folder: the demo website with the widget (`/`),
the widget itself (`/widget.js`), the kiosk (`/kiosk`) and their assets (`/static/...`).

No cookie is ever set on these responses; they are cacheable for a short while (assets change with
releases, not per visitor), gzip-compressed by the app's middleware, and under the visitor CSP.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

router = APIRouter()
PAGE_CACHE = "public, max-age=300"
ASSET_CACHE = "public, max-age=3600"


def _file(request: Request, relative: str, cache: str) -> FileResponse:
    web_dir: Path = request.app.state.desk.settings.web_dir.resolve()
    target = (web_dir / relative).resolve()
    if not target.is_relative_to(web_dir) or not target.is_file():
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(target, headers={"Cache-Control": cache})


@router.get("/")
def home(request: Request) -> FileResponse:
    return _file(request, "index.html", PAGE_CACHE)


@router.get("/widget.js")
def widget(request: Request) -> FileResponse:
    return _file(request, "widget.js", PAGE_CACHE)


@router.get("/kiosk")
def kiosk(request: Request) -> FileResponse:
    return _file(request, "kiosk.html", PAGE_CACHE)


@router.get("/static/{path:path}")
def static(path: str, request: Request) -> FileResponse:
    return _file(request, f"static/{path}", ASSET_CACHE)

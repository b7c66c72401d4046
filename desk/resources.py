"""The originals of cited resources, for a visitor who follows a citation: `GET /resources/<id>.pdf` (a
centre's PDF leaflet, as the index read it) and `GET /resources/<id>.html` (a Markdown resource, shown as
a plain page).

The HTML form exists for the network's own resources: a sheet the network writes for every centre has no
shelf that a visitor of each centre could walk to, so its citation links here instead (see
`actions/answers.where_to_find`). A route hands out only what the current index read from a file of that
kind: an id the index does not hold, a path, or a file that resolves outside the knowledge-base folder is
a 404. The page's own words (publisher, sources, the way back) speak the visitor's language, which the
widget's link carries as `?lang=` (an Italian visitor may be cited a French sheet: its text stays French,
marked so, around it Italian); without one, the resource's language. Read-only and public like the
visitor's pages (no cookie); the folders are the indexer's own settings (`CDM_KB_DIR`, `CDM_INDEX_DIR`).
The Markdown is rendered with raw HTML disabled, so a resource's text can never become markup or script.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import yaml
from babel.dates import format_date
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from markdown_it import MarkdownIt

from common.languages import is_language, locale_of, or_default
from desk.labels import translator
from desk.templating import templates
from indexer.settings import load_settings
from indexer.sources.markdown import split_front_matter
from indexer.store import indexed_files

router = APIRouter()
PREFIX = "/resources/"
ORIGINAL_CACHE = "public, max-age=300"
_ID = re.compile(r"[a-z0-9-]{1,120}")  # a resource id as knowledge_base/README.md defines it
_SUFFIXES = {"pdf": (".pdf",), "html": (".md", ".markdown")}
_MARKDOWN = MarkdownIt("js-default")  # CommonMark with raw HTML off and unsafe link schemes refused


def original_path(resource_id: str, suffixes: tuple[str, ...], kb_dir: Path, index_dir: Path) -> Path | None:
    """The file ending in one of `suffixes` that the current index read `resource_id` from, inside
    `kb_dir`, or None."""
    if not _ID.fullmatch(resource_id):
        return None
    relative = indexed_files(index_dir, suffixes).get(resource_id)
    if relative is None:
        return None
    root = kb_dir.resolve()
    target = (root / relative).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


def _resource_page(request: Request, resource_id: str, source: Path, visitor_lang: str | None) -> HTMLResponse:
    front, body, _ = split_front_matter(source.read_text(encoding="utf-8"))
    meta = yaml.safe_load(front) or {}
    sources = meta.get("sources") or []
    resource_lang = or_default(meta.get("lang"))
    lang = visitor_lang if is_language(visitor_lang) else resource_lang
    context = {
        "id": resource_id,
        "lang": lang,
        "resource_lang": resource_lang,
        "t": translator(lang),
        "title": str(meta.get("title") or resource_id),
        "publisher": str(meta.get("publisher") or ""),
        "updated": _long_date(meta.get("updated"), lang),
        "body": _MARKDOWN.render(body),
        "sources": [str(item) for item in sources] if isinstance(sources, list) else [],
    }
    response = templates.TemplateResponse(request, "resource.html", context)
    response.headers["Cache-Control"] = ORIGINAL_CACHE
    return response


def _long_date(value: object, lang: str) -> str:
    """The check date as the page's reader says it ("11 octobre 2026", "October 11, 2026"); front matter
    holds it in ISO form, which YAML reads as a date. Anything else is shown as written."""
    if isinstance(value, date):
        return format_date(value, format="long", locale=locale_of(lang))
    return str(value or "")


@router.get(PREFIX + "{name}", response_model=None)
def original(request: Request, name: str, lang: Annotated[str | None, Query(max_length=8)] = None) -> Response:
    resource_id, _, suffix = name.rpartition(".")
    settings = load_settings()
    suffixes = _SUFFIXES.get(suffix)
    target = original_path(resource_id, suffixes, settings.kb_dir, settings.index_dir) if suffixes else None
    if target is None:
        raise HTTPException(status_code=404, detail="no such resource")
    if suffix == "html":
        return _resource_page(request, resource_id, target, lang)
    return FileResponse(
        target,
        media_type="application/pdf",
        filename=f"{resource_id}.pdf",
        content_disposition_type="inline",
        headers={"Cache-Control": ORIGINAL_CACHE},
    )

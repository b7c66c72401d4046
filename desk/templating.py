"""How every staff page is rendered: one Jinja2 environment (autoescaping) and one `page()` that gives each
template the counsellor's language, `t("key")` for its words, and the whole catalogue for its script.

The catalogue reaches the page's script as a JSON script tag (`labels` in the template, read by
desk.js/display.js): the CSP forbids inline script, and a `type="application/json"` block is data, never
run. Pages added by other parts of the desk (figures, gaps) render through `page()` too, so that they
speak the counsellor's language without further wiring.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from desk.labels import LANGUAGES, labels_for, language_of, translator

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))


def page(request: Request, name: str, context: dict | None = None, status_code: int = 200) -> HTMLResponse:
    """Render a staff page in the counsellor's language."""
    lang = language_of(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    values = {
        "lang": lang,
        "languages": LANGUAGES,
        "t": translator(lang),
        "labels": labels_for(lang),
        "here": here,
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, values, status_code=status_code)

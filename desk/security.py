"""Security for every response and every counsellor request.

`SecurityHeaders` adds a strict Content-Security-Policy (no inline script, nothing from a third party;
the visitor pages may also talk to the Rasa server), no-sniff, no framing and no referrer, and keeps
the API and dashboard out of caches. `require_counsellor` answers 401 without a live session and 403
without the session's CSRF token on a state-changing request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk import auth
from desk.models import Counsellor

SESSION_COOKIE = "cdm_desk_session"
SIGN_IN_CSRF_COOKIE = "cdm_desk_csrf"
CSRF_HEADER = "x-csrf-token"
_BASE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_VISITOR_PREFIXES = ("/static/", "/widget.js", "/kiosk")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class SecurityHeaders:
    """Pure ASGI middleware (it must not buffer server-sent events)."""

    def __init__(self, app: ASGIApp, rasa_origin: str = "") -> None:
        self.app = app
        rasa = _origin(rasa_origin)
        extra = f" {rasa}" if rasa else ""
        self.desk_csp = f"{_BASE_CSP}; connect-src 'self'"
        self.visitor_csp = f"{_BASE_CSP}; connect-src 'self'{extra}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        visitor = path == "/" or path.startswith(_VISITOR_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = self.visitor_csp if visitor else self.desk_csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if not visitor and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class CounsellorSession:
    counsellor: Counsellor
    csrf_token: str


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def require_session(request: Request) -> CounsellorSession:
    """The signed-in counsellor, or 401; the caller checks the CSRF token itself (plain forms)."""
    state = request.app.state.desk
    cookie = request.cookies.get(SESSION_COOKIE)
    with state.database.transaction() as session:
        web_session = auth.current_session(session, cookie, state.clock.now())
        if web_session is None:
            raise HTTPException(status_code=401, detail="sign in at /desk first")
        return CounsellorSession(web_session.counsellor, web_session.csrf_token)


def require_counsellor(request: Request) -> CounsellorSession:
    """The signed-in counsellor (401 otherwise); state-changing methods also need the CSRF token header."""
    found = require_session(request)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not auth.csrf_ok(
        found.csrf_token, request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
    return found

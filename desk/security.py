"""Security for every response and every counsellor request.

`SecurityHeaders` adds a strict Content-Security-Policy (no inline script, nothing from a third party;
the visitor pages may also talk to the Rasa server), no-sniff, no framing and no referrer, and keeps
the API and dashboard out of caches. One exception to "no framing": the originals of cited resources
(`/resources/...`) may be framed by a page of the desk's own origin, the kiosk, which shows them inside
itself rather than in a new tab a shared screen could not close (`web/widget.js`, the reader).
`require_counsellor` answers 401 without a live session and 403 without the session's CSRF token on a
state-changing request.

The live-chat API (`/api/live/*`) is the one part a page of another origin uses (the widget embedded on
the centre's own website): `LiveApiCors` answers CORS for the configured origins only, preflight
included, and the visitor's secret travels in an HttpOnly cookie scoped to that API
(`set_live_cookie`); `require_allowed_origin` refuses a state-changing request sent by any other page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request, Response
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk import auth
from desk.models import Counsellor
from desk.resources import PREFIX as RESOURCES_PREFIX

SESSION_COOKIE = "cdm_desk_session"
LIVE_COOKIE = "cdm_live"
LIVE_PREFIX = "/api/live/"
LIVE_COOKIE_MAX_AGE_S = 12 * 3600  # a live chat happens within one opening day
SIGN_IN_CSRF_COOKIE = "cdm_desk_csrf"
CSRF_HEADER = "x-csrf-token"
_BASE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; base-uri 'none'"
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
        self.desk_csp = f"{_BASE_CSP}; frame-ancestors 'none'; connect-src 'self'"
        # the kiosk frames the desk's resource pages and leaflets (its reader), nothing else
        self.visitor_csp = f"{_BASE_CSP}; frame-ancestors 'none'; connect-src 'self'{extra}; frame-src 'self'"
        self.framed_csp = f"{_BASE_CSP}; frame-ancestors 'self'; connect-src 'self'"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        visitor = path == "/" or path.startswith(_VISITOR_PREFIXES)
        framed = path.startswith(RESOURCES_PREFIX)
        csp = self.visitor_csp if visitor else self.framed_csp if framed else self.desk_csp

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "SAMEORIGIN" if framed else "DENY"
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


class LiveApiCors:
    """Starlette's CORS middleware, applied to the live-chat API only and with credentials (the cookie):
    the rest of the desk (dashboard, service API) stays same-origin."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_credentials=True,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(LIVE_PREFIX):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def require_allowed_origin(request: Request) -> None:
    """403 for a browser request sent by a page that is neither the desk's nor a configured origin: the
    cookie would otherwise let any site post into a visitor's live chat (a form needs no preflight)."""
    origin = request.headers.get("origin")
    if origin is None:
        return  # not sent by a page's script (curl, the tests, the action server)
    if origin != _own_origin(request) and origin not in request.app.state.desk.settings.allowed_origins:
        raise HTTPException(status_code=403, detail=f"origin {origin} is not in CDM_ALLOWED_ORIGINS")


def require_same_origin(request: Request) -> None:
    """403 for a form posted by another site's page: the staff pages' own forms that need no session
    (the language chooser, also on the sign-in page) accept only the desk's own pages.

    Browsers name the sender in `Sec-Fetch-Site`; `Origin` alone cannot tell, since the desk's
    `Referrer-Policy: no-referrer` makes its own forms post with `Origin: null`."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site is not None:
        refused = site not in ("same-origin", "none")
    else:
        refused = origin not in (None, "null", _own_origin(request))
    if refused:
        raise HTTPException(status_code=403, detail="the desk's pages accept this form from the desk only")


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


def _live_cookie_options(request: Request, code: str) -> dict:
    # A cookie sent with another site's requests must be SameSite=None, which browsers accept only when
    # Secure (HTTPS); over plain HTTP (a laptop, loopback) Lax covers same-site pages.
    https = is_https(request)
    return {"path": f"{LIVE_PREFIX}{code}", "httponly": True, "secure": https, "samesite": "none" if https else "lax"}


def set_live_cookie(response: Response, request: Request, code: str, secret: str) -> None:
    response.set_cookie(LIVE_COOKIE, secret, max_age=LIVE_COOKIE_MAX_AGE_S, **_live_cookie_options(request, code))


def clear_live_cookie(response: Response, request: Request, code: str) -> None:
    response.delete_cookie(LIVE_COOKIE, **_live_cookie_options(request, code))

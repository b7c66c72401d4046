"""Serve the visitor's pages (`web/`) on loopback the way the desk does, until the desk's app is in the tree.

Same routes as the desk contract (`/`, `/kiosk`, `/widget.js`, `/static/...`) and a strict Content-Security-
Policy like the desk's, so that the browser tests also prove the pages need no inline script or style and
talk to nothing but the page's own origin and the Rasa server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
PAGES = {"/": "index.html", "/kiosk": "kiosk.html", "/widget.js": "widget.js"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


def content_security_policy(rasa_url: str) -> str:
    """The policy the desk is expected to send: our own origin for everything, plus Rasa for fetch."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {rasa_url}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


def resolve(path: str) -> Path | None:
    """The file under web/ for a request path, or None (never a file outside web/static)."""
    path = path.split("?", 1)[0]
    if path in PAGES:
        return WEB / PAGES[path]
    if path.startswith("/static/"):
        candidate = (WEB / "static" / path.removeprefix("/static/")).resolve()
        if candidate.is_file() and (WEB / "static") in candidate.parents:
            return candidate
    return None


def _handler(csp: str) -> type[BaseHTTPRequestHandler]:
    class WebHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            file = resolve(self.path)
            if file is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            body = file.read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return WebHandler


@contextmanager
def serving_web(rasa_url: str) -> Iterator[str]:
    """Serve web/ on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(content_security_policy(rasa_url)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

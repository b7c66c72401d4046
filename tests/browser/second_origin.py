"""A second loopback origin for the browser tests: a tiny web server standing for a page that is not
the desk's (the centre's own website embedding the widget, or a page that loads another chat client).

Python's standard `http.server` in a thread: each test gives the HTML to serve at `/`, and may add a
few static files, so that the page's origin (another port) differs from the desk's and Rasa's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from deploy.stack import free_port


@dataclass
class Site:
    origin: str
    page: str = "<!doctype html><title>empty</title>"
    files: dict[str, Path] = field(default_factory=dict)  # URL path -> file served as JavaScript


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/":
                self._answer(site.page.encode("utf-8"), "text/html; charset=utf-8")
            elif self.path in site.files:
                self._answer(site.files[self.path].read_bytes(), "text/javascript; charset=utf-8")
            else:
                self.send_error(404)

        def _answer(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # quiet: the tests report what matters
            pass

    return Handler


@contextmanager
def second_origin() -> Iterator[Site]:
    port = free_port()
    site = Site(f"http://127.0.0.1:{port}")
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

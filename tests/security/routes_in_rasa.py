"""Run by tests/security/test_routes_closed.py under .venv-rasa (Rasa needs Python 3.10): builds the Rasa
server's Sanic app the way `rasa run --enable-api` does, with this project's channels, and prints its
routes as one JSON line: a list of {"path", "methods"} (paths from the root, parameters in <...>)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.core import run


def routes() -> list[dict]:
    channels = run.create_http_input_channels(None, "bot/credentials.yml")
    app = run.configure_app(channels, cors=None, auth_token="listing", enable_api=True, use_uvloop=False)
    found = []
    for route in app.router.routes:
        path = "/" + route.path.lstrip("/")
        found.append({"path": path, "methods": sorted(route.methods)})
    return found


if __name__ == "__main__":
    print(json.dumps(routes()))

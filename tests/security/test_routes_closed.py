"""Issue 15's acceptance, closed by default: every route of every process, listed from the process's own
application, is tried without credentials against the real stack.

- The Rasa server: every route but the channels' (the widget's webhook and socket.io) and two harmless
  greetings refuses a caller without the token (401/403), and one with a wrong token; with the token the
  API answers, so the refusals are the token's doing. Only the configured origin may call it from a
  browser.
- The action server: it listens on loopback only (its routes have no authentication of their own).
- The desk: with a ticket whose summary and transcript carry markers, no route gives any of them, or
  anything but a refusal on a counsellor's route, to an anonymous caller.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from deploy.stack import ROOT, Stack
from tests.bot.rasa_script import run_in_rasa
from tests.desk.server import DeskServer, add_counsellor

pytestmark = pytest.mark.integration
# What a visitor's browser needs (the channels) and two greetings that say nothing about conversations.
RASA_PUBLIC = {"/", "/version", "/webhooks/rest", "/webhooks/rest/webhook", "/webhooks/socketio", "/socket.io"}
# The desk's routes a counsellor signs in to use; everything else is the visitors' or the service's.
COUNSELLOR_ONLY = re.compile(r"^/desk/(api|events)|^/api/tickets$")
SERVICE_ONLY = {("POST", "/api/tickets"), ("GET", "/api/availability"), ("POST", "/api/gaps")}


def rasa_routes() -> list[dict]:
    return run_in_rasa(
        Path(__file__).with_name("routes_in_rasa.py"),
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
    )


def desk_routes() -> Iterator[tuple[str, str]]:
    """(method, path) of every route of the desk's application, included routers and mounts too."""
    from desk.app import create_app

    def walk(routes: list, prefix: str = "") -> Iterator[tuple[str, str]]:
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif getattr(route, "methods", None):
                for method in sorted(route.methods - {"HEAD"}):
                    yield method, prefix + route.path
            else:
                yield "GET", prefix + route.path + "/anything"

    yield from walk(create_app().routes)


def filled(path: str, values: dict[str, str]) -> str:
    return re.sub(r"[<{](\w+)(:[^>}]*)?[>}]", lambda m: values.get(m.group(1), "anything"), path)


def read_briefly(response: requests.Response, limit: int = 65536) -> str:
    """The body of a response that may be an endless event stream: what arrives in a few seconds."""
    body = b""
    try:
        for chunk in response.iter_content(chunk_size=1024):
            body += chunk
            if len(body) >= limit:
                break
    except requests.RequestException:
        pass
    finally:
        response.close()
    return body.decode("utf-8", errors="replace")


def test_every_rasa_management_route_needs_the_token(stack: Stack):
    routes = rasa_routes()
    closed = [(method, route["path"]) for route in routes for method in route["methods"] if method != "OPTIONS"]
    closed = [(method, path) for method, path in closed if path not in RASA_PUBLIC]
    assert len(closed) >= 15, f"the listing missed Rasa's API: {routes}"
    assert ("PUT", "/model") in closed and ("GET", "/conversations/<conversation_id:path>/tracker") in closed
    for method, path in closed:
        url = stack.rasa_url + filled(path, {"conversation_id": "someone-else"})
        for params in ({}, {"token": "not-the-token"}):
            response = requests.request(method, url, params=params, json={}, timeout=60)
            assert response.status_code in (401, 403), f"{method} {path} {params}: {response.status_code}"
    assert stack.api("GET", "/status").status_code == 200, "with the token the API answers"


def test_rasa_accepts_browsers_from_the_configured_origin_only(stack: Stack):
    def preflight(origin: str) -> str | None:
        headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        response = requests.options(f"{stack.rasa_url}/webhooks/rest/webhook", headers=headers, timeout=30)
        return response.headers.get("Access-Control-Allow-Origin")

    assert preflight(str(stack.desk_url)) == stack.desk_url
    assert preflight("https://attacker.example") is None


def test_the_action_server_listens_on_loopback_only(stack: Stack):
    [actions] = [service for service in stack.services if service.name == "actions"]
    process = psutil.Process(actions.process.pid)
    listening = [
        conn.laddr
        for proc in [process, *process.children(recursive=True)]
        for conn in proc.net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN
    ]
    assert listening, "the action server listens nowhere?"
    assert {address.ip for address in listening} <= {"127.0.0.1", "::1"}, listening


@pytest.fixture(scope="module")
def marked_ticket(stack: Stack) -> tuple[str, list[str]]:
    """A ticket whose summary and transcript carry markers no public answer may contain."""
    marker = uuid.uuid4().hex[:10]
    secrets = [f"resume{marker}", f"visiteur{marker}", f"robot{marker}"]
    body = {
        "conversation_id": f"test-{marker}",
        "area": "orientation",
        "language": "fr",
        "channel": "web",
        "summary": f"Besoin : {secrets[0]}",
        "transcript": [{"who": "visitor", "text": secrets[1]}, {"who": "bot", "text": secrets[2]}],
    }
    headers = {"Authorization": f"Bearer {stack.desk_token}"}
    response = requests.post(f"{stack.desk_url}/api/tickets", json=body, headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()["code"], secrets


def test_no_desk_route_gives_visitor_text_to_an_anonymous_caller(stack: Stack, marked_ticket):
    code, secrets = marked_ticket
    routes = list(desk_routes())
    assert len(routes) >= 20 and ("GET", "/api/tickets") in routes, routes
    for method, path in routes:
        url = stack.desk_url + filled(path, {"code": code, "path": "widget.css"})
        response = requests.request(method, url, json={}, stream=True, timeout=(10, 3), allow_redirects=False)
        body = read_briefly(response)
        assert response.status_code < 500, f"{method} {path}: {response.status_code}"
        assert not any(secret in body for secret in secrets), f"{method} {path} gave visitor text away"
        if COUNSELLOR_ONLY.match(path) and path != "/desk":
            assert response.status_code in (401, 403), f"{method} {path}: {response.status_code}"
        if (method, path) in SERVICE_ONLY:
            assert response.status_code in (401, 403), f"{method} {path}: {response.status_code}"
    # The same routes do hold the text for a counsellor: the markers would have been found if leaked.
    assert stack.desk_dir is not None
    database_url = f"sqlite:///{stack.desk_dir / 'desk.sqlite3'}"
    add_counsellor(database_url, "security-check")
    [service] = [service for service in stack.services if service.name == "desk"]
    desk = DeskServer(str(stack.desk_url), database_url, service.process, service.log)
    seen = desk.counsellor("security-check").get(f"{stack.desk_url}/desk/api/tickets/{code}", timeout=30).text
    assert all(secret in seen for secret in secrets), seen[:500]

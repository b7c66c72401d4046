"""Start the real desk (`python -m desk`) on a free loopback port, and talk to it as the action server,
a visitor and a counsellor would. Used by the desk's API, durability and browser tests."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from deploy.stack import ROOT, free_port

SERVICE_TOKEN = "test-service-token-0123456789"
PASSWORD = "correct horse battery staple"
# Wednesday 25 November 2026, 11:00 in Paris: the centre is open (09:30-18:00 on Wednesdays).
OPEN_NOW = "2026-11-25T11:00:00+01:00"
START_TIMEOUT_S = 120
# The centre's own website, where the widget is embedded: the origin allowed to use the live-chat API.
SITE_ORIGIN = "https://www.rivemont.example"


@dataclass
class DeskServer:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path
    signed_in: dict[str, requests.Session] = field(default_factory=dict)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def create_ticket(self, timeout: float = 120, **fields: object) -> requests.Response:
        return requests.post(
            f"{self.url}/api/tickets",
            json=ticket_body(**fields),
            headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
            timeout=timeout,
        )

    def counsellor(self, username: str, fresh: bool = False) -> requests.Session:
        """A signed-in browser-like session (cookies) with its CSRF token set as a default header; reused
        across tests unless `fresh` (sign-in is rate-limited, as it should be)."""
        if not fresh and username in self.signed_in:
            return self.signed_in[username]
        session = requests.Session()
        page = session.get(f"{self.url}/desk", timeout=30)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        response = session.post(
            f"{self.url}/desk/sign-in",
            data={"username": username, "password": PASSWORD, "csrf": csrf},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 303, response.text
        dashboard = session.get(f"{self.url}/desk", timeout=30)
        session.headers["X-CSRF-Token"] = re.search(r'name="csrf-token" content="([^"]+)"', dashboard.text).group(1)
        if not fresh:
            self.signed_in[username] = session
        return session


def bearer(secret: str) -> dict[str, str]:
    """How a client other than a browser presents a visitor's live-chat secret."""
    return {"Authorization": f"Bearer {secret}"}


def ticket_body(**fields: object) -> dict:
    body = {
        "conversation_id": f"conv-{uuid.uuid4().hex[:12]}",  # one conversation per ticket, as visitors do
        "area": "orientation",
        "topic": "discover_jobs",
        "language": "fr",
        "channel": "web",
        "urgent": False,
        "mode": "in_person",
        "summary": "Cherche une reconversion.",
        "transcript": [{"who": "visitor", "text": "bonjour"}, {"who": "bot", "text": "Bonjour !"}],
        "resources": ["res-1"],
    }
    body.update(fields)
    return body


def desk_env(database_url: str, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CDM_DESK_PORT": str(port),
        "CDM_DESK_HOST": "127.0.0.1",
        "CDM_DESK_SERVICE_TOKEN": SERVICE_TOKEN,
        "CDM_RASA_URL": "",
        "CDM_FIXED_NOW": OPEN_NOW,
        "CDM_TRUSTED_PROXIES": "127.0.0.1",  # as behind a reverse proxy on the same host
        "CDM_ALLOWED_ORIGINS": SITE_ORIGIN,
        **(extra or {}),
    }


def add_counsellor(database_url: str, username: str, *args: str) -> None:
    """Through the real command, as an operator would."""
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "cdm"), "desk", "add-counsellor", username, "--password-stdin", *args],
        input=PASSWORD + "\n",
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
        text=True,
    )


def start_desk(database_url: str, log: Path, extra_env: dict[str, str] | None = None) -> DeskServer:
    port = free_port()
    handle = log.open("a")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "desk"],
        cwd=ROOT,
        env=desk_env(database_url, port, extra_env),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = DeskServer(f"http://127.0.0.1:{port}", database_url, process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the desk exited early:\n{server.tail()}")
        try:
            if requests.get(f"{server.url}/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the desk was not healthy after {START_TIMEOUT_S} s:\n{server.tail()}")
        time.sleep(0.3)


def stop_desk(server: DeskServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def running_desk(database_url: str, log: Path, extra_env: dict[str, str] | None = None) -> Iterator[DeskServer]:
    server = start_desk(database_url, log, extra_env)
    try:
        yield server
    finally:
        stop_desk(server)

"""Start the real services on free loopback ports, talk to them, and stop them.

Used by the integration tests (once per test session) and by the benchmarks: the trained model in a
real `rasa run` server and the real action server, started the way deploy/run.sh starts them, and on
request the desk (a real uvicorn process with its own SQLite database in a temporary folder).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
# Rasa loads its model in under a minute on an idle 2-core machine, but took more than 300 s at load 10-20
# (several test stacks and trainings side by side): a failed start is what this bound is for, not a slow one.
START_TIMEOUT_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trained_model() -> str:
    """The model matching the current training data (trained once per change by deploy/model.sh)."""
    return (
        os.environ.get("CDM_MODEL")
        or subprocess.run(
            [str(ROOT / "deploy" / "model.sh")], check=True, capture_output=True, text=True
        ).stdout.strip()
    )


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: Path
    health_url: str
    started_at: float = field(default_factory=time.monotonic)
    ready_after_s: float | None = None

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    # Rasa's HTTP API token (--auth-token), as deploy/run.sh keeps it in var/rasa-token.
    rasa_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    services: list[Service] = field(default_factory=list)
    # Set when the stack runs the desk: its URL, the service token the action server uses, its data folder.
    desk_url: str | None = None
    desk_token: str | None = None
    desk_dir: Path | None = None

    def send(self, sender: str, text: str, metadata: dict | None = None, client: str | None = None) -> list[dict]:
        """One visitor turn over the REST channel; the bot's messages, in order. `client` is the visitor's
        address as a trusted proxy would forward it (the stack trusts loopback as its proxy); by default
        each conversation comes from an address of its own, as visitors do."""
        payload = {"sender": sender, "message": text, "metadata": metadata or {}}
        headers = {"X-Forwarded-For": client or address_of(sender)}
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=payload, headers=headers, timeout=60)
        response.raise_for_status()
        return response.json()

    def api(self, method: str, path: str, **kwargs: object) -> requests.Response:
        """A call to Rasa's HTTP API with the token (`path` from the root, e.g. /conversations/ID/tracker)."""
        params = {**dict(kwargs.pop("params", None) or {}), "token": self.rasa_token}  # type: ignore[call-overload]
        return requests.request(method, f"{self.rasa_url}{path}", params=params, timeout=60, **kwargs)  # type: ignore[arg-type]

    def tracker(self, sender: str, include_events: str = "AFTER_RESTART") -> dict:
        response = self.api("GET", f"/conversations/{sender}/tracker", params={"include_events": include_events})
        response.raise_for_status()
        return response.json()


def address_of(sender: str) -> str:
    """A made-up visitor address (in 10.0.0.0/8), the same for every turn of one conversation."""
    digest = hashlib.sha256(sender.encode()).digest()
    return f"10.{digest[0]}.{digest[1]}.{digest[2]}"


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _start(name: str, command: list[str], env: dict[str, str], log_dir: Path, health_url: str) -> Service:
    log = log_dir / f"{name}.log"
    handle = log.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return Service(name, process, log, health_url)


def _wait_healthy(services: list[Service]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = list(services)
    while pending:
        for service in list(pending):
            if service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited early:\n{service.tail()}")
            try:
                if requests.get(service.health_url, timeout=2).status_code == 200:
                    service.ready_after_s = time.monotonic() - service.started_at
                    pending.remove(service)
            except requests.RequestException:
                pass
        if pending and time.monotonic() > deadline:
            raise RuntimeError(f"{pending[0].name} not healthy after {START_TIMEOUT_S} s:\n{pending[0].tail()}")
        if pending:
            time.sleep(0.5)


@dataclass
class Desk:
    url: str
    token: str
    database_url: str
    service: Service


def desk_env(port: int, token: str, database_url: str, rasa_url: str, rasa_token: str = "") -> dict[str, str]:
    """What the desk and the action server need to know of each other (and the desk of Rasa)."""
    return {
        "CDM_DESK_URL": f"http://127.0.0.1:{port}",
        "CDM_DESK_SERVICE_TOKEN": token,
        "CDM_DESK_HOST": "127.0.0.1",
        "CDM_DESK_PORT": str(port),
        "CDM_RASA_URL": rasa_url,
        "CDM_RASA_TOKEN": rasa_token,
        "DATABASE_URL": database_url,
    }


@contextmanager
def running_desk(log_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Desk]:
    """The desk alone (`python -m desk`) on a free port with a fresh SQLite database, until the block ends.

    For tests of the action server's desk client without Rasa; `extra_env` may set CDM_FIXED_NOW."""
    data_dir = Path(tempfile.mkdtemp(prefix="cdm-desk-"))
    port, token = free_port(), secrets.token_urlsafe(32)
    database_url = f"sqlite:///{data_dir / 'desk.sqlite3'}"
    env = {**os.environ, **desk_env(port, token, database_url, "http://127.0.0.1:9"), **(extra_env or {})}
    log_dir.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}"
    service = _start("desk", [str(ROOT / ".venv" / "bin" / "python"), "-m", "desk"], env, log_dir, f"{url}/healthz")
    try:
        _wait_healthy([service])
        yield Desk(url, token, database_url, service)
    finally:
        service.process.terminate()
        try:
            service.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            service.process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def allowed_origins(stack: Stack, env: dict[str, str]) -> list[str]:
    """The browser origins Rasa accepts: CDM_ALLOWED_ORIGINS if set, else the stack's desk."""
    configured = [item.strip() for item in env.get("CDM_ALLOWED_ORIGINS", "").split(",") if item.strip()]
    return configured or [stack.desk_url or "http://127.0.0.1:8000"]


@contextmanager
def running_stack(
    log_dir: Path,
    extra_env: dict[str, str] | None = None,
    with_desk: bool = False,
    endpoints: str = "bot/endpoints.yml",
) -> Iterator[Stack]:
    """The Rasa server and the action server (and the desk if `with_desk`), on free loopback ports,
    until the block ends."""
    rasa_port, action_port = free_port(), free_port()
    stack = Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}")
    env = {
        # The action server embeds each question on both cores, as deploy/run.sh sets it (README, Benchmarks).
        "CDM_SEARCH_THREADS": "2",
        **os.environ,
        "SANIC_HOST": "127.0.0.1",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "CDM_RASA_TOKEN": stack.rasa_token,
        # The tests stand for the reverse proxy: they pass each visitor's address in X-Forwarded-For.
        "CDM_TRUSTED_PROXIES": "127.0.0.1",
        **(extra_env or {}),
    }
    desk_dir = stack.desk_dir = Path(tempfile.mkdtemp(prefix="cdm-desk-")) if with_desk else None
    if desk_dir is not None:
        desk_port = free_port()
        stack.desk_url, stack.desk_token = f"http://127.0.0.1:{desk_port}", secrets.token_urlsafe(32)
        env |= {
            **desk_env(
                desk_port, stack.desk_token, f"sqlite:///{desk_dir / 'desk.sqlite3'}", stack.rasa_url, stack.rasa_token
            ),
            **(extra_env or {}),
        }
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        if desk_dir is not None:
            stack.services.append(
                _start(
                    "desk",
                    [str(ROOT / ".venv" / "bin" / "python"), "-m", "desk"],
                    env,
                    log_dir,
                    f"{stack.desk_url}/healthz",
                )
            )
        stack.services.append(
            _start(
                "actions",
                [
                    str(ROOT / ".venv" / "bin" / "python"),
                    "-m",
                    "rasa_sdk",
                    "--actions",
                    "actions",
                    "-p",
                    str(action_port),
                ],
                env,
                log_dir,
                f"{stack.action_url}/health",
            )
        )
        stack.services.append(
            _start(
                "rasa",
                [
                    str(ROOT / ".venv-rasa" / "bin" / "rasa"),
                    "run",
                    "--enable-api",
                    "--model",
                    trained_model(),
                    "--endpoints",
                    endpoints,  # deploy/endpoints.production.yml for the Redis tracker store
                    "--credentials",
                    "bot/credentials.yml",
                    "-i",
                    "127.0.0.1",
                    "-p",
                    str(rasa_port),
                    f"--auth-token={stack.rasa_token}",  # one argument: a token may begin with "-"
                    # As in deploy/Procfile: only the desk's pages (the widget) may call Rasa from a browser.
                    "--cors",
                    *allowed_origins(stack, env),
                ],
                env,
                log_dir,
                f"{stack.rasa_url}/status?token={stack.rasa_token}",
            )
        )
        _wait_healthy(stack.services)
        stack.send(new_sender(), "/ask_workshops")  # waits until the action server has its index loaded
        yield stack
    finally:
        for service in stack.services:
            service.process.terminate()
        for service in stack.services:
            try:
                service.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                service.process.kill()
        if desk_dir is not None:
            shutil.rmtree(desk_dir, ignore_errors=True)

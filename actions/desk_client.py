"""The action server's side of the desk API (the contract in the desk's README and issue 6).

Five calls: is live chat possible for an area, create a ticket, read a code's status, count figures, report a
knowledge gap (a question the assistant could not answer). Each has a short
timeout and turns every failure (refused connection, timeout, 5xx, a body that is not the contract's)
into `DeskUnavailable`, so that the handoff actions have exactly one thing to handle: the visitor is
then told where to go without a code, rather than left waiting on a service that is down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import requests

from common import clients, env

DEFAULT_TOKEN_FILE = env.DESK_TOKEN_FILE

Mode = Literal["in_person", "live_chat"]
Status = Literal["waiting", "called", "in_progress", "closed", "unknown"]
STATUSES: tuple[str, ...] = ("waiting", "called", "in_progress", "closed", "unknown")


class DeskUnavailable(Exception):
    """The desk could not be reached or answered outside the contract; the message says which."""


@dataclass(frozen=True)
class DeskSettings:
    # Where the action server reaches the desk (loopback), and where a visitor's browser reaches it.
    url: str
    public_url: str
    token: str
    # Seconds: connecting to a local service is instant or it is down; a slow answer means trouble.
    connect_timeout: float
    read_timeout: float

    @classmethod
    def from_env(cls) -> DeskSettings:
        host = os.environ.get("CDM_HOST", "127.0.0.1")
        url = os.environ.get("CDM_DESK_URL") or f"http://{host}:{os.environ.get('CDM_DESK_PORT', '8000')}"
        return cls(
            url=url.rstrip("/"),
            public_url=(os.environ.get("CDM_DESK_PUBLIC_URL") or url).rstrip("/"),
            token=os.environ.get("CDM_DESK_SERVICE_TOKEN") or _token_from_file(),
            connect_timeout=float(os.environ.get("CDM_DESK_CONNECT_TIMEOUT", "1.5")),
            read_timeout=float(os.environ.get("CDM_DESK_TIMEOUT", "4")),
        )


def _token_from_file() -> str:
    """The token `make run` writes into var/desk-token (empty when there is none: calls then fail as 401)."""
    path = Path(os.environ.get("CDM_DESK_TOKEN_FILE", DEFAULT_TOKEN_FILE))
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class Opening:
    open_now: bool
    closes_at: str | None
    next_opening: str | None


@dataclass(frozen=True)
class Ticket:
    code: str
    token: str
    area: str
    where: str
    wait_minutes: int
    position: int
    mode: Mode
    opening: Opening


@dataclass(frozen=True)
class TicketStatus:
    code: str
    status: Status
    position: int | None
    wait_minutes: int | None
    desk: str | None


@dataclass(frozen=True)
class Availability:
    live_chat: bool
    wait_minutes: int | None
    open_now: bool


@dataclass(frozen=True)
class TicketRequest:
    """The body of POST /api/tickets; every text in it is already redacted by the caller."""

    conversation_id: str
    area: str
    topic: str | None
    language: str
    channel: str
    urgent: bool
    mode: Mode
    summary: str
    transcript: list[dict[str, str]]
    resources: list[str]
    # The conversation's centre (actions/centre.py): the desk queues the ticket with that centre's counsellors.
    centre: str = ""
    # The visitor's client key from the message metadata (common/clients.py): sent as a header, so the
    # desk limits tickets per visitor rather than per action server; never part of the ticket.
    client_key: str | None = None

    def body(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "area": self.area,
            "topic": self.topic or "",  # the desk's schema takes a string; "" means no topic
            "language": self.language,
            "channel": self.channel,
            "urgent": self.urgent,
            "mode": self.mode,
            "summary": self.summary,
            "transcript": self.transcript,
            "resources": self.resources,
            **({"centre": self.centre} if self.centre else {}),
        }


class DeskClient:
    """Blocking calls (run them in a thread from async actions); one `requests.Session` per client."""

    def __init__(self, settings: DeskSettings) -> None:
        self.settings = settings
        self._session = requests.Session()

    def _call(
        self,
        method: str,
        path: str,
        *,
        service: bool,
        retries: int = 0,
        extra_headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """One request; `retries` more after a time-out, for calls the desk makes idempotent."""
        headers = {"Authorization": f"Bearer {self.settings.token}"} if service else {}
        headers |= extra_headers or {}
        for attempt in range(retries + 1):
            try:
                return self._session.request(
                    method,
                    f"{self.settings.url}{path}",
                    headers=headers,
                    timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                    **kwargs,
                )
            except requests.Timeout as error:
                if attempt == retries:
                    raise DeskUnavailable(f"{method} {path}: {type(error).__name__}") from error
            except requests.RequestException as error:
                raise DeskUnavailable(f"{method} {path}: {type(error).__name__}") from error
        raise AssertionError("unreachable: the last attempt returns or raises")

    @staticmethod
    def _json(response: requests.Response, what: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as error:
            raise DeskUnavailable(f"{what}: HTTP {response.status_code}, not JSON") from error
        if not isinstance(body, dict):
            raise DeskUnavailable(f"{what}: HTTP {response.status_code}, not a JSON object")
        return body

    def availability(self, area: str, centre: str | None = None) -> Availability:
        params = {"area": area, **({"centre": centre} if centre else {})}
        response = self._call("GET", "/api/availability", service=True, params=params)
        if response.status_code != 200:
            raise DeskUnavailable(f"availability: HTTP {response.status_code}")
        body = self._json(response, "availability")
        return Availability(
            live_chat=bool(body.get("live_chat")),
            wait_minutes=_int_or_none(body.get("wait_minutes")),
            open_now=bool(body.get("open_now")),
        )

    def create_ticket(self, request: TicketRequest) -> Ticket:
        client = {clients.HEADER: request.client_key} if request.client_key else {}
        # Retried once after a time-out: the desk returns the conversation's open ticket rather than a
        # duplicate, so a slow first answer costs the visitor a wait, not a second place in the queue.
        response = self._call(
            "POST", "/api/tickets", service=True, retries=1, extra_headers=client, json=request.body()
        )
        if response.status_code != 201:
            raise DeskUnavailable(f"create ticket: HTTP {response.status_code}")
        body = self._json(response, "create ticket")
        try:
            opening = body.get("opening") or {}
            return Ticket(
                code=str(body["code"]),
                token=str(body["token"]),
                area=str(body["area"]),
                where=str(body.get("where") or ""),
                wait_minutes=int(body.get("wait_minutes") or 0),
                position=int(body.get("position") or 0),
                mode=body.get("mode") if body.get("mode") in ("in_person", "live_chat") else request.mode,
                opening=Opening(
                    open_now=bool(opening.get("open_now")),
                    closes_at=opening.get("closes_at"),
                    next_opening=opening.get("next_opening"),
                ),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DeskUnavailable(f"create ticket: answer outside the contract ({error})") from error

    def count(self, centre: str, events: list[tuple[str, str]]) -> None:
        """Add anonymous events to the centre's figures (names from common/figures.py, never text)."""
        body = {"centre": centre, "events": [{"dimension": d, "value": v} for d, v in events]}
        response = self._call("POST", "/api/figures", service=True, json=body)
        if response.status_code != 204:
            raise DeskUnavailable(f"count figures: HTTP {response.status_code}")

    def report_gap(self, body: dict[str, Any]) -> None:
        """Send a question the assistant could not answer (redacted, with its hour, centre and vector)."""
        response = self._call("POST", "/api/gaps", service=True, json=body)
        if response.status_code != 204:
            raise DeskUnavailable(f"report gap: HTTP {response.status_code}")

    def status(self, code: str) -> TicketStatus:
        """A code's status; an unknown code is a normal answer (status "unknown"), not an error."""
        response = self._call("GET", f"/api/tickets/{code}/status", service=False)
        if response.status_code == 404:
            return TicketStatus(code, "unknown", None, None, None)
        if response.status_code != 200:
            raise DeskUnavailable(f"ticket status: HTTP {response.status_code}")
        body = self._json(response, "ticket status")
        status = body.get("status")
        return TicketStatus(
            code=str(body.get("code") or code),
            status=status if status in STATUSES else "unknown",
            position=_int_or_none(body.get("position")),
            wait_minutes=_int_or_none(body.get("wait_minutes")),
            desk=str(body["desk"]) if body.get("desk") else None,
        )


def _int_or_none(value: object) -> int | None:
    try:
        return None if value is None else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@cache
def desk() -> DeskClient:
    """The process's client, built from the environment once."""
    return DeskClient(DeskSettings.from_env())

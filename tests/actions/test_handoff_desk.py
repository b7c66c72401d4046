"""The handoff actions against a real desk process (its own SQLite database), without Rasa.

The desk's clock and the action server's are both fixed on Tuesday 22 December 2026 at 15:00, when
the centre is open, so that a signed-in counsellor makes the live chat possible.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from rasa_sdk import Tracker

from actions import desk_client, settings
from actions.handoff import ActionCheckTicket, ActionRequestCounsellor
from deploy.stack import ROOT, Desk, running_desk
from tests.actions.helpers import run

OPEN_NOW = "2026-12-22T15:00:00+01:00"
PASSWORD = "correct horse battery staple"
PII = "Je m'appelle Jeanne Dupont, 06 12 34 56 78, je veux faire une VAE d'aide-soignante à Lyon"


@pytest.fixture(scope="module")
def desk() -> Iterator[Desk]:
    with running_desk(ROOT / "var" / "test-logs" / "handoff-desk", {"CDM_FIXED_NOW": OPEN_NOW}) as running:
        env = {**os.environ, "DATABASE_URL": running.database_url}
        for name, areas in (("camille", "training"), ("sam", "job_search")):
            subprocess.run(
                [
                    str(ROOT / ".venv" / "bin" / "cdm"),
                    "desk",
                    "add-counsellor",
                    name,
                    "--areas",
                    areas,
                    "--password-stdin",
                ],
                input=PASSWORD + "\n",
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        yield running


@pytest.fixture
def action_env(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The action server's view of that desk and clock (its settings are read from the environment once)."""
    monkeypatch.setenv("CDM_DESK_URL", desk.url)
    monkeypatch.setenv("CDM_DESK_SERVICE_TOKEN", desk.token)
    monkeypatch.setenv("CDM_FIXED_NOW", OPEN_NOW)
    desk_client.desk.cache_clear()
    settings.settings.cache_clear()
    yield
    desk_client.desk.cache_clear()
    settings.settings.cache_clear()


def sign_in(desk: Desk, username: str) -> requests.Session:
    """A counsellor's browser session: the sign-in form's CSRF token, then the form."""
    browser = requests.Session()
    page = browser.get(f"{desk.url}/desk", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    answer = browser.post(
        f"{desk.url}/desk/sign-in", data={"username": username, "password": PASSWORD, "csrf": csrf}, timeout=10
    )
    assert answer.status_code == 200 and "sign-in" not in answer.url, answer.text[:300]
    return browser


def visitor(text: str, *, channel: str = "web", topic: str | None = None, mode: str | None = None, slots=None):
    entities = [{"entity": "topic", "value": topic}] if topic else []
    if mode:
        entities.append({"entity": "handoff_mode", "value": mode})
    message = {"text": text, "intent": {"name": "request_counsellor"}, "entities": entities}
    events = [
        {"event": "session_started"},
        {"event": "user", "text": PII, "parse_data": {"intent": {"name": "ask_question"}}, "metadata": {}},
        {"event": "bot", "text": "Voici ce que j'ai trouvé sur la VAE."},
        {"event": "user", "text": text, "parse_data": message, "metadata": {"channel": channel}},
    ]
    return Tracker(f"conv-{os.urandom(4).hex()}", slots or {}, message, events, False, None, {}, "action_listen")


def handoff_of(messages: list[dict]) -> dict | None:
    return next((m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"), None)


def queue(browser: requests.Session, desk: Desk) -> list[dict]:
    response = browser.get(f"{desk.url}/api/tickets", timeout=10)
    response.raise_for_status()
    body = response.json()
    return body["tickets"] if isinstance(body, dict) else body


def test_without_a_counsellor_online_the_web_visitor_gets_an_in_person_code(desk: Desk, action_env):
    messages, events = run(ActionRequestCounsellor(), visitor("je veux voir un conseiller", topic="vae"))
    handoff = handoff_of(messages)
    assert handoff is not None and handoff["mode"] == "in_person" and handoff["area"] == "training"
    assert handoff["desk_url"] == desk.url and handoff["token"]
    assert f"Votre code : {handoff['code']}. Présentez-vous au Pôle Formation" in messages[0]["text"]
    assert {"event": "slot", "name": "ticket_code", "value": handoff["code"], "timestamp": None} in events


def test_with_a_counsellor_online_the_web_visitor_may_chat_live(desk: Desk, action_env):
    browser = sign_in(desk, "camille")
    offer, events = run(ActionRequestCounsellor(), visitor("je veux parler à quelqu'un", topic="vae"))
    assert handoff_of(offer) is None and events == []
    assert [b["payload"] for b in offer[0]["buttons"]] == [
        '/request_counsellor{"handoff_mode": "live_chat"}',
        '/request_counsellor{"handoff_mode": "in_person"}',
    ]
    chosen, _ = run(ActionRequestCounsellor(), visitor("/request_counsellor", topic="vae", mode="live_chat"))
    handoff = handoff_of(chosen)
    assert handoff["mode"] == "live_chat"
    assert "va vous répondre ici même" in chosen[0]["text"]

    # At a kiosk the visitor is already in the building: in person, without the question.
    kiosk, _ = run(ActionRequestCounsellor(), visitor("un conseiller svp", channel="kiosk", topic="vae"))
    assert handoff_of(kiosk)["mode"] == "in_person"

    [ticket] = [t for t in queue(browser, desk) if t["code"] == handoff["code"]]
    assert "[NAME]" in ticket["summary"] and "[PHONE]" in ticket["summary"]
    assert "Jeanne" not in ticket["summary"] and "06 12" not in ticket["summary"]
    assert "VAE d'aide-soignante à Lyon" in ticket["summary"]


def test_a_distressed_visitor_s_ticket_is_urgent(desk: Desk, action_env):
    browser = sign_in(desk, "sam")
    messages, _ = run(
        ActionRequestCounsellor(),
        visitor("oui, quelqu'un maintenant", topic="cv_cover_letter", slots={"handoff_urgent": True}),
    )
    handoff = handoff_of(messages)
    assert handoff["mode"] == "in_person"  # no live-chat question for someone in distress
    [ticket] = [t for t in queue(browser, desk) if t["code"] == handoff["code"]]
    assert ticket["urgent"] is True and ticket["area"] == "job_search"


def test_check_ticket_reads_the_status_of_a_typed_code(desk: Desk, action_env):
    messages, _ = run(ActionRequestCounsellor(), visitor("je veux voir un conseiller", channel="kiosk"))
    code = handoff_of(messages)["code"]
    typed = f"{code[:2].lower()}-{code[2:].lower()}"
    message = {"text": f"où en est {typed}", "intent": {"name": "check_ticket"}, "entities": []}
    status, _ = run(ActionCheckTicket(), Tracker("other", {}, message, [], False, None, {}, "action_listen"))
    assert re.match(rf"Le code {code} est dans la file \(place : \d+\), attente : ", status[0]["text"])

    unknown = "ZZ22" if code != "ZZ22" else "ZZ23"
    message = {
        "text": unknown,
        "intent": {"name": "check_ticket"},
        "entities": [{"entity": "ticket_code", "value": unknown}],
    }
    answer, _ = run(ActionCheckTicket(), Tracker("other", {}, message, [], False, None, {}, "action_listen"))
    assert f"Je ne trouve aucun ticket en cours avec le code {unknown}" in answer[0]["text"]


class SlowFirstAnswer:
    """A loopback relay in front of the desk that holds back the desk's first answer longer than the
    action server waits: the ticket is made, but the first reply is lost to a time-out, as on a slow day."""

    def __init__(self, target: str, delay_s: float) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.delay_s = delay_s
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            delay = self.delay_s if self.connections == 1 else 0.0
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, upstream, 0.0), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, delay), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, delay_s: float) -> None:
        try:
            while chunk := source.recv(65536):
                time.sleep(delay_s)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def close(self) -> None:
        self.listener.close()


def test_a_handoff_retried_after_a_time_out_makes_one_ticket(desk: Desk, action_env, monkeypatch):
    browser = sign_in(desk, "camille")
    before = {ticket["code"] for ticket in queue(browser, desk)}
    relay = SlowFirstAnswer(desk.url, delay_s=3.0)
    monkeypatch.setenv("CDM_DESK_URL", relay.url)
    monkeypatch.setenv("CDM_DESK_TIMEOUT", "1")
    desk_client.desk.cache_clear()
    try:
        messages, _ = run(
            ActionRequestCounsellor(), visitor("je veux voir un conseiller", channel="kiosk", topic="vae")
        )
    finally:
        relay.close()
    handoff = handoff_of(messages)
    assert handoff is not None, messages
    assert relay.connections == 2  # the first answer was lost to the time-out, the retry got through
    new = [ticket["code"] for ticket in queue(browser, desk) if ticket["code"] not in before]
    assert new == [handoff["code"]]  # one ticket, the one the visitor was given

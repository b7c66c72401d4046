"""Issue 15's acceptance for `make run-prod`: conversations through the door survive a Rasa replica and an
action server killed under them, acknowledged tickets survive a PostgreSQL restart, and the door refuses
every management route."""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
import requests

from deploy.stack import ROOT
from tests.deploy.conftest import RunProd

pytestmark = pytest.mark.integration

# What "more resources on this" starts with when the conversation has a subject (without one the bot asks
# which subject): the reply proves both the language and the context of the conversation.
MORE = {"fr": "D'autres ressources sur le sujet", "en": "More resources on this"}
OPENERS = {
    "fr": ("je voudrais changer de métier, par où commencer ?", "vous avez d'autres ressources là-dessus ?"),
    "en": ("I want to change careers, where do I start?", "more resources please"),
}
HANDOFF = {"fr": "je veux parler à un conseiller", "en": "I would like to talk to a counsellor"}


def send(run_prod: RunProd, sender: str, text: str) -> list[dict]:
    """One turn through the door; one retry allowed (the turn that meets a process as it dies)."""
    for attempt in (1, 2):
        try:
            response = requests.post(
                f"{run_prod.door}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
            )
            if response.status_code == 200 and response.json():
                return response.json()
        except requests.RequestException:
            if attempt == 2:
                raise
    raise AssertionError(f"no answer to {text!r} after a retry: {response.status_code} {response.text[:300]}")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def cited(messages: list[dict]) -> set[str]:
    return {
        item["id"]
        for m in messages
        if (m.get("custom") or {}).get("type") == "resources"
        for item in m["custom"]["items"]
    }


def more_resources(run_prod: RunProd, sender: str, lang: str, shown: set[str]) -> set[str]:
    reply = send(run_prod, sender, OPENERS[lang][1])
    assert MORE[lang] in texts(reply), (lang, texts(reply))
    new = cited(reply)
    assert new and not new & shown, (shown, new)
    return new


def test_conversations_survive_a_killed_rasa_replica_and_a_killed_action_server(run_prod: RunProd):
    conversations = {f"prod-{lang}-{i}-{uuid.uuid4().hex[:8]}": lang for i in range(10) for lang in ("fr", "en")}
    shown: dict[str, set[str]] = {}
    for sender, lang in conversations.items():
        shown[sender] = cited(send(run_prod, sender, OPENERS[lang][0]))
        assert shown[sender], sender

    rasa = run_prod.process("rasa-1")
    os.kill(rasa["pid"], signal.SIGKILL)
    for sender, lang in conversations.items():
        shown[sender] |= more_resources(run_prod, sender, lang, shown[sender])

    actions = run_prod.process("actions-1")
    os.kill(actions["pid"], signal.SIGKILL)
    for sender, lang in conversations.items():
        more_resources(run_prod, sender, lang, shown[sender])

    # Like Kubernetes, the runner brings both back.
    run_prod.wait_replaced("rasa-1", rasa["pid"])
    run_prod.wait_replaced("actions-1", actions["pid"])


def ticket_status(run_prod: RunProd, code: str) -> str:
    response = requests.get(f"{run_prod.door}/api/tickets/{code}/status", timeout=10)
    response.raise_for_status()
    return response.json()["status"]


def handoff_code(run_prod: RunProd, lang: str) -> str:
    reply = send(run_prod, f"prod-ticket-{uuid.uuid4().hex[:10]}", HANDOFF[lang])
    [code] = [m["custom"]["code"] for m in reply if (m.get("custom") or {}).get("type") == "handoff"]
    assert code in texts(reply)
    return code


def test_acknowledged_tickets_survive_a_postgresql_restart(run_prod: RunProd):
    codes = [handoff_code(run_prod, lang) for lang in ("fr", "en", "fr", "en")]
    postgres = run_prod.process("postgres")
    os.kill(postgres["pid"], signal.SIGINT)  # fast shutdown, as `pg_ctl restart -m fast` does
    run_prod.wait_replaced("postgres", postgres["pid"])
    deadline = time.monotonic() + 60
    while True:  # the desk's pool reconnects on its own; the first request may meet recovery
        try:
            codes.append(handoff_code(run_prod, "en"))
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    assert [ticket_status(run_prod, code) for code in codes] == ["waiting"] * len(codes)


# Rasa's HTTP API, the action server's routes and the desk's service-token API: none passes the door.
REFUSED = [
    ("GET", "/status"),
    ("GET", "/version"),
    ("GET", "/domain"),
    ("PUT", "/model"),
    ("POST", "/model/train"),
    ("POST", "/model/parse"),
    ("DELETE", "/model"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/tracker/events"),
    ("POST", "/conversations/someone/messages"),
    ("POST", "/conversations/someone/trigger_intent"),
    ("GET", "/conversations/someone/story"),
    ("POST", "/webhook"),
    ("GET", "/actions"),
    ("GET", "/health"),
    ("POST", "/api/tickets"),
    ("GET", "/api/availability"),
    ("GET", "/healthz"),
]


@pytest.mark.parametrize(("method", "path"), REFUSED)
def test_the_door_refuses_management_routes(run_prod: RunProd, method: str, path: str):
    response = requests.request(method, f"{run_prod.door}{path}", json={}, timeout=10)
    assert response.status_code in (403, 404), (method, path, response.status_code)


def test_the_refused_routes_exist_behind_the_door(run_prod: RunProd):
    """The same Rasa route answers on a replica's own port with its token: the door is what refuses it."""
    token = (ROOT / "var" / "rasa-token").read_text().strip()
    replica = run_prod.process("rasa-2")
    own = requests.get(f"http://127.0.0.1:{replica['port']}/status", params={"token": token}, timeout=10)
    assert own.status_code == 200
    assert requests.get(f"{run_prod.door}/status", params={"token": token}, timeout=10).status_code == 404
    page = requests.get(f"{run_prod.door}/", timeout=10)
    assert page.status_code == 200 and "widget.js" in page.text


def test_a_body_over_the_limit_is_refused_at_the_door(run_prod: RunProd):
    response = requests.post(f"{run_prod.door}/webhooks/rest/webhook", data=b"x" * (2 * 1024 * 1024), timeout=30)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/resources/leaflet-micro-entreprise-demarches.pdf", "application/pdf"),  # a centre's leaflet
        ("/resources/sheet-electricien-fr.html", "text/html"),  # a network sheet, cited for every centre
        ("/qr.svg?u=https%3A%2F%2Fwww.apec.fr%2F", "image/svg+xml"),  # the kiosk's code of a web address
    ],
)
def test_what_an_answer_cites_passes_the_door(run_prod: RunProd, path: str, kind: str):
    """A citation is a link the visitor follows through the door, like every other visitor page."""
    response = requests.get(f"{run_prod.door}{path}", timeout=10)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["content-type"].startswith(kind)
    refused = requests.post(f"{run_prod.door}{path}", data=b"x", timeout=10)
    assert refused.status_code in (403, 404, 405)

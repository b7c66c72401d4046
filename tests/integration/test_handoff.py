"""The handoff through the real stack: Rasa, the action server and the desk (its own SQLite database).

The clock is fixed on Christmas Day 2026 at 11:00 (tests/conftest.py), a day the centre is closed, so
the visitor is told to come on Monday 28 December from 09:30 with the code.
"""

from __future__ import annotations

import re

import pytest
import requests

from actions.ticket_code import ALPHABET
from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration
CODE = re.compile(f"^[{ALPHABET}]{{4}}$")


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def handoffs(messages: list[dict]) -> list[dict]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"]


@pytest.fixture(scope="module")
def desk_stack(stack: Stack) -> Stack:
    assert stack.desk_url is not None, "the desk is not part of the stack: desk/app.py or desk/__main__.py missing"
    return stack


def status_of(stack: Stack, code: str) -> dict:
    response = requests.get(f"{stack.desk_url}/api/tickets/{code}/status", timeout=10)
    response.raise_for_status()
    return response.json()


def test_a_kiosk_visitor_gets_a_code_where_to_go_and_when(desk_stack: Stack):
    visitor = new_sender()
    kiosk = {"channel": "kiosk"}
    desk_stack.send(visitor, "bonjour", kiosk)
    reply = desk_stack.send(visitor, "je voudrais parler à un conseiller pour ma VAE", kiosk)
    [handoff] = handoffs(reply)
    assert CODE.match(handoff["code"])
    assert handoff["area"] == "training" and handoff["mode"] == "in_person"
    assert handoff["token"] and handoff["desk_url"] == desk_stack.desk_url
    text = texts(reply)
    assert f"Venez le lundi 28 décembre à partir de 09:30 avec ce code : {handoff['code']}" in text
    assert "Pôle Formation" in text
    assert status_of(desk_stack, handoff["code"])["status"] == "waiting"

    typed = f"{handoff['code'][:2].lower()}-{handoff['code'][2:].lower()}"
    status = texts(desk_stack.send(visitor, f"où en est mon ticket {typed} ?", kiosk))
    assert f"Le code {handoff['code']} est dans la file (place : " in status
    assert "Nous sommes fermés en ce moment : venez le lundi 28 décembre à partir de 09:30 avec ce code" in status

    again = desk_stack.send(visitor, "je veux voir un conseiller", kiosk)
    assert not handoffs(again), "a second request in the same conversation must not open a second ticket"
    assert f"Vous avez déjà un code en cours : {handoff['code']}" in texts(again)


def test_an_english_web_visitor_and_an_unknown_code(desk_stack: Stack):
    visitor = new_sender()
    reply = desk_stack.send(visitor, "can I see someone?", {"channel": "web"})
    [handoff] = handoffs(reply)
    assert handoff["mode"] == "in_person"  # no counsellor is online, so no live chat is offered
    assert handoff["area"] == "orientation"
    assert "Come on Monday 28 December from 09:30 with this code" in texts(reply)

    # A live-chat button pressed when no counsellor is online (the centre is closed): in person instead.
    late_visitor = new_sender()
    desk_stack.send(late_visitor, "hi there")
    late = desk_stack.send(late_visitor, '/request_counsellor{"handoff_mode": "live_chat"}')
    assert "No counsellor is online to chat here any more" in texts(late)
    assert handoffs(late)[0]["mode"] == "in_person"

    unknown = next(code for code in ("ZZ22", "ZZ23", "ZZ24") if code != handoff["code"])
    answer = texts(desk_stack.send(visitor, f"what's the status of my ticket {unknown}"))
    assert f"I can't find any open ticket with code {unknown}" in answer


def test_a_distressed_visitor_is_offered_a_person_and_gets_a_code(desk_stack: Stack):
    visitor = new_sender()
    first = desk_stack.send(visitor, "mon chef me harcèle tous les jours, je n'en peux plus")
    assert any((m.get("custom") or {}).get("type") == "emergency" for m in first)
    assert "/request_counsellor" in [b["payload"] for m in first for b in m.get("buttons") or []]
    [handoff] = handoffs(desk_stack.send(visitor, "/request_counsellor"))
    assert handoff["area"] == "career_change"  # well-being at work, when nothing else was said
    assert status_of(desk_stack, handoff["code"])["status"] == "waiting"

"""What the conversation remembers, through the real stack (Rasa, the action server, the desk): a language
switch repeats the last answer, a handoff serves the main question, the workshop list comes once."""

from __future__ import annotations

import pytest

from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration

FUNDING = "comment financer une formation avec mon CPF ?"
WORKSHOPS = "il y a des ateliers CV bientôt ?"


def kinds(messages: list[dict]) -> list[str]:
    return [m["custom"]["type"] for m in messages if (m.get("custom") or {}).get("type")]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_workshops_are_listed_once_and_a_switch_repeats_them_not_the_older_question(stack: Stack):
    visitor = new_sender()
    assert kinds(stack.send(visitor, FUNDING)) == ["resources"]
    workshops = stack.send(visitor, WORKSHOPS)
    assert kinds(workshops) == ["workshops"]
    [card] = [m["custom"] for m in workshops if m.get("custom")]
    assert not any(item["title"] in texts(workshops) for item in card["items"]), "the sessions are on the card only"
    switched = stack.send(visitor, "in English please")
    assert "continue in English" in texts(switched)
    assert kinds(switched) == ["workshops"]


def test_a_switch_after_a_fact_about_the_centre_repeats_that_fact(stack: Stack):
    visitor = new_sender()
    stack.send(visitor, FUNDING)
    stack.send(visitor, "vous faites quoi ici exactement ?")
    switched = stack.send(visitor, "in English please")
    assert "continue in English" in texts(switched)
    assert "Orientation area" in texts(switched)  # the services, in English
    assert "resources" not in kinds(switched)


def test_the_ticket_follows_the_main_question_not_the_workshop_search(stack: Stack):
    visitor = new_sender()
    assert kinds(stack.send(visitor, FUNDING)) == ["resources"]
    stack.send(visitor, WORKSHOPS)
    [handoff] = [m["custom"] for m in stack.send(visitor, "/request_counsellor") if m.get("custom")]
    assert handoff["area"] == "training"

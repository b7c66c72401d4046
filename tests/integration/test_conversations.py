"""Whole conversations through the REST channel of the real Rasa server and action server.

The action server runs with a fixed clock (tests/conftest.py: 25 December 2026, 11:00 in Paris),
so opening-hours answers are exact.
"""

from __future__ import annotations

import pytest

from actions.language import detect_language
from common.site import load_site
from deploy.stack import Stack, new_sender

SITE = load_site()
pytestmark = pytest.mark.integration


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def test_french_visitor(stack: Stack):
    visitor = new_sender()
    greeting = stack.send(visitor, "bonjour")
    assert "Bonjour" in texts(greeting)
    assert "/ask_opening_hours" in payloads(greeting)

    services = texts(stack.send(visitor, "vous faites quoi ici exactement ?"))
    assert SITE.services["fr"][:60] in services
    assert "Pôle Orientation" in services

    hours = texts(stack.send(visitor, "vous ouvrez a quelle heure aujourd'hui ?"))
    assert "fermés aujourd'hui (Noël)" in hours
    assert "lundi 28 décembre à partir de 09:30" in hours

    saturday = texts(stack.send(visitor, "et samedi c'est ouvert ?"))
    assert "samedi 26 décembre" in saturday
    assert "fermés" in saturday  # the year-end closure of site.yml

    location = texts(stack.send(visitor, "c'est où exactement ? quel métro ?"))
    assert SITE.address["street"] in location
    assert "Métro ligne 2" in location

    access = texts(stack.send(visitor, "faut prendre rdv ? c'est payant ?"))
    assert "gratuit" in access and "pas de rendez-vous" in access

    robot = texts(stack.send(visitor, "t'es un robot ?"))
    assert "programme informatique" in robot

    unrelated = texts(stack.send(visitor, "quel temps fera-t-il demain à Marseille"))
    assert "je ne peux pas vous aider sur ce sujet" in unrelated

    assert "Avec plaisir" in texts(stack.send(visitor, "merci beaucoup"))
    assert "Au revoir" in texts(stack.send(visitor, "au revoir"))


def test_english_visitor(stack: Stack):
    visitor = new_sender()
    assert "Hello" in texts(stack.send(visitor, "hi there"))

    services = texts(stack.send(visitor, "what can you help me with?"))
    assert SITE.services["en"][:60] in services
    assert "Orientation area" in services

    hours = texts(stack.send(visitor, "are you open today?"))
    assert "closed today (Christmas Day)" in hours
    assert "Monday 28 December from 09:30" in hours

    location = texts(stack.send(visitor, "which metro station is it?"))
    assert "Metro line 2" in location

    access = texts(stack.send(visitor, "do I have to give my name?"))
    assert "anonymous" in access

    robot = texts(stack.send(visitor, "am I talking to a human?"))
    assert "computer program" in robot

    unrelated = texts(stack.send(visitor, "tell me a joke"))
    assert "I can't help with that" in unrelated


def test_language_switch_both_ways(stack: Stack):
    visitor = new_sender()
    assert "Bonjour" in texts(stack.send(visitor, "bonjour"))
    switched = texts(stack.send(visitor, "parlez-vous anglais ?"))
    assert "continue in English" in switched
    assert "Usual opening hours" in texts(stack.send(visitor, "quels sont vos horaires"))
    back = texts(stack.send(visitor, "can we speak french please"))
    assert "continuons en français" in back
    assert "Horaires habituels" in texts(stack.send(visitor, "opening hours?"))


def test_end_session_forgets_the_language_and_says_so(stack: Stack):
    visitor = new_sender()
    stack.send(visitor, "hello, good morning")
    erased = texts(stack.send(visitor, "start over and forget what I said"))
    assert "conversation has been erased" in erased
    tracker = stack.tracker(visitor)
    assert tracker["slots"]["language"] is None
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert "hello, good morning" not in said


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   \n\t  ",
        "a" * 50_000,
        "🙂🙂🙂👍",
        "\x00\x01\x02\ufffd\x7f\x1b[31m%%%$$$",
        "<script>alert('x')</script><img src=x onerror=alert(1)><b>",
        "lorem " * 9_000,
    ],
    ids=["empty", "whitespace", "50KB", "emoji", "binary", "html", "50KB-words"],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_bad_input_gets_a_polite_reply_in_the_visitors_language(stack: Stack, junk: str, lang: str):
    visitor = new_sender()
    opener = {"fr": "bonjour, je voudrais des renseignements", "en": "hello, I would like some information"}
    stack.send(visitor, opener[lang])
    reply = stack.send(visitor, junk)
    assert reply, "the bot must answer something"
    text = texts(reply)
    assert "<script" not in text and "onerror" not in text
    assert detect_language(text)[0] == lang, text

"""The custom payloads as a standard Rasa client gets them over socket.io (bot/channels/standard_messages.py).

The module imports nothing from Rasa, so it is loaded by its path here (the `bot.channels` package itself
needs the Rasa environment); the browser test drives rasa-webchat with the same messages end to end.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from deploy.stack import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("standard_messages", ROOT / "bot/channels/standard_messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


standard_message = _load().standard_message


def cards(message: dict) -> list[dict]:
    attachment = message["attachment"]
    assert attachment["type"] == "template" and attachment["payload"]["template_type"] == "generic"
    return attachment["payload"]["elements"]


def test_resources_become_cards_with_a_link_for_a_web_address() -> None:
    payload = {
        "type": "resources",
        "items": [
            {"id": "vae", "title": "La VAE pas à pas", "where": "https://vae.gouv.fr/", "publisher": "France VAE"},
            {"id": "cv", "title": "Réussir son CV", "where": "Espace documentation, étagère B3", "publisher": ""},
        ],
    }
    message = standard_message(payload)
    assert message["custom"] == payload  # clients that know the contract still get it whole
    web, shelf = cards(message)
    assert web == {
        "title": "La VAE pas à pas",
        "subtitle": "France VAE",
        "buttons": [{"type": "web_url", "url": "https://vae.gouv.fr/", "title": "vae.gouv.fr"}],
    }
    assert shelf == {"title": "Réussir son CV", "subtitle": "Espace documentation, étagère B3", "buttons": []}


def test_handoff_workshops_and_emergency_numbers_become_cards() -> None:
    handoff = standard_message(
        {"type": "handoff", "code": "K7M4", "area": "training", "where": "Pôle Formation", "wait_minutes": 20}
    )
    assert cards(handoff) == [{"title": "K7M4", "subtitle": "Pôle Formation · ~20 min", "buttons": []}]
    closed = standard_message({"type": "handoff", "code": "K7M4", "where": "Pôle Formation", "wait_minutes": 900})
    assert cards(closed)[0]["subtitle"] == "Pôle Formation"  # a wait across a closure is not a wait in minutes
    emergency = standard_message(
        {"type": "emergency", "numbers": [{"label": "Prévention du suicide", "number": "31 14"}]}
    )
    assert cards(emergency)[0]["buttons"] == [{"type": "web_url", "url": "tel:3114", "title": "31 14"}]
    workshops = standard_message(
        {
            "type": "workshops",
            "items": [{"title": "Atelier CV", "start": "2026-12-01T10:00:00+01:00", "location": "Salle 2"}],
        }
    )
    assert cards(workshops)[0]["subtitle"] == "2026-12-01 10:00 · Salle 2"


def test_a_payload_without_cards_is_sent_as_custom_only() -> None:
    for payload in ({"type": "something_new", "x": 1}, {"type": "resources", "items": []}, {"type": "resources"}):
        assert standard_message(payload) == {"custom": payload}
    untitled = {"type": "resources", "items": [{"title": "", "where": "https://example.org/"}, "not an item"]}
    assert standard_message(untitled) == {"custom": untitled}

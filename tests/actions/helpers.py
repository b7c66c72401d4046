"""Build real rasa-sdk trackers for unit tests of actions, and run an action the way the server does."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"


def load_domain() -> dict[str, Any]:
    """The bot's domain as Rasa sends it to the action server (the parts actions read)."""
    domain: dict[str, Any] = {"slots": {}, "responses": {}, "intents": [], "entities": []}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("slots", "responses"):
            domain[key].update(part.get(key) or {})
        for key in ("intents", "entities"):
            domain[key].extend(part.get(key) or [])
    return domain


DOMAIN = load_domain()


def tracker(
    text: str = "",
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[dict[str, Any]] | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
        "intent_ranking": ranking or [],
    }
    return Tracker("test-visitor", slots or {}, message, [], False, None, {}, "action_listen")


def run(action: Action, track: Tracker) -> tuple[list[dict[str, Any]], list]:
    """(messages sent, events returned) of one run of `action`."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, track, DOMAIN))
    return dispatcher.messages, events

"""Build real rasa-sdk trackers for unit tests of actions, and run an action the way the server does."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


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
    events = asyncio.run(action.run(dispatcher, track, {}))
    return dispatcher.messages, events

"""What the action server counts for the centre's anonymous figures, and how it tells the desk.

Events are names from closed lists (common/figures.py), never text: a conversation's start (its channel
and language), the intent and topics of each message, the answer gate's verdict, workshops shown,
distress, the end-of-conversation answers. They go to the desk (`POST /api/figures`, the service token)
from a background thread with a short time-out, and are dropped when the desk is slow or down: a figure
lost is acceptable, a visitor kept waiting for one is not. The desk stamps the hour itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

from rasa_sdk import Tracker

from actions.background import BackgroundQueue
from actions.centre import centre_of
from actions.channel import channel_of
from actions.desk_client import DeskClient, DeskSettings, DeskUnavailable
from common.figures import is_known

_log = logging.getLogger(__name__)
# Batches waiting for the sender thread; beyond this many (a desk down for long), new ones are dropped.
BACKLOG = 1000
# Seconds: counting is worth less than a visitor's time.
CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 1.0

Event = tuple[str, str]


@cache
def _queue() -> BackgroundQueue:
    return BackgroundQueue("figures-sender", BACKLOG)


@cache
def _client() -> DeskClient:
    base = DeskSettings.from_env()
    return DeskClient(DeskSettings(base.url, base.public_url, base.token, CONNECT_TIMEOUT_S, READ_TIMEOUT_S))


def _count(centre: str, events: list[Event]) -> None:
    try:
        _client().count(centre, events)
    except DeskUnavailable as error:
        _log.warning("figures not counted: %s", error)


def report(centre: str, events: Iterable[Event]) -> None:
    """Count `events` for `centre`, in the background; values off the closed lists are left out here."""
    known = [(dimension, value) for dimension, value in events if is_known(dimension, value)]
    if known:
        _queue().submit(lambda: _count(centre, known))


def report_for(tracker: Tracker, *events: Event) -> None:
    """Count `events` for the conversation's centre."""
    report(centre_of(tracker), events)


def starts_conversation(tracker: Tracker) -> bool:
    """Whether the latest message is the first of the conversation (since its start or last restart)."""
    messages = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            messages += 1
        elif kind in ("restart", "session_started"):
            break
    return messages == 1


def turn_events(tracker: Tracker, language: str) -> list[Event]:
    """What one visitor message counts: its intent and the topics it names, and, when it opens the
    conversation, the conversation itself by channel and language."""
    message = tracker.latest_message or {}
    events: list[Event] = []
    if starts_conversation(tracker):
        events += [("channel", channel_of(tracker)), ("language", language)]
    intent = (message.get("intent") or {}).get("name")
    if isinstance(intent, str):
        events.append(("intent", intent))
    topics = {entity.get("value") for entity in message.get("entities") or [] if entity.get("entity") == "topic"}
    events += [("topic", topic) for topic in sorted(t for t in topics if isinstance(t, str))]
    return events

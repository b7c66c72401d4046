"""What happened earlier in the conversation, read from the tracker's events (this session only).

Two questions need the past rather than the latest message: which answer a language switch repeats
(the last one given, whatever it was: "in English please" means "that, in English"), and which question
a handoff is about (the main question the resource base answered, not a later workshop search or the
"can I see someone?" that asks for the handoff).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker

# Actions that run on every turn or wait for the visitor: they answer nothing.
PLUMBING = frozenset(
    {
        "action_listen",
        "action_session_start",
        "action_extract_slots",
        "action_validate_slot_mappings",
        "action_unlikely_intent",
    }
)
# The actions that answer a question from the resource base (their `topic` slot is the question's).
KNOWLEDGE_ANSWERS = frozenset({"action_answer_question", "action_more_resources", "action_switch_language"})


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The events of the current session (a visitor who came back after expiry starts afresh)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "session_started":
            return events[index + 1 :]
    return events


@dataclass
class Turn:
    """One visitor message and what the assistant did about it."""

    user: dict[str, Any]
    actions: list[str] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)  # slots set by those actions, by name

    @property
    def intent(self) -> str | None:
        return ((self.user.get("parse_data") or {}).get("intent") or {}).get("name")

    @property
    def answer(self) -> str | None:
        """The first action that answered the message (not plumbing), if any."""
        return next((name for name in self.actions if name not in PLUMBING), None)


def turns(tracker: Tracker) -> list[Turn]:
    """The session's turns in order, the latest (the message being handled) last."""
    found: list[Turn] = []
    for event in session_events(tracker):
        kind = event.get("event")
        if kind == "user":
            found.append(Turn(event))
        elif found and kind == "action" and event.get("name"):
            found[-1].actions.append(str(event["name"]))
        elif found and kind == "slot" and found[-1].answer in KNOWLEDGE_ANSWERS:
            found[-1].slots[str(event.get("name"))] = event.get("value")
    return found


def previous_answer(tracker: Tracker, skip_intents: frozenset[str] = frozenset()) -> Turn | None:
    """The last turn before the current message that got an answer, passing over turns whose intent is
    in `skip_intents` (a language switch passes over the switches before it: they repeated that answer)."""
    for turn in reversed(turns(tracker)[:-1]):
        if turn.answer is not None and turn.intent not in skip_intents:
            return turn
    return None


@dataclass(frozen=True)
class MainQuestion:
    topic: str | None
    text: str | None


def main_question(tracker: Tracker) -> MainQuestion:
    """The last question the resource base answered in this session: its topic and the words searched."""
    for turn in reversed(turns(tracker)):
        topic = turn.slots.get("topic")
        if isinstance(topic, str) and topic:
            text = turn.slots.get("last_query")
            return MainQuestion(topic, text if isinstance(text, str) else None)
    return MainQuestion(None, None)

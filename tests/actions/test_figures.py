"""What the action server counts: names from the closed lists only, a conversation once, at its start."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.answers import Verdict
from actions.feedback import ActionOfferFeedback, ActionRecordFeedback
from actions.figures import starts_conversation, turn_events
from actions.messages import catalogue
from actions.questions import VERDICT_FIGURES
from common.figures import DIMENSIONS, is_known
from tests.actions.helpers import run, tracker


def _user(text: str, intent: str, channel: str | None = None, entities: list | None = None) -> dict:
    metadata = {"channel": channel} if channel else {}
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent}, "entities": entities or []},
        "metadata": metadata,
    }


def _tracker(events: list[dict]) -> Tracker:
    latest = events[-1]
    message = {"text": latest["text"], "metadata": latest["metadata"], **latest["parse_data"]}
    return Tracker("visitor-1", {}, message, events, False, None, {}, "action_listen")


def test_a_conversation_is_counted_once_at_its_first_message() -> None:
    first = [
        {"event": "session_started"},
        _user("bonjour, mon CV", "ask_question", "kiosk", [{"entity": "topic", "value": "cv_cover_letter"}]),
    ]
    assert starts_conversation(_tracker(first))
    assert turn_events(_tracker(first), "fr") == [
        ("channel", "kiosk"), ("language", "fr"), ("intent", "ask_question"), ("topic", "cv_cover_letter")
    ]  # fmt: skip
    later = [*first, {"event": "bot", "text": "..."}, _user("merci", "thank")]
    assert not starts_conversation(_tracker(later))
    assert turn_events(_tracker(later), "fr") == [("intent", "thank")]
    restarted = [*later, {"event": "restart"}, _user("hello", "greet")]
    assert starts_conversation(_tracker(restarted))


def test_every_counted_name_is_on_a_closed_list() -> None:
    assert all(is_known("answer", VERDICT_FIGURES[verdict]) for verdict in Verdict)
    assert not is_known("intent", "je m'appelle Marie") and not is_known("sender", "visitor-1")
    for dimension, values in DIMENSIONS.items():
        assert values() and all(re.fullmatch(r"[a-z0-9_]+", value) for value in values()), dimension
    payloads = [
        button["payload"] for key in ("feedback_helped", "feedback_next_step") for button in catalogue()[key]["buttons"]
    ]
    for payload in payloads:
        dimension, value = re.fullmatch(r'/give_feedback\{"(\w+)": "(\w+)"\}', payload).groups()
        assert is_known(dimension, value), payload


def test_the_question_is_offered_once_and_answers_lead_on() -> None:
    messages, events = run(ActionOfferFeedback(), tracker("merci", "thank", slots={"language": "en"}))
    assert messages[0]["text"].endswith("did this help you?") and len(messages[0]["buttons"]) == 3
    assert events == [{"event": "slot", "timestamp": None, "name": "feedback_asked", "value": True}]
    messages, events = run(ActionOfferFeedback(), tracker("bye", "goodbye", slots={"feedback_asked": True}))
    assert messages == [] and events == []
    helped = [{"entity": "helped", "value": "partly"}]
    messages, _ = run(ActionRecordFeedback(), tracker("/give_feedback", "give_feedback", entities=helped))
    assert len(messages[0]["buttons"]) == 6
    typed = [{"entity": "next_step", "value": "lottery"}]  # not on the list: thanked, nothing counted
    messages, _ = run(ActionRecordFeedback(), tracker("the lottery", "give_feedback", entities=typed))
    assert messages[0]["text"].startswith("Merci") and not messages[0]["buttons"]

"""What the conversation's past decides: the answer a language switch repeats, the need a handoff serves.

Trackers carry the events Rasa sends the action server (user turns, actions run, slots they set); the
answers run on the shipped index.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.handoff import build_request, conversation_topic, route
from actions.history import main_question, previous_answer
from actions.questions import ActionSwitchLanguage
from tests.actions.helpers import run

FUNDING = "comment financer une formation avec mon CPF ?"


def turn(text: str, intent: str, action: str, **slots: Any) -> list[dict[str, Any]]:
    """The events of one turn: the message, slot extraction, the answering action and what it set."""
    return [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}},
        {"event": "action", "name": "action_extract_slots"},
        {"event": "action", "name": action},
        *({"event": "slot", "name": name, "value": value} for name, value in slots.items()),
        {"event": "action", "name": "action_listen"},
    ]


def conversation(*turns: list[dict[str, Any]], text: str, intent: str, slots: dict[str, Any]) -> Tracker:
    """A tracker whose latest message (`text`, `intent`) follows `turns`."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events = [event for events in turns for event in events]
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker("test-visitor", slots, latest, events, False, None, {}, "action_listen")


ASKED_FUNDING = turn(
    FUNDING,
    "ask_question",
    "action_answer_question",
    last_query=FUNDING,
    shown_resources=["guide-cpf-financer-formation-fr"],
    topic="training_funding",
)
ASKED_WORKSHOPS = turn(
    "un atelier CV la semaine prochaine ?", "ask_workshops", "action_find_workshops", topic="cv_cover_letter"
)
ASKED_HOURS = turn("vous êtes ouverts samedi ?", "ask_opening_hours", "action_tell_opening_hours")
AFTER_BOTH = {
    "language": "en",
    "last_query": FUNDING,
    "shown_resources": ["guide-cpf-financer-formation-fr"],
    "topic": "cv_cover_letter",
}


def custom_types(messages: list[dict[str, Any]]) -> list[str]:
    return [message["custom"]["type"] for message in messages if message.get("custom")]


def test_a_language_switch_repeats_the_last_answer_not_an_older_question():
    switch = conversation(
        ASKED_FUNDING, ASKED_WORKSHOPS, text="in English please", intent="change_language", slots=AFTER_BOTH
    )
    assert previous_answer(switch, frozenset({"change_language"})).answer == "action_find_workshops"
    messages, _ = run(ActionSwitchLanguage(), switch)
    assert custom_types(messages) == ["workshops"]
    assert messages[0]["text"].startswith("Sure, let's continue in English")


def test_a_language_switch_after_a_question_gives_that_answer_again():
    switch = conversation(ASKED_FUNDING, text="in English please", intent="change_language", slots=AFTER_BOTH)
    messages, events = run(ActionSwitchLanguage(), switch)
    assert custom_types(messages) == ["resources"]
    assert any(event.get("name") == "last_query" and event.get("value") == FUNDING for event in events)


def test_a_language_switch_after_the_opening_hours_does_not_bring_back_the_older_question():
    switch = conversation(
        ASKED_FUNDING, ASKED_HOURS, text="in English please", intent="change_language", slots=AFTER_BOTH
    )
    messages, events = run(ActionSwitchLanguage(), switch)
    assert custom_types(messages) == [] and events == []


def test_a_second_switch_passes_over_the_first():
    first = turn("in English please", "change_language", "action_switch_language")
    switch = conversation(
        ASKED_FUNDING, ASKED_WORKSHOPS, first, text="en français", intent="change_language", slots=AFTER_BOTH
    )
    assert previous_answer(switch, frozenset({"change_language"})).answer == "action_find_workshops"


def test_the_handoff_follows_the_main_question_not_a_later_workshop_search():
    handoff = conversation(
        ASKED_FUNDING, ASKED_WORKSHOPS, text="/request_counsellor", intent="request_counsellor", slots=AFTER_BOTH
    )
    assert main_question(handoff).topic == "training_funding"
    topic, area = route(conversation_topic(handoff), urgent=False)
    assert (topic, area) == ("training_funding", "training")
    request = build_request(handoff, area=area, topic=topic, mode="in_person", urgent=False)
    first_line = request.summary.split(". ")[0]
    assert first_line == "Topic: Funding training (from the visitor's main question)"
    assert FUNDING in request.summary


def test_a_request_that_names_its_topic_is_routed_there():
    handoff = conversation(
        ASKED_FUNDING, text="je voudrais voir un conseiller pour refaire mon CV", intent="request_counsellor", slots={}
    )
    assert conversation_topic(handoff) == "cv_cover_letter"


def test_without_an_answered_question_the_conversation_s_topic_serves():
    handoff = conversation(ASKED_WORKSHOPS, text="/request_counsellor", intent="request_counsellor", slots=AFTER_BOTH)
    assert main_question(handoff).topic is None
    assert conversation_topic(handoff) == "cv_cover_letter"


def test_a_switch_after_a_fallback_does_not_bring_back_the_older_question():
    fallback = turn("blablabla truc", "nlu_fallback", "action_answer_question")  # it went on to the fallback
    switch = conversation(ASKED_FUNDING, fallback, text="in English please", intent="change_language", slots=AFTER_BOTH)
    messages, events = run(ActionSwitchLanguage(), switch)
    assert custom_types(messages) == [] and events == []


def test_a_question_about_a_language_read_as_a_switch_is_answered_as_a_question():
    question = conversation(
        ASKED_FUNDING, text="my french is zero, which jobs can i do", intent="change_language", slots=AFTER_BOTH
    )
    messages, events = run(ActionSwitchLanguage(), question)
    assert messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_question"}]

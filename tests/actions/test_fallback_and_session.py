"""The fallback's buttons, the message catalogue and the end of a session."""

import re

import pytest

from actions.fallback import INTENT_LABELS, ActionAskAffirmation, ActionDefaultFallback, suggestion_buttons
from actions.messages import catalogue, render
from actions.session import ActionEndSession
from common.languages import CODES
from tests.actions.helpers import run, tracker

CONTRACT_INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "ask_services", "ask_opening_hours",
    "ask_location", "ask_access_conditions", "ask_question", "ask_workshops", "request_counsellor",
    "check_ticket", "express_distress", "change_language", "end_session", "out_of_scope",
}  # fmt: skip


def test_every_contract_intent_has_a_label_in_every_language():
    assert set(INTENT_LABELS) == CONTRACT_INTENTS - {"out_of_scope"}
    for intent in INTENT_LABELS:
        assert all(catalogue()[f"intent_{intent}"][lang] for lang in CODES)


def test_suggestions_keep_the_ranking_order_and_end_with_something_else():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_opening_hours", "confidence": 0.4},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_location", "confidence": 0.2},
        {"name": "ask_services", "confidence": 0.1},
        {"name": "ask_question", "confidence": 0.05},
    ]
    buttons = suggestion_buttons(ranking, "en")
    assert [b["payload"] for b in buttons] == ["/ask_opening_hours", "/ask_location", "/ask_services", "/out_of_scope"]
    assert buttons[0]["title"] == "Opening hours"


def test_affirmation_is_asked_in_the_visitors_language():
    ranking = [{"name": "ask_location", "confidence": 0.4}]
    messages, _ = run(ActionAskAffirmation(), tracker("hmm", "nlu_fallback", slots={"language": "en"}, ranking=ranking))
    assert messages[0]["text"].startswith("I'm not sure")
    assert messages[0]["buttons"][0] == {"title": "Address and how to get here", "payload": "/ask_location"}


def test_final_fallback_offers_a_counsellor_and_says_where_they_are():
    messages, _ = run(ActionDefaultFallback(), tracker("je veux voir quelqu'un", "request_counsellor"))
    text = "\n".join(m["text"] for m in messages)
    assert "sans rendez-vous" in text and "Pôle Orientation" in text
    assert {"title": "Voir un conseiller", "payload": "/request_counsellor"} in messages[-1]["buttons"]


def test_end_session_confirms_then_restarts():
    messages, events = run(ActionEndSession(), tracker("efface tout", "end_session", slots={"language": "fr"}))
    assert "effacée" in messages[0]["text"]
    assert events[-1]["event"] == "restart"


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_catalogue_entries_are_complete_and_consistent(key):
    entry = catalogue()[key]
    assert entry.get("fr") and entry.get("en"), f"{key} needs both languages"
    placeholders = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("fr", "en")}
    assert placeholders["fr"] == placeholders["en"], f"{key}: placeholders differ between languages"
    for button in entry.get("buttons", []):
        assert button["fr"] and button["en"] and button["payload"].startswith("/")
    values = dict.fromkeys(placeholders["fr"], "x")
    assert render(key, "en", **values)[0]


def test_an_empty_message_is_asked_for_text_not_guessed():
    messages, _ = run(ActionAskAffirmation(), tracker("/nlu_fallback", "nlu_fallback", slots={"language": "en"}))
    assert messages[0]["text"].startswith("I didn't receive any text")
    assert {"title": "Opening hours", "payload": "/ask_opening_hours"} in messages[0]["buttons"]

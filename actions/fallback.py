"""The two-stage fallback: first offer the likely meanings as buttons, then (after a rephrase that
still fails) offer concrete options, a counsellor among them.

Rasa's TwoStageFallbackAction drives the loop; these two actions replace its default steps so that
the buttons are in the visitor's language and name things a visitor recognises.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import settings
from actions.centre import centre_of
from actions.language import language_of
from actions.messages import say, text
from actions.practical import areas_list

# Intents a "did you mean" button may name; each one's label is `intent_<name>` in the catalogue.
INTENT_LABELS = (
    "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "ask_services", "ask_opening_hours",
    "ask_location", "ask_access_conditions", "ask_question", "ask_workshops", "request_counsellor",
    "check_ticket", "express_distress", "change_language", "end_session",
)  # fmt: skip
MAX_SUGGESTIONS = 3
# What the REST channel passes on for a message with no text (bot/channels/rest.py).
EMPTY_MESSAGES = {"", "/nlu_fallback"}
# Intents whose meaning a visitor never needs to confirm with a button.
NOT_SUGGESTED = {"nlu_fallback", "out_of_scope", "affirm", "deny", "greet", "goodbye", "thank"}


def suggestion_buttons(intent_ranking: list[dict], lang: str) -> list[dict[str, str]]:
    """Up to three likely intents as buttons, then "something else" (which Rasa reads as a denial)."""
    buttons = []
    for entry in intent_ranking:
        name = entry.get("name")
        if name in INTENT_LABELS and name not in NOT_SUGGESTED:
            buttons.append({"title": text(f"intent_{name}", lang), "payload": f"/{name}"})
        if len(buttons) == MAX_SUGGESTIONS:
            break
    buttons.append({"title": text("something_else", lang), "payload": "/out_of_scope"})
    return buttons


class ActionAskAffirmation(Action):
    """First stage: "did you mean...?" with the classifier's best guesses as buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        lang = language_of(tracker)
        message = tracker.latest_message or {}
        if (message.get("text") or "").strip() in EMPTY_MESSAGES:
            say(dispatcher, "polite_empty", lang)
            return []
        say(dispatcher, "ask_affirmation", lang, buttons=suggestion_buttons(message.get("intent_ranking") or [], lang))
        return []


class ActionDefaultFallback(Action):
    """Last stage (and, for now, the answer to what the bot cannot do yet): say what a person can do
    here, where the counsellors sit, and offer options, without pretending to have understood."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        lang = language_of(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in {"request_counsellor", "express_distress", "check_ticket"}:
            say(dispatcher, "counsellors_walk_in", lang, areas=areas_list(settings.site(centre_of(tracker)), lang))
        say(dispatcher, "not_understood_offer", lang)
        # Leave the dialogue as if the misunderstood message had not been said.
        return [UserUtteranceReverted()] if intent in {None, "nlu_fallback", "out_of_scope"} else []


class ActionAskRephrase(Action):
    """Second stage: the visitor said none of the guesses was right; ask for other words."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        say(dispatcher, "ask_rephrase", language_of(tracker))
        return []

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
from actions.messages import say
from actions.practical import areas_list

# What each intent means to a visitor, as a button label.
INTENT_LABELS: dict[str, dict[str, str]] = {
    "greet": {"fr": "Dire bonjour", "en": "Say hello"},
    "goodbye": {"fr": "Partir", "en": "Leave"},
    "thank": {"fr": "Remercier", "en": "Say thanks"},
    "affirm": {"fr": "Oui", "en": "Yes"},
    "deny": {"fr": "Non", "en": "No"},
    "bot_challenge": {"fr": "Savoir si je suis un robot", "en": "Know whether I'm a bot"},
    "ask_services": {"fr": "Ce que propose la Cité des métiers", "en": "What the centre offers"},
    "ask_opening_hours": {"fr": "Les horaires d'ouverture", "en": "Opening hours"},
    "ask_location": {"fr": "L'adresse et comment venir", "en": "Address and how to get here"},
    "ask_access_conditions": {"fr": "Les conditions d'accès", "en": "Access conditions"},
    "ask_question": {
        "fr": "Une question d'orientation, de formation ou d'emploi",
        "en": "A question about careers, training or jobs",
    },
    "ask_workshops": {"fr": "Les ateliers et événements", "en": "Workshops and events"},
    "request_counsellor": {"fr": "Parler à un conseiller", "en": "Talk to a counsellor"},
    "check_ticket": {"fr": "Suivre mon code", "en": "Check my code"},
    "express_distress": {"fr": "Je vais mal, j'ai besoin d'aide", "en": "I'm not OK, I need help"},
    "change_language": {"fr": "Changer de langue", "en": "Change language"},
    "end_session": {"fr": "Effacer et recommencer", "en": "Erase and start over"},
}
SOMETHING_ELSE = {"fr": "Autre chose", "en": "Something else"}
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
            buttons.append({"title": INTENT_LABELS[name][lang], "payload": f"/{name}"})
        if len(buttons) == MAX_SUGGESTIONS:
            break
    buttons.append({"title": SOMETHING_ELSE[lang], "payload": "/out_of_scope"})
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

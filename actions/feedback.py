"""The optional end-of-conversation question: "did this help you?", then "what will you do next?".

Offered once per conversation, when the visitor says goodbye or thanks; answered with buttons whose
payloads carry a value from a closed list (common/figures.py), counted anonymously and never stored as
text. A visitor who ignores it simply goes on; nothing insists.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import figures
from actions.language import language_of
from actions.messages import say
from common.figures import HELPED, NEXT_STEPS


class ActionOfferFeedback(Action):
    """After goodbye or thanks, the first time only, the optional question."""

    def name(self) -> str:
        return "action_offer_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if tracker.get_slot("feedback_asked"):
            return []
        say(dispatcher, "feedback_helped", language_of(tracker))
        return [SlotSet("feedback_asked", True)]


class ActionRecordFeedback(Action):
    """Counts the button's value, then asks the next question or thanks the visitor."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        lang = language_of(tracker)
        helped = next(tracker.get_latest_entity_values("helped"), None)
        next_step = next(tracker.get_latest_entity_values("next_step"), None)
        if helped in HELPED:
            figures.report_for(tracker, ("helped", helped))
            say(dispatcher, "feedback_next_step", lang)
        elif next_step in NEXT_STEPS:
            figures.report_for(tracker, ("next_step", next_step))
            say(dispatcher, "feedback_thanks", lang)
        else:  # typed without a value the lists know: thanked, nothing counted
            say(dispatcher, "feedback_thanks", lang)
        return [SlotSet("feedback_asked", True)]

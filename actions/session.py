"""Ending a conversation: the visitor asks to erase it, or a kiosk resets after inactivity."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.language import language_of
from actions.messages import say


class ActionEndSession(Action):
    """Confirms in the visitor's language, then restarts. `Restarted` alone only resets the dialogue
    state; the tracker stores (bot/tracker_stores.py) see it and keep nothing that came before it, so
    the Rasa API no longer returns the earlier messages either."""

    def name(self) -> str:
        return "action_end_session"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        say(dispatcher, "session_erased", language_of(tracker))
        return [Restarted()]

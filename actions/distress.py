"""A visitor in distress: a calm first reply with the centre's emergency numbers and a person at once.

The numbers come from site.yml (each centre configures its own). When the resource base has something
on what the visitor describes (harassment, burn-out), it is offered after the numbers, never instead.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import settings
from actions.answers import answer_gate, compose, resources_payload
from actions.language import language_of
from actions.messages import say
from actions.questions import latest_text, retrieve
from common.site import Site


def emergency_payload(site: Site, lang: str) -> dict[str, Any]:
    """The `emergency` custom payload of interfaces.md."""
    return {
        "type": "emergency",
        "numbers": [{"label": site.text(item.label, lang), "number": item.number} for item in site.emergency_numbers],
    }


class ActionRespondToDistress(Action):
    def name(self) -> str:
        return "action_respond_to_distress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        site, lang = settings.site(), language_of(tracker)
        numbers = "\n".join(f"• {site.text(item.label, lang)}" for item in site.emergency_numbers)
        say(dispatcher, "distress_first", lang, numbers=numbers)
        dispatcher.utter_message(json_message=emergency_payload(site, lang))
        say(dispatcher, "distress_person", lang)
        text = latest_text(tracker)
        if text:
            retrieval = await asyncio.to_thread(retrieve, text)
            if answer_gate().trusts(retrieval):
                answer = compose(text, retrieval, lang)
                say(dispatcher, "distress_resources", lang)
                dispatcher.utter_message(json_message=resources_payload(answer.cited))
        return []

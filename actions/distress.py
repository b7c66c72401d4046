"""A visitor in distress: a calm first reply with the centre's emergency numbers and a person at once.

The numbers come from site.yml (each centre configures its own). When the crisis is about work, the
centre's resources on health at work (harassment, burn-out) are offered after the numbers, never
instead: searched among the `work_wellbeing` topic only, so that "mon chef m'humilie" finds the
harassment guide rather than a cook's career sheet, with the kind of crisis the lexicon recognised
(bot/components/distress_lexicon.py) added to the visitor's words, because people in crisis describe
what they live, not the name of the problem.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import figures, settings
from actions.answers import choose_citations, resources_payload
from actions.centre import centre_of
from actions.language import language_of
from actions.messages import say
from actions.messages import text as words
from actions.questions import latest_text, retrieve
from common.site import Site
from common.text import fold
from indexer.search import SearchResult

SUPPORT_TOPIC = "work_wellbeing"
# Kinds of crisis with words of their own (`crisis_words_<kind>` in the catalogue), added to the visitor's
# words with those of health at work in general (`crisis_words_any`).
CRISIS_KINDS = frozenset({"harassment", "burnout"})


# Work in the visitor's words (folded): the health-at-work resources fit only a crisis about work.
_WORK = re.compile(
    r"\b(travail\w*|boulot|taf|job|emploi|bureau|chef|patron\w*|manager|collegue\w*|entreprise|stage|"
    r"work\w*|boss|colleague\w*|office|company|employer|shift\w*|career|"
    r"trabaj\w*|curro|jefe|empresa|oficina|companer\w*|"  # Spanish
    r"lavor\w*|capo|ufficio|collega|colleghi|azienda|ditta|"  # Italian
    r"trabalh\w*|chefe|escritorio|colega\w*|patrao)\b"  # Portuguese
)
WORK_KINDS = frozenset({"harassment", "burnout"})


def about_work(text: str, kind: str | None) -> bool:
    """Whether the crisis is about work: the lexicon's kind says so, or the visitor's words do."""
    return kind in WORK_KINDS or bool(_WORK.search(fold(text)))


def crisis_kind(tracker: Tracker) -> str | None:
    """The category of crisis expression the NLU's safety net found in the message, if it fired."""
    trace = tracker.latest_message.get("distress_lexicon") or {}
    return trace.get("category") if isinstance(trace, dict) else None


def support_resources(text: str, kind: str | None, lang: str, centre: str) -> list[SearchResult]:
    """The centre's resources on health at work closest to what the visitor describes, in their language
    first, then in the other."""
    named = words(f"crisis_words_{kind}", lang) if kind in CRISIS_KINDS else ""
    query = f"{text} {named} {words('crisis_words_any', lang)}".strip()
    own = retrieve(query, topic=SUPPORT_TOPIC, lang=lang, centre=centre).results
    other = [result for result in retrieve(query, topic=SUPPORT_TOPIC, centre=centre).results if result.lang != lang]
    return choose_citations([*own, *other])


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
        centre, lang = centre_of(tracker), language_of(tracker)
        site = settings.site(centre)  # the centre's own emergency numbers (3114 in France, 0800 32 123 in Belgium)
        numbers = "\n".join(f"• {site.text(item.label, lang)}" for item in site.emergency_numbers)
        say(dispatcher, "distress_first", lang, numbers=numbers)
        dispatcher.utter_message(json_message=emergency_payload(site, lang))
        say(dispatcher, "distress_person", lang)
        figures.report_for(tracker, ("distress", "counted"))  # counted, nothing else
        text, kind = latest_text(tracker), crisis_kind(tracker)
        cited = await asyncio.to_thread(support_resources, text, kind, lang, centre) if about_work(text, kind) else []
        if cited:
            say(dispatcher, "distress_resources", lang)
            dispatcher.utter_message(json_message=resources_payload(cited, lang))
        # A counsellor's ticket from this conversation goes first in the queue (actions/handoff.py).
        return [SlotSet("handoff_urgent", True)]

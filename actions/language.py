"""Which language to answer in: detected from the visitor's first message, switched on request.

Runs as `action_validate_slot_mappings`, which Rasa calls after every user message and before it picks
a response, so the very first reply is already in the visitor's language.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from lingua import Language, LanguageDetectorBuilder
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions import figures
from actions.centre import CentreSlot

# rasa_sdk warns, at every message, of each extracted slot without a `validate_<slot>` method; here that
# is by design (only the language is extracted; the others pass as they are), so keep its errors only.
logging.getLogger("rasa_sdk.forms").setLevel(logging.ERROR)

SUPPORTED = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_LINGUA = {Language.FRENCH: "fr", Language.ENGLISH: "en"}
_WORD = re.compile(r"[^\W\d_]{2,}")

# How sure the detector must be before it sets the language of a new conversation, and before it
# follows a visitor who, mid-conversation, writes a whole sentence in the other language.
FIRST_MESSAGE_CONFIDENCE = 0.6
SWITCH_CONFIDENCE = 0.9
SWITCH_MIN_WORDS = 4


@cache
def _detector():
    return LanguageDetectorBuilder.from_languages(*_LINGUA).build()


def detect_language(text: str) -> tuple[str | None, float, int]:
    """(language, confidence, word count) of `text`; language is None when it has no words at all."""
    if (text or "").lstrip().startswith("/"):
        return None, 0.0, 0  # a button payload such as "/ask_services" carries no language
    words = _WORD.findall(text or "")
    if not words:
        return None, 0.0, 0
    sample = " ".join(words)[:1000]
    values = _detector().compute_language_confidence_values(sample)
    best = values[0]
    return _LINGUA[best.language], best.value, len(words)


def requested_language(tracker: Tracker, current: str) -> str:
    """The language a change_language message asks for: its `language` entity, else the other one."""
    wanted = next(tracker.get_latest_entity_values("language"), None)
    if wanted in SUPPORTED:
        return wanted
    return "en" if current == "fr" else "fr"


def choose_language(current: str | None, text: str, chosen: bool = False) -> str | None:
    """The language slot after a message that does not ask for a language, or None to leave it.

    A new conversation takes the detected language once the detector is confident; later, unless the
    visitor explicitly chose a language, only a whole sentence clearly in the other language switches
    (a visitor who types "ok" or an English job title in a French sentence stays where they are).
    """
    if chosen:
        return None
    detected, confidence, words = detect_language(text)
    if detected is None:
        return None
    if current is None:
        return detected if confidence >= FIRST_MESSAGE_CONFIDENCE or words >= 3 else None
    if detected != current and confidence >= SWITCH_CONFIDENCE and words >= SWITCH_MIN_WORDS:
        return detected
    return None


class ValidateSlotMappings(CentreSlot, ValidationAction):
    """Fills the `language` and `language_chosen` slots (custom mappings) on every user turn, and the
    `centre` slot (`CentreSlot`)."""

    async def extract_language_chosen(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {}  # set together with `language` by extract_language

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Fill the slots, then count the message for the figures (the one action every message runs)."""
        events = await super().run(dispatcher, tracker, domain)
        chosen = next((e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "language"), None)
        figures.report_for(tracker, *figures.turn_events(tracker, chosen or language_of(tracker)))
        return events

    async def extract_language(  # Rasa calls extract_<slot> for each slot with a custom mapping
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        current = tracker.get_slot("language")
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        if intent == "change_language":
            return {"language": requested_language(tracker, current or DEFAULT_LANGUAGE), "language_chosen": True}
        chosen = choose_language(current, text, bool(tracker.get_slot("language_chosen")))
        return {} if chosen is None or chosen == current else {"language": chosen}


def language_of(tracker: Tracker) -> str:
    """The language to answer in for this conversation."""
    value = tracker.get_slot("language")
    return value if value in SUPPORTED else DEFAULT_LANGUAGE

"""The centre a conversation belongs to, as the actions read it.

Set once per conversation from the first message's `metadata.centre` into the `centre` slot (see
bot/domain/core.yml); every action that says something about the centre (hours, areas, emergency
numbers, resources, workshops, tickets, figures) asks this module, never the metadata directly."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from common.centres import resolve_centre


def centre_of(tracker: Tracker) -> str:
    """The conversation's centre: its slot, else the latest message's metadata, else the default."""
    value = tracker.get_slot("centre")
    if not value:
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        value = metadata.get("centre") if isinstance(metadata, dict) else None
    return resolve_centre(value)


class CentreSlot:
    """The `centre` slot's custom mapping, mixed into `action_validate_slot_mappings` (which Rasa runs
    after every user message): set once, from the first message that reaches it, validated, and kept
    for the rest of the conversation whatever later metadata says."""

    async def extract_centre(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("centre"):
            return {}
        return {"centre": centre_of(tracker)}

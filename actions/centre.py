"""The centre a conversation belongs to, as the actions read it.

Set once per conversation from the first message's `metadata.centre` into the `centre` slot (see
bot/domain/core.yml); every action that says something about the centre (hours, areas, emergency
numbers, resources, workshops, tickets, figures) asks this module, never the metadata directly."""

from __future__ import annotations

from rasa_sdk import Tracker

from common.centres import resolve_centre


def centre_of(tracker: Tracker) -> str:
    """The conversation's centre: its slot, else the latest message's metadata, else the default."""
    value = tracker.get_slot("centre")
    if not value:
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        value = metadata.get("centre") if isinstance(metadata, dict) else None
    return resolve_centre(value)

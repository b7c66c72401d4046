"""Where a conversation comes from: the website's widget or the centre's kiosk, as the widget says in
each message's metadata (`metadata.channel`; the kiosk page runs the widget in kiosk mode)."""

from __future__ import annotations

from rasa_sdk import Tracker

from common.figures import CHANNELS


def channel_of(tracker: Tracker) -> str:
    """ "web" or "kiosk", from the metadata the widget sends with each message (the latest that has one)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            channel = (event.get("metadata") or {}).get("channel")
            if channel in CHANNELS:
                return channel
    channel = ((tracker.latest_message or {}).get("metadata") or {}).get("channel")
    return channel if channel in CHANNELS else "web"

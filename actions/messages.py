"""The action server's message catalogue (`messages.yml`): one place for every text an action sends,
in French and English, so that wording is reviewed and translated in one file, not across the code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

CATALOGUE = Path(__file__).with_name("messages.yml")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render(key: str, lang: str, **values: Any) -> tuple[str, list[dict[str, str]]]:
    """The text and buttons of message `key` in `lang` (French when a translation is missing)."""
    entry = catalogue()[key]
    text = (entry.get(lang) or entry["fr"]).format(**values)
    buttons = [
        {"title": button.get(lang) or button["fr"], "payload": button["payload"]} for button in entry.get("buttons", [])
    ]
    return text, buttons


def say(dispatcher: CollectingDispatcher, key: str, lang: str, *, buttons: list | None = None, **values: Any) -> None:
    """Send message `key`; extra `buttons` come before the catalogue's own."""
    text, own_buttons = render(key, lang, **values)
    dispatcher.utter_message(text=text, buttons=[*(buttons or []), *own_buttons])

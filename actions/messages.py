"""The action server's message catalogue (`messages.yml`): one place for every text an action sends, in
every declared language (common/languages.py), so that wording is reviewed and translated in one file,
not across the code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

from common.languages import DEFAULT

CATALOGUE = Path(__file__).with_name("messages.yml")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render(key: str, lang: str, **values: Any) -> tuple[str, list[dict[str, str]]]:
    """The text and buttons of message `key` in `lang` (the default language's when a translation is missing;
    a test keeps the catalogue complete)."""
    entry = catalogue()[key]
    text = (entry.get(lang) or entry[DEFAULT]).format(**values)
    buttons = [
        {"title": button.get(lang) or button[DEFAULT], "payload": button["payload"]}
        for button in entry.get("buttons", [])
    ]
    return text, buttons


def text(key: str, lang: str, **values: Any) -> str:
    """The text alone of message `key` in `lang`: a phrase composed into another message."""
    return render(key, lang, **values)[0]


def say(dispatcher: CollectingDispatcher, key: str, lang: str, *, buttons: list | None = None, **values: Any) -> None:
    """Send message `key`, its first letter a capital (a sentence may open on a value: "lunedì 28 dicembre:
    siamo aperti..."); extra `buttons` come before the catalogue's own."""
    message, own_buttons = render(key, lang, **values)
    message = message[:1].upper() + message[1:]
    dispatcher.utter_message(text=message, buttons=[*(buttons or []), *own_buttons])

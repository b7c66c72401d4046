"""What a standard Rasa client can show of the contract's custom payloads (resources, workshops, handoff,
emergency).

Clients built for Rasa's socket.io channel, such as rasa-webchat, know the shapes of Rasa's own output
channel: `text`, `quick_replies`, and an `attachment`, whose generic template is a row of cards with a
title, a subtitle and buttons (a `web_url` button is a link). They drop a `custom` object they were not
written for. So each payload is sent as a generic template made of its own data, with the payload itself
beside it under `custom` for clients that know the contract (the project's widget reads only that).
The cards hold no sentence of their own: titles, places, codes, numbers and addresses already come in
the conversation's language, and the bot's text before the payload says what they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

Card = dict[str, Any]


def standard_message(payload: dict[str, Any]) -> dict[str, Any]:
    """The `bot_uttered` data for one custom payload: cards when the payload has some, and `custom`."""
    build = _CARDS.get(str(payload.get("type")))
    cards = [card for card in build(payload) if card["title"]] if build else []
    if not cards:
        return {"custom": payload}
    template = {"template_type": "generic", "elements": cards}
    return {"attachment": {"type": "template", "payload": template}, "custom": payload}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _card(title: Any, subtitle: list[Any], buttons: list[dict[str, str]] | None = None) -> Card:
    # Every card carries a `buttons` list, even empty: rasa-webchat maps over it unconditionally.
    return {"title": _text(title), "subtitle": " · ".join(filter(None, map(_text, subtitle))), "buttons": buttons or []}


def _link(url: str, title: str) -> dict[str, str]:
    return {"type": "web_url", "url": url, "title": title}


def _items(payload: dict[str, Any], key: str = "items") -> list[dict[str, Any]]:
    items = payload.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _resource_cards(payload: dict[str, Any]) -> list[Card]:
    """A resource: its title, who publishes it and where to find it; a web address is a link named by
    its host (a name the visitor will recognise on the page it opens)."""
    cards = []
    for item in _items(payload):
        where = _text(item.get("where"))
        if _is_web_address(where):
            cards.append(_card(item.get("title"), [item.get("publisher")], [_link(where, urlsplit(where).netloc)]))
        else:
            cards.append(_card(item.get("title"), [item.get("publisher"), where]))
    return cards


def _workshop_cards(payload: dict[str, Any]) -> list[Card]:
    return [
        _card(item.get("title"), [str(item.get("start") or "")[:16].replace("T", " "), item.get("location")])
        for item in _items(payload)
    ]


def _handoff_cards(payload: dict[str, Any]) -> list[Card]:
    wait = payload.get("wait_minutes")
    minutes = f"~{wait} min" if isinstance(wait, int) and 0 < wait <= 600 else ""
    return [_card(payload.get("code"), [payload.get("where") or payload.get("area"), minutes])]


def _emergency_cards(payload: dict[str, Any]) -> list[Card]:
    cards = []
    for item in _items(payload, "numbers"):
        number = _text(str(item.get("number") or ""))
        dial = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        cards.append(_card(item.get("label"), [number], [_link(f"tel:{dial}", number)] if dial else []))
    return cards


_CARDS: dict[str, Callable[[dict[str, Any]], list[Card]]] = {
    "resources": _resource_cards,
    "workshops": _workshop_cards,
    "handoff": _handoff_cards,
    "emergency": _emergency_cards,
}

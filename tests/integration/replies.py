"""What the integration tests read in the bot's replies over the REST channel: custom payloads by type,
the resources cited, the text said."""

from __future__ import annotations


def custom(messages: list[dict], kind: str) -> list[dict]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]


def cited_ids(messages: list[dict]) -> list[str]:
    return [item["id"] for payload in custom(messages, "resources") for item in payload["items"]]


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)

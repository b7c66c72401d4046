"""The REST channel, with visitor text made safe, bounded and redacted before the NLU sees it.

Same URL and payloads as Rasa's own REST channel (`POST /webhooks/rest/webhook`); only the text
changes: markup and control characters are removed, and the length is capped, so that a pasted web
page, a binary blob or a 50 KB message costs no more than a long question and is understood as well
as it can be. Then personal data is replaced by typed placeholders (`privacy.redact`): this is the one
door visitor text comes in by, so the tracker store, the logs, the action server and the desk only ever
see the redacted text. The bot never echoes visitor text, so nothing here is about output escaping.

Before any of that, the request is checked against the bounds of `bot.bounds` (a clear 400 or
413, never a 500), and the metadata gets the visitor's client key (`common.clients`), which the desk's
per-visitor ticket limits key on; a client cannot set that key itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic
from sanic.request import Request

import privacy
from bot import bounds
from bot.action_endpoint import pool_action_connections
from bot.settings import channel_settings
from common import clients
from privacy.logging import install_redacting_logs

MAX_CHARS = 2000
# What an empty message becomes: the NLU fallback, whose first step asks the visitor to type something.
EMPTY_MESSAGE = "/nlu_fallback"
_TAG = re.compile(r"<[^<>]{0,500}>")
_SPACES = re.compile(r"\s+")
MAX_METADATA_ITEMS, MAX_METADATA_DEPTH = 50, 4


def clean_text(text: Any) -> str:
    """Visitor text without markup or control characters, whitespace folded, at most MAX_CHARS."""
    if not isinstance(text, str):
        return ""
    text = _TAG.sub(" ", text[: MAX_CHARS * 4])
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", "".join(kept)).strip()[:MAX_CHARS]


def safe_text(text: Any) -> str:
    """What the assistant may keep of a visitor's message: cleaned, bounded, with personal data replaced;
    an empty message becomes the NLU fallback."""
    cleaned = clean_text(text)
    return (privacy.redact(cleaned).strip() if cleaned else "") or EMPTY_MESSAGE


def safe_metadata(value: Any, depth: int = 0) -> Any:
    """The metadata a client sends with a message (stored with it in the tracker), bounded, with every
    string redacted like the message itself: a page URL or a form field can carry personal data too."""
    if depth > MAX_METADATA_DEPTH:
        return None
    if isinstance(value, dict):
        items = list(value.items())[:MAX_METADATA_ITEMS]
        return {clean_text(str(key))[:100]: safe_metadata(item, depth + 1) for key, item in items}
    if isinstance(value, list):
        return [safe_metadata(item, depth + 1) for item in value[:MAX_METADATA_ITEMS]]
    if isinstance(value, str):
        return privacy.redact(clean_text(value)) if value else value
    return value if isinstance(value, (bool, int, float)) or value is None else None


def prepare_rasa_process() -> None:
    """Once per Rasa process, when its channels are built (before any message): visitor text redacted in
    every log record, and the redactor's language model loaded now rather than on the first message."""
    install_redacting_logs()
    privacy.warm_up()


class CleanRestInput(RestInput):
    """Rasa's REST channel (same name, same route) with the body checked against the bounds, `safe_text`
    applied to each message, so an empty message (nothing left once cleaned) still gets a reply and
    personal data never reaches Rasa, and the client key added to the metadata."""

    def __init__(self) -> None:
        prepare_rasa_process()
        self.settings = channel_settings()
        super().__init__()

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        pool_action_connections(blueprint)

        @blueprint.listener("before_server_start")
        async def bound_requests(app: Sanic, _loop: object) -> None:
            bounds.install(app, self.settings)

        return blueprint

    def _body(self, request: Request) -> dict[str, Any]:
        """The checked body, parsed once per request (Rasa asks for each field separately)."""
        body = getattr(request.ctx, "checked_body", None)
        if body is None:
            body = request.ctx.checked_body = bounds.read_body(request.body, self.settings)
        return body

    async def _extract_sender(self, req: Request) -> str | None:
        return self._body(req)["sender"]

    def _extract_message(self, req: Request) -> str:
        return safe_text(self._body(req).get("message"))

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return metadata_with_client(self._body(request).get("metadata"), client_key_of(request))


def client_key_of(request: Request) -> str:
    """The key standing for the visitor's address (common/clients.py) behind the trusted proxies."""
    settings = channel_settings()
    forwarded = request.headers.get("x-forwarded-for")
    address = clients.client_address(request.ip, forwarded, settings.trusted_proxies)
    return clients.client_key(address, settings.client_key_secret)


def metadata_with_client(metadata: Any, client_key: str | None) -> dict[str, Any]:
    """The client's metadata made safe, with the channel's client key in place of any the client sent."""
    safe = safe_metadata(metadata or {})
    safe = safe if isinstance(safe, dict) else {}
    safe.pop(clients.METADATA_FIELD, None)
    if client_key:
        safe[clients.METADATA_FIELD] = client_key
    return safe

"""What a client may send to a channel: checked before anything else is done with it.

A request that breaks a bound is refused with a 400 or 413 whose JSON body names the setting and its
value (`{"error", "limit", "max"}`), never a 500: an empty body, a JSON array, invalid UTF-8 or binary,
a body over the size limit, metadata too deep, with too many values or too much text. The bounds are
checked on the raw structure, before the redactor reads a single character, so that the work one request
can cause on the event loop stays about that of one long message.
"""

from __future__ import annotations

import json
from typing import Any

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot.settings import ChannelSettings

MAX_SENDER_CHARS = 128


class Rejected(Exception):
    """A request outside the bounds: its status, what is wrong, and the setting that says so."""

    def __init__(self, status: int, error: str, limit: str | None = None, maximum: int | None = None) -> None:
        super().__init__(error)
        self.status, self.error, self.limit, self.maximum = status, error, limit, maximum

    def response(self) -> response.HTTPResponse:
        body: dict[str, Any] = {"error": self.error}
        if self.limit:
            body |= {"limit": self.limit, "max": self.maximum}
        return response.json(body, status=self.status)


def body_too_large(settings: ChannelSettings) -> Rejected:
    return Rejected(
        413,
        f"request body over {settings.max_body_bytes} bytes",
        "CDM_RASA_MAX_BODY_BYTES",
        settings.max_body_bytes,
    )


def install(app: Sanic, settings: ChannelSettings) -> None:
    """On the Rasa server's app, once: Sanic's own body limit (its default is 100 MB) set to ours, and
    its 413 and our refusals answered with the JSON body above."""
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes

    async def refused(_request: Request, error: Exception) -> response.HTTPResponse:
        return (error if isinstance(error, Rejected) else body_too_large(settings)).response()

    app.error_handler.add(Rejected, refused)
    app.error_handler.add(PayloadTooLarge, refused)


def read_body(raw: bytes, settings: ChannelSettings) -> dict[str, Any]:
    """The request body as a JSON object with a `sender`, or `Rejected`."""
    if len(raw) > settings.max_body_bytes:
        raise body_too_large(settings)
    if not raw.strip():
        raise Rejected(400, "empty body: a JSON object with 'sender' and 'message' is expected")
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Rejected(400, "the body is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise Rejected(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise Rejected(400, "the body must be a JSON object with 'sender' and 'message'")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise Rejected(400, f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    if body.get("message") is not None and not isinstance(body["message"], str):
        raise Rejected(400, "'message' must be a string")
    if body.get("metadata") is not None:
        if not isinstance(body["metadata"], dict):
            raise Rejected(400, "'metadata' must be a JSON object")
        check_metadata(body["metadata"], settings)
    return body


def check_metadata(metadata: Any, settings: ChannelSettings) -> None:
    """Depth, number of values (every key's or item's value counts, nested ones too) and total text
    (keys and strings) of the metadata, counted without recursion, so that no nesting can exhaust the
    stack; `Rejected` on the first bound broken."""
    values = chars = 0
    pending: list[tuple[Any, int]] = [(metadata, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, (dict, list)):
            if depth >= settings.max_metadata_depth:
                raise Rejected(
                    400,
                    f"metadata nested deeper than {settings.max_metadata_depth} levels",
                    "CDM_RASA_MAX_METADATA_DEPTH",
                    settings.max_metadata_depth,
                )
            items = list(value.items()) if isinstance(value, dict) else [(None, item) for item in value]
            values += len(items)
            chars += sum(len(key) for key, _ in items if isinstance(key, str))
            pending.extend((item, depth + 1) for _, item in items)
        if values > settings.max_metadata_leaves:
            raise Rejected(
                413,
                f"metadata with more than {settings.max_metadata_leaves} values",
                "CDM_RASA_MAX_METADATA_LEAVES",
                settings.max_metadata_leaves,
            )
        if chars > settings.max_metadata_chars:
            raise Rejected(
                413,
                f"metadata with more than {settings.max_metadata_chars} characters of text",
                "CDM_RASA_MAX_METADATA_CHARS",
                settings.max_metadata_chars,
            )

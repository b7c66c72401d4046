"""The REST channel, with visitor text made safe and bounded before the NLU sees it.

Same URL and payloads as Rasa's own REST channel (`POST /webhooks/rest/webhook`); only the text
changes: markup and control characters are removed, and the length is capped, so that a pasted web
page, a binary blob or a 50 KB message costs no more than a long question and is understood as well
as it can be. The bot never echoes visitor text, so nothing here is about output escaping.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request

MAX_CHARS = 2000
# What an empty message becomes: the NLU fallback, whose first step asks the visitor to type something.
EMPTY_MESSAGE = "/nlu_fallback"
_TAG = re.compile(r"<[^<>]{0,500}>")
_SPACES = re.compile(r"\s+")


def clean_text(text: Any) -> str:
    """Visitor text without markup or control characters, whitespace folded, at most MAX_CHARS."""
    if not isinstance(text, str):
        return ""
    text = _TAG.sub(" ", text[: MAX_CHARS * 4])
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", "".join(kept)).strip()[:MAX_CHARS]


class CleanRestInput(RestInput):
    """Rasa's REST channel (same name, same route) with `clean_text` applied to each message, and an
    empty message (nothing left once cleaned) turned into the NLU fallback, so it still gets a reply."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str:
        return clean_text(super()._extract_message(req)) or EMPTY_MESSAGE

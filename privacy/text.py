"""Visitor text made safe to analyse: any input type, control characters, invisible characters, size.

Redaction runs on whatever reaches a log line or a store, so it must never crash and must stay fast
on a pasted page or a binary blob. Invisible characters are removed rather than kept because they are
the cheapest way to hide a phone number from a pattern ("06\u200b12 34 56 78").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Beyond this a text is cut (at a space, so that no number is split in half and half-detected). Chat
# messages are capped at 2,000 characters by the REST channel; this bound is for log lines and pasted
# pages, and keeps the worst case (a line packed with digits and capitalised words) to a few seconds.
MAX_CHARS = 20_000
TRUNCATION_MARK = " …"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ud800-\udfff]")


def prepare(text: object) -> str:
    """A clean `str` of at most about MAX_CHARS characters: bytes are decoded (invalid bytes replaced),
    other objects are formatted, control characters become spaces and invisible ones disappear."""
    if text is None:
        return ""
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text[: MAX_CHARS * 4]).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = _cut(text)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    return text + TRUNCATION_MARK if truncated else text


def _cut(text: str) -> str:
    head = text[:MAX_CHARS]
    space = max(head.rfind(" "), head.rfind("\n"))
    return head[:space] if space > MAX_CHARS - 200 else head[: MAX_CHARS - 200]


def narrow(text: str) -> str:
    """`text` with full-width forms ("＠", "０６", "．") replaced by their ASCII twins, character for
    character, so that offsets found in the result are offsets in `text`. Full-width characters come
    from East Asian keyboards, and also from visitors who know a pattern looks for "@"."""
    return text.translate(_NARROW) if any(ch > "\uff00" or ch == "\u3000" for ch in text) else text


_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def windows(text: str, size: int, overlap: int) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs: pieces of `size` characters plus `overlap` characters of the next one, so
    that anything shorter than `overlap` starting in a piece lies whole in it. A caller keeps what
    starts before `size` in each piece, to count each finding once."""
    for start in range(0, max(len(text), 1), size):
        yield start, text[start : start + size + overlap]


def chunks(text: str, size: int = 2000) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, each at most `size` characters, cut preferably at a line
    end, then a sentence end, then a space, so that the language model sees whole sentences."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            window = text[start:end]
            for separator in ("\n", ". ", "! ", "? ", " "):
                cut = window.rfind(separator)
                if cut > size // 2:
                    end = start + cut + len(separator)
                    break
        yield start, text[start:end]
        start = end

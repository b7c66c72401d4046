"""E-mail addresses, web addresses and social-media handles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy.public_sites import is_public_site
from privacy.spans import EMAIL, URL, PiiSpan

# The look-behind anchors each attempt at the start of an address, so a long run of word characters
# without an "@" costs linear time.
_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]{1,64}"
    r"(?:@|\s*(?:\(at\)|\[at\]|\{at\}|\(arobase\))\s*|\s+arobase\s+)"
    r"[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w\-])",
    re.IGNORECASE,
)
_SCHEME_URL = re.compile(r"(?<![\w@])(?:https?://|ftp://|www\.)[^\s<>\"'{}|\\^`]{1,2000}", re.IGNORECASE)
# A bare domain with a common top-level domain ("linkedin.com/in/x", "monsite.fr").
_BARE_URL = re.compile(
    r"(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){1,5}"
    r"(?:com|fr|be|ch|es|it|pt|uk|org|net|io|eu|info|me|co|de|lu|ca|dev|app|site|online|tv|ly|gl|gg|page|link)"
    r"(?![\w\-])(?:/[^\s<>\"'{}|\\^`]{0,2000})?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.\-/])@(?=[\w.]*[^\W\d_])[\w](?:[\w.]{0,28}[\w])?(?![\w@])")
# "mon snap c'est marie.d92": a handle without its "@", recognised by the network named just before.
_NETWORK_HANDLE = re.compile(
    r"\b(?:insta(?:gram)?|snap(?:chat)?|tiktok|twitter|facebook|fb|discord|telegram|github|gitlab|"
    r"twitch|youtube|linkedin|skype|threads|bluesky|mastodon)\b"
    r"\s*(?::|=|->|c'est|c’est|c est|est|is|it's|:)?\s*"
    r"(?P<handle>(?=[\w.]*[\d_.])[\w][\w.]{1,28}[\w])(?![\w@])",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\"»>"


def find(text: str) -> Iterator[PiiSpan]:
    if "@" in text or "(at)" in text or "[at]" in text or "arobase" in text.lower():
        for match in _EMAIL.finditer(text):
            yield PiiSpan(match.start(), match.end(), EMAIL)
    if "." in text:
        for pattern in (_SCHEME_URL, _BARE_URL):
            for match in pattern.finditer(text):
                end = match.end()
                while end > match.start() and text[end - 1] in _TRAILING:
                    end -= 1
                if not is_public_site(text[match.start() : end]):
                    yield PiiSpan(match.start(), end, URL)
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield PiiSpan(match.start(), match.end(), URL)
    for match in _NETWORK_HANDLE.finditer(text):
        yield PiiSpan(match.start("handle"), match.end("handle"), URL)

"""Handoff codes as visitors type them back: "K7M4", "k7-m4", "K7 M4".

The desk issues 4-character codes from an alphabet without 0/O and 1/I (easy to read aloud). The NLU's
regex (bot/data/nlu/shared/regex.yml) finds most of them; this module normalises what it found and,
when it found nothing, looks for a code in the text itself, so that a missed entity still gets an answer.
"""

from __future__ import annotations

import re

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 4
_CHAR = f"[{ALPHABET}{ALPHABET.lower()}]"
# Two pairs, optionally split by a hyphen or one space; whole words only.
_CANDIDATE = re.compile(rf"(?<![\w-])({_CHAR}{{2}}[- ]?{_CHAR}{{2}})(?![\w-])")
# "9h45" is a time of day, not a code.
_CLOCK = re.compile(r"^[2-9][hH][2-9]{2}$")


def normalize(value: object) -> str | None:
    """The canonical code ("K7M4") for what a visitor or the NLU gave, or None if it cannot be one."""
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[\s\-_.]", "", value).upper()
    if len(compact) != CODE_LENGTH or any(char not in ALPHABET for char in compact):
        return None
    return compact


def find_code(text: str) -> str | None:
    """A code written in free text, or None.

    Plain words ("mon code", "what") fit the alphabet too, so a candidate must contain a digit, be
    written in capitals ("CASE") as the bot printed it, be split in two pairs ("gs-qc"), or be the
    whole message."""
    text = text or ""
    whole = normalize(text.strip(" ?!.,;:"))
    if whole is not None:
        return whole
    for match in _CANDIDATE.finditer(text):
        raw = match.group(1)
        compact = re.sub(r"[- ]", "", raw)
        if _CLOCK.match(compact):
            continue
        if any(char.isdigit() for char in compact) or compact.isupper() or "-" in raw:
            return normalize(compact)
    return None

"""Ticket codes: short, easy to read aloud, and drawn from `secrets` so that they cannot be guessed.

The alphabet leaves out 0/O and 1/I, which sound or look alike. Four characters give 32**4 (about a
million) codes; with at most a few hundred open tickets and a rate-limited status look-up, guessing an
open code is impractical, and a code reveals only its status anyway (the visitor's token guards the
rest). Uniqueness among open tickets is enforced by the database (`Ticket.open_code`).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_CODE_SHAPE = re.compile(f"^[{ALPHABET}]{{4,12}}$")


DIGITS = frozenset(char for char in ALPHABET if char.isdigit())


def new_code(length: int = 4) -> str:
    """A random code of `length` characters with at least one digit and one letter, e.g. K7M4.

    A code of letters only ("gsqc" typed in lower case) reads like a word and a code of digits only
    like a time or a number, so neither the visitor nor the bot's entity extractor would take it for a
    code; mixing both costs a third of the code space (about 710,000 four-character codes remain).
    """
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if DIGITS & set(code) and set(code) - DIGITS:
            return code


def new_token() -> str:
    """The visitor's secret for the live chat: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def normalise(code: str) -> str | None:
    """A code as typed or read aloud ("k7m-4 ") in canonical form, or None when it cannot be one."""
    cleaned = re.sub(r"[\s-]", "", code or "").upper()
    return cleaned if _CODE_SHAPE.match(cleaned) else None

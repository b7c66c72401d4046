"""Words with their positions, for the detectors that read a few words after a cue."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word keeps its inner hyphens and apostrophes ("Jean-Pierre", "O'Connor", "d'Italie"); any other
# non-space character is a token of its own.
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        """Letters only (with inner hyphens or apostrophes): what a name or a street name is made of."""
        return bool(self.text) and all(ch.isalpha() or ch in "-'’" for ch in self.text) and self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.is_word and self.text[0].isupper()

    @property
    def is_number(self) -> bool:
        return self.text.isdigit()


def tokenize(text: str) -> list[Token]:
    return [Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]


def index_at(tokens: list[Token], offset: int) -> int:
    """Index of the first token that starts at or after `offset` (len(tokens) if none)."""
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < offset:
            low = middle + 1
        else:
            high = middle
    return low


def same_line(text: str, left: Token, right: Token) -> bool:
    return "\n" not in text[left.end : right.start]

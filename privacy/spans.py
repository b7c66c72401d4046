"""Typed spans of personal data, and how overlapping findings become one redacted text.

Detectors work independently and may disagree about the same characters (the digits of an IBAN also
read as a phone number; a street named after a person reads as a name). `resolve` settles this with a
fixed priority, and never lets a character that some detector flagged reach the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NAME = "NAME"
EMAIL = "EMAIL"
PHONE = "PHONE"
ADDRESS = "ADDRESS"
ID = "ID"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
CARD = "CARD"
IBAN = "IBAN"
URL = "URL"

# Highest priority first: a checksummed number is the most certain reading of its digits, a date after
# "né le" is a better reading than the phone number its digits could also be, and a street address or an
# e-mail is a better reading than the name found inside it.
KINDS: tuple[str, ...] = (IBAN, CARD, ID, EMAIL, URL, DATE_OF_BIRTH, PHONE, ADDRESS, NAME)
PLACEHOLDERS: dict[str, str] = {kind: f"[{kind}]" for kind in KINDS}
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True, order=True)
class PiiSpan:
    """Characters `start:end` of a text hold personal data of type `kind` (one of KINDS)."""

    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]


def resolve(spans: Iterable[PiiSpan]) -> list[PiiSpan]:
    """Non-overlapping spans in text order. A span that overlaps a higher-priority one keeps the
    pieces outside it, so no flagged character is ever left out."""
    taken: list[PiiSpan] = []
    ranked = sorted(set(spans), key=lambda s: (_PRIORITY[s.kind], s.start - s.end, s.start))
    for span in ranked:
        pieces = [(span.start, span.end)]
        for other in taken:
            pieces = [part for start, end in pieces for part in _subtract(start, end, other.start, other.end)]
        taken.extend(PiiSpan(start, end, span.kind) for start, end in pieces if end > start)
    return sorted(taken)


def _subtract(start: int, end: int, cut_start: int, cut_end: int) -> list[tuple[int, int]]:
    if cut_end <= start or cut_start >= end:
        return [(start, end)]
    return [part for part in ((start, cut_start), (cut_end, end)) if part[1] > part[0]]


def replace(text: str, spans: Iterable[PiiSpan]) -> str:
    """`text` with each (resolved, non-overlapping) span replaced by its placeholder."""
    out: list[str] = []
    position = 0
    for span in sorted(spans):
        out.append(text[position : span.start])
        out.append(span.placeholder)
        position = span.end
    out.append(text[position:])
    return "".join(out)

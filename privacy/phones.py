"""Telephone numbers, found by Google's libphonenumber (the `phonenumbers` port).

Numbers written in international form (+32 ..., 0041 ...) are recognised whatever the region; numbers
written in national form are tried against the countries of the Cités des métiers network and the
United Kingdom, each number being kept only if it is valid for one of them (right length and a prefix
actually in use), which is what keeps years, prices and postcodes out. A second, looser pass keeps
numbers that merely have a possible length when they are written the way people write a phone number
(international prefix, or a leading 0 and ten or eleven digits): ranges reserved for fiction
("07700 900123") or not yet in the metadata are still someone's number in a chat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from privacy import cues, spelled
from privacy.spans import PHONE, PiiSpan
from privacy.text import windows

# France, Belgium and Switzerland, the regions of `privacy/languages/*.yml` (ES, IT, PT), then the UK.
REGIONS: tuple[str, ...] = ("FR", "BE", "CH", *cues.regions(), "GB")
_LOOSE_REGIONS: tuple[str, ...] = ("FR", "GB")
_MIN_DIGITS = 6
# The matcher slows down badly on long runs of digit groups, so it reads windows of this size; no
# phone number is longer than the overlap.
_WINDOW, _OVERLAP = 1000, 64
# "09-12-2000" has the length of some phone numbers; written like this it is a date.
_DATE = re.compile(r"^\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}$")


def find(text: str) -> Iterator[PiiSpan]:
    yield from _spelled(text)
    if sum(ch.isdigit() for ch in text) < _MIN_DIGITS:
        return
    for offset, piece in windows(text, _WINDOW, _OVERLAP):
        if sum(ch.isdigit() for ch in piece) >= _MIN_DIGITS:
            for start, end in _numbers(piece):
                if start < _WINDOW:
                    yield PiiSpan(offset + start, offset + end, PHONE)


def _spelled(text: str) -> Iterator[PiiSpan]:
    """Numbers in words or in groups the matcher does not read ("06/12/34/56/78"): the longest run that
    spells a valid number, or a possible one written as a phone number is (a leading 0 and ten or eleven
    digits, or a "+")."""
    taken_until = -1
    for run in spelled.runs(text):
        if run.start < taken_until or (not run.has_words and _DATE.match(text[run.start : run.end])):
            continue
        if _spells_phone(run.digits, run.plus):
            taken_until = run.end
            yield PiiSpan(run.start, run.end, PHONE)


def _spells_phone(digits: str, plus: bool) -> bool:
    if not (8 if plus else 9) <= len(digits) <= 15:
        return False
    if plus or digits.startswith("00"):
        candidates = ["+" + digits.removeprefix("00")]
    else:
        candidates = [digits, "+" + digits] if not digits.startswith("0") else [digits]
    for candidate in candidates:
        for region in REGIONS:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return True
    return _written_as_phone(("+" if plus else "") + digits)


def _numbers(text: str) -> Iterator[tuple[int, int]]:
    seen: set[tuple[int, int]] = set()
    for region in REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if (match.start, match.end) not in seen and _acceptable(text, match):
                seen.add((match.start, match.end))
                yield match.start, match.end
    for region in _LOOSE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            if (
                (match.start, match.end) not in seen
                and _acceptable(text, match)
                and _written_as_phone(match.raw_string)
            ):
                seen.add((match.start, match.end))
                yield match.start, match.end


def _acceptable(text: str, match: phonenumbers.PhoneNumberMatch) -> bool:
    return not _DATE.match(match.raw_string) and not _plus_of_a_word(text, match.start)


def _plus_of_a_word(text: str, start: int) -> bool:
    """The "+" of "Erasmus+ 2021-2027" or "Bac+2" belongs to the word before it, not to a number."""
    return text[start] == "+" and start > 0 and text[start - 1].isalnum()


def _written_as_phone(raw: str) -> bool:
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.lstrip().startswith("+") or digits.startswith("00"):
        return 8 <= len(digits) <= 15
    return digits.startswith("0") and len(digits) in (10, 11)

"""Numbers that identify a person and carry a check digit: IBAN, payment cards, national numbers.

A checksum is what makes these safe to find without a cue: a random run of digits passes the Luhn test
one time in ten, mod 97 one time in 97, and each rule below adds a length or prefix condition on top.
Identity numbers without a checksum (passports, identity cards, benefit and job-seeker identifiers)
are found in `identifiers.py`, only after a cue phrase. The checksummed numbers of the other languages
(Spanish DNI and NIE, Italian codice fiscale, Portuguese cartao de cidadao) are declared, with their
python-stdnum validator, in `privacy/languages/*.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import ean, iban, luhn
from stdnum.be import nn as belgian_nn
from stdnum.fr import nir, siret

from privacy import cues
from privacy.spans import CARD, IBAN, ID, PiiSpan

_SEP = r"[ .\-]?"
# Two letters, two check digits, then 11 to 30 letters or digits in groups.
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,30}(?![\w])", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"(?<![\w+])\d(?:[ \-.]?\d){11,18}(?![\w])")
_NIR = re.compile(
    rf"(?<![\w])[1-478]{_SEP}\d\d{_SEP}\d\d{_SEP}(?:\d\d|2[AB]){_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d\d(?![\w])",
    re.IGNORECASE,
)
_AVS = re.compile(r"(?<![\w])756[ .]?\d{4}[ .]?\d{4}[ .]?\d{2}(?![\w])")
_BELGIAN_NN = re.compile(r"(?<![\w])\d\d[ .]?\d\d[ .]?\d\d[ .\-]?\d{3}[ .]?\d\d(?![\w])")
# UK National Insurance number: two letters (not D, F, I, Q, U, V first), six digits, A to D.
_NINO = re.compile(r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d\d ?\d\d ?\d\d ?[A-D](?![\w])")

# A card named as such: its number is a card number even when mistyped or invented (it fails Luhn), since
# the visitor has said what it is. The number must follow within a few words.
_CARD_CUE = re.compile(
    r"\b(?:carte\s+(?:bleue|bancaire|de\s+cr[ée]dit|visa|mastercard)|cb|n[°o]\s*(?:de\s+)?(?:cb|carte)|"
    r"num[ée]ro\s+de\s+(?:ma\s+)?carte|(?:credit|debit|bank|visa)\s+card|card\s+(?:number|no\.?|n[°o])|"
    r"visa|mastercard|maestro|amex|american\s+express|ma\s+carte|my\s+card|la\s+carte)\b",
    re.IGNORECASE,
)
_CARD_FILLER = re.compile(
    r"[\s:=#°\-]*(?:(?:number|num[ée]ro|n[°o]|no|is|est|c['’]\s*est|c|bleue|bancaire|visa|de\s+cr[ée]dit)\b"
    r"[\s:=#°\-]*){0,3}",
    re.IGNORECASE,
)
_OTHER_LANGUAGES = cues.checksummed()
_CARD_NUMBER = re.compile(r"\d(?:[ \-.]?\d){12,18}(?![\w])")

# Card lengths by leading digits (Visa, Mastercard, Amex, Discover/UnionPay/JCB, Maestro).
_CARD_RULES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("4", (13, 16, 19)),
    ("5", (16,)),
    ("2", (16,)),
    ("34", (15,)),
    ("37", (15,)),
    ("35", (16, 17, 18, 19)),
    ("36", (14,)),
    ("6", (16, 17, 18, 19)),
)


def find(text: str) -> Iterator[PiiSpan]:
    if sum(ch.isdigit() for ch in text) < 6:
        return
    yield from _ibans(text)
    yield from _cards(text)
    yield from _announced_cards(text)
    for pattern, valid in (
        (_NIR, nir.is_valid),
        *_OTHER_LANGUAGES,
        (_AVS, lambda number: ean.is_valid(_compact(number))),
        (_BELGIAN_NN, belgian_nn.is_valid),
        (_NINO, lambda number: number[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}),
    ):
        for match in pattern.finditer(text):
            if _is_valid(valid, match.group()):
                yield PiiSpan(match.start(), match.end(), ID)


def _ibans(text: str) -> Iterator[PiiSpan]:
    """The longest prefix of each candidate that is a valid IBAN: the pattern may run on into the next
    group of letters or digits ("FR76 ... 189 merci"), and the country fixes the real length."""
    for match in _IBAN.finditer(text):
        positions = [match.start() + i for i, ch in enumerate(match.group()) if ch.isalnum()]
        compact = _compact(match.group()).upper()
        for length in range(len(compact), 14, -1):
            if iban.is_valid(compact[:length], check_country=False):
                yield PiiSpan(match.start(), positions[length - 1] + 1, IBAN)
                break


def _cards(text: str) -> Iterator[PiiSpan]:
    """Card numbers (and SIRETs) in runs of digit groups. A run may carry a following group ("4970
    1012 3456 7893 04 27"), so every cut at a group boundary is tried, longest first."""
    for match in _DIGIT_RUN.finditer(text):
        run = match.group()
        ends = [i + 1 for i, ch in enumerate(run) if ch.isdigit() and (i + 1 == len(run) or not run[i + 1].isdigit())]
        for end in reversed(ends):
            kind = _card_kind("".join(ch for ch in run[:end] if ch.isdigit()))
            if kind:
                yield PiiSpan(match.start(), match.start() + end, kind)
                break


def _announced_cards(text: str) -> Iterator[PiiSpan]:
    """13 to 19 digits right after a word that names a card ("ma carte bleue 4970 1234 5678 9012")."""
    for cue in _CARD_CUE.finditer(text):
        filler = _CARD_FILLER.match(text, cue.end())
        start = filler.end() if filler else cue.end()
        number = _CARD_NUMBER.match(text, start)
        if number and (start == 0 or not text[start - 1].isalnum()):
            yield PiiSpan(number.start(), number.end(), CARD)


def _card_kind(digits: str) -> str | None:
    if len(digits) < 13 or not luhn.is_valid(digits):
        return None
    if any(digits.startswith(prefix) and len(digits) in lengths for prefix, lengths in _CARD_RULES):
        return CARD
    if len(digits) == 14 and siret.is_valid(digits):
        return ID  # a SIRET: for a sole trader, the number of a person
    return None


def _compact(number: str) -> str:
    return "".join(ch for ch in number if ch.isalnum())


def _is_valid(check, number: str) -> bool:
    try:
        return bool(check(number))
    except Exception:  # a validator's own bug must not stop redaction
        return False

"""Runs of digits and number words, read as the digits they spell ("zéro six douze trente-quatre ...").

A visitor who knows that a phone number gets hidden writes it in words, or in groups no pattern expects
("06/12/34/56/78", "06_12_34_56_78", "oh seven seven double oh ..."). This module finds the runs of number
words and digit groups, and turns each into its digits with `text2num` (French and English, including
"soixante-dix-huit" and "quatre-vingt-dix"); `phones.py` then decides whether the digits are a phone
number. Ages, counts and prices in words ("j'ai trente-deux ans", "two kids") give runs of one or two
numbers, far too few digits to be taken for one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from text_to_num import alpha2digit

from privacy.text import narrow
from privacy.words import folded, word_set

_FRENCH = word_set(
    "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "vingt vingts trente quarante cinquante soixante cent cents"
)
_ENGLISH = word_set(
    "zero oh o one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
)
_FRENCH_ONLY = _FRENCH - _ENGLISH
_ENGLISH_ONLY = _ENGLISH - _FRENCH
# Words that join number words without being one: "vingt et un", "double oh", "plus trente-trois".
_JOINERS = word_set("et double triple plus")
_ITEM = re.compile(r"\+|\d+|[^\W\d_]+(?:-[^\W\d_]+)*")
# What may separate two items of one run: spaces, a comma, and the separators of digit groups.
_GAP = re.compile(r"^[\s,./\-_()]{1,4}$")
_MAX_ITEMS = 40
# No phone number takes more items than this, even spelt digit by digit with "double" and "plus".
_MAX_RUN = 20


@dataclass(frozen=True)
class Run:
    """Characters `start:end` spell `digits`; `plus` when the run opens with "+" or "plus"."""

    start: int
    end: int
    digits: str
    plus: bool
    has_words: bool


def runs(text: str) -> Iterator[Run]:
    """Candidate runs of number items, by start, each start with its runs longest first, so that a caller
    can keep the longest one that reads as a number and go on after it ("zéro six ... et zéro sept ...",
    "06 douze 34 56 78, 2 enfants")."""
    text = narrow(text)
    items = [match for match in _ITEM.finditer(text) if _is_item(text, match)]
    group: list[re.Match[str]] = []
    for item in items:
        if group and (
            not _GAP.match(text[group[-1].end() : item.start()])
            or (group[-1].group().isdigit() and folded(item.group()) == "et")  # "2021-2027 et un"
        ):
            yield from _candidates(text, group)
            group = []
        elif len(group) >= _MAX_ITEMS:  # a long list of numbers: go on with an overlap, no number is cut
            yield from _candidates(text, group)
            group = group[-_MAX_RUN:]
        group.append(item)
    yield from _candidates(text, group)


def _is_item(text: str, match: re.Match[str]) -> bool:
    word = match.group()
    if word == "+":  # the "+" of "Erasmus+" or "Bac+2" belongs to the word before it
        return match.start() == 0 or not text[match.start() - 1].isalnum()
    return word.isdigit() or all(_word_kind(part) for part in word.split("-"))


def _word_kind(word: str) -> str | None:
    word = folded(word)
    if word in _FRENCH:
        return "fr"
    if word in _ENGLISH:
        return "en"
    return "joiner" if word in _JOINERS else None


def _candidates(text: str, group: list[re.Match[str]]) -> Iterator[Run]:
    if not any(item.group().isdigit() or _has_number_word(item.group()) for item in group):
        return
    if all(item.group().isdigit() or item.group() == "+" or folded(item.group()) == "plus" for item in group):
        # Digits alone are the phone matcher's job, except in groups joined by "/" or "_", which it does
        # not read; those are taken whole or not at all.
        plus = not group[0].group().isdigit()
        body = group[1:] if plus else group
        gaps = "".join(text[a.end() : b.start()] for a, b in itertools.pairwise(body))
        if len(body) >= 4 and ("/" in gaps or "_" in gaps):
            yield Run(group[0].start(), body[-1].end(), "".join(item.group() for item in body), plus, False)
        return
    for start in range(len(group)):
        plus = group[start].group() == "+" or folded(group[start].group()) == "plus"
        body = group[start + 1 :] if plus else group[start:]
        if not body or _word_kind(body[0].group()) == "joiner":
            continue
        if folded(body[0].group()) == "o" and all(item.group().isdigit() for item in body[1:]):
            continue  # "liga para o 912 345 678": the Portuguese article before digits, not "oh"
        for end in range(min(len(body), _MAX_RUN), 0, -1):
            if _word_kind(body[end - 1].group()) == "joiner":
                continue
            digits = _digits([item.group() for item in body[:end]])
            if digits:
                yield Run(group[start].start(), body[end - 1].end(), digits, plus, True)


def _has_number_word(word: str) -> bool:
    return any(_word_kind(part) in ("fr", "en") for part in word.lower().split("-"))


def _digits(words: list[str]) -> str:
    """The digits the words spell, in order: "zéro six douze" gives "0612", "double oh seven" "007"."""
    parts = [folded(part) for word in words for part in word.split("-")]
    french = any(part in _FRENCH_ONLY for part in parts) or not any(part in _ENGLISH_ONLY for part in parts)
    spoken: list[str] = []
    repeat = 1
    for word in words:
        lower = word.lower()
        if lower in ("double", "triple"):
            repeat = 2 if lower == "double" else 3
            continue
        if not french and lower in ("oh", "o"):
            lower = "zero"
        if french and lower == "zero":
            lower = "zéro"
        spoken.extend([lower] * repeat)
        repeat = 1
    converted = alpha2digit(" ".join(spoken), "fr" if french else "en", threshold=0)
    return "".join(ch for ch in converted if ch.isdigit())

"""Identity numbers without a checksum, found only after a cue phrase.

Passport, identity-card, residence-permit, driving-licence, benefit, tax, student and job-seeker
numbers have no check digit that a pattern could test, and their shapes ("7654321", "19AB12345") are
shared with prices, room numbers and course codes. So they are taken only in the few words after a cue
("mon numéro de passeport est ...", "identifiant France Travail", "national insurance number"), and
only when the candidate holds digits and is long enough to identify someone. The other languages'
cues ("dni", "codice fiscale", "cartao de cidadao") come from `privacy/languages/*.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy import cues
from privacy.spans import ID, PiiSpan

_CUE = re.compile(
    r"\b(?:passe?ports?|carte (?:nationale )?d['’ ]?identit[ée]|pi[èe]ce d['’ ]?identit[ée]|cni|"
    r"identity card|id card|id number|(?:my|mon|ma|your) id|identifiant|identifier|login|user ?name|"
    r"num[ée]ro (?:de )?s[ée]cu|s[ée]cu|s[ée]curit[ée] sociale|social security|ssn|nir|carte vitale|"
    r"allocataire|num[ée]ro (?:de )?caf|n[°o] caf|"
    r"national insurance|nino|ni number|avs|ahv|num[ée]ro national|registre national|niss|"
    r"titre de s[ée]jour|carte de s[ée]jour|r[ée]c[ée]piss[ée]|residence permit|visa number|"
    r"permis de conduire|driving licen[cs]e|driver['’]?s? licen[cs]e|"
    r"num[ée]ro fiscal|num[ée]ro d['’ ]?imp[ôo]t|tax (?:id|number|reference)|"
    r"num[ée]ro (?:d['’ ])?[ée]tudiant|student (?:id|number)|ine|"
    r"num[ée]ro (?:de )?(?:client|dossier|adh[ée]rent|matricule)|matricule|customer number|case number|"
    r"reference number|num[ée]ro de r[ée]f[ée]rence|mot de passe|mdp|password)\b|"
    + cues.alternation(cues.phrases("ids", "cues")),
    re.IGNORECASE,
)
# The window after a cue ends at a sentence end or a comma followed by a space.
_WINDOW_END = re.compile(r"[.!?;]\s|,\s|\n|$")
_WINDOW = 60
_GROUP = re.compile(r"[A-Za-z0-9]+(?:[.\-/][A-Za-z0-9]+)*")
_TIME_OR_DATE = re.compile(r"^\d{1,2}[h:]\d{0,2}$|^\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?$|^(?:19|20)\d\d$")
_SHORT_LETTERS = re.compile(r"^[A-Z]{1,2}$")


def find(text: str) -> Iterator[PiiSpan]:
    if not any(ch.isdigit() for ch in text):
        return
    for cue in _CUE.finditer(text):
        stop = _WINDOW_END.search(text, cue.end())
        end = min(stop.start() if stop else len(text), cue.end() + _WINDOW)
        span = _identifier_in(text, cue.end(), end)
        if span:
            yield span


def _identifier_in(text: str, start: int, end: int) -> PiiSpan | None:
    """The first run of number-like groups between start and end: it starts at the first group that
    holds a digit (taking one short capital prefix such as "QQ" or "X" before it) and goes on over
    following digit groups and single letters ("QQ 12 34 56 C", "2 87 06 75 115 042 13")."""
    groups = [(m.start(), m.end(), m.group()) for m in _GROUP.finditer(text, start, end)]
    for index, (_, _, group) in enumerate(groups):
        if not any(ch.isdigit() for ch in group) or _TIME_OR_DATE.match(group):
            continue
        first = index
        if index and _SHORT_LETTERS.match(groups[index - 1][2]) and _adjacent(text, groups[index - 1], groups[index]):
            first = index - 1
        last = index
        while last + 1 < len(groups) and _adjacent(text, groups[last], groups[last + 1]):
            following = groups[last + 1][2]
            if not (following.isdigit() or _SHORT_LETTERS.match(following) or _mixed(following)):
                break
            last += 1
        candidate = "".join(group for _, _, group in groups[first : last + 1])
        compact = "".join(ch for ch in candidate if ch.isalnum())
        digits = sum(ch.isdigit() for ch in compact)
        if len(compact) >= 5 and digits >= 2:
            return PiiSpan(groups[first][0], groups[last][1], ID)
        return None
    return None


def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    return text[left[1] : right[0]] == " "


def _mixed(group: str) -> bool:
    return any(ch.isdigit() for ch in group) and any(ch.isalpha() for ch in group)

"""Dates of birth, taken only after a cue ("né le", "date de naissance", "born on", "DOB").

Any other date stays: workshop dates, deadlines and start dates are what the counsellor needs, and a
year of birth ("né en 1990") says no more than an age. The cues, month names and linking words of the
other languages ("naci el 3 de mayo de 1990", "nato il", "nasci em") come from `privacy/languages/*.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy import cues
from privacy.spans import DATE_OF_BIRTH, PiiSpan

_MONTHS = (
    r"(?:janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t|sept?(?:embre)?|"
    r"oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|october|dec(?:ember)?|" + cues.alternation(cues.phrases("birth", "months")) + r")\.?"
)
# "3 de mayo de 1990", "14 de fevereiro de 1992": the words that link day, month and year.
_LINK = r"(?:(?:of|" + "|".join(sorted(cues.words("birth", "links"))) + r")\s+)?"
_DAY = r"(?:1er|1st|2nd|3rd|[0-3]?\d(?:st|nd|rd|th)?)"
_YEAR = r"(?:1[89]\d\d|20\d\d|'?\d\d)"
_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|[0-3]?\d\s?[/.\-]\s?[01]?\d\s?[/.\-]\s?(?:\d{{4}}|\d{{2}})"
    rf"|{_DAY}\s+{_LINK}{_MONTHS}(?:,?\s+{_LINK}{_YEAR})?"
    rf"|{_MONTHS}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|(?:1[89]\d\d|20\d\d)(?![\d/.\-]))"
)
_CUE = (
    r"(?:\bn[ée]e?s?(?:\(e\))?(?:\s+(?:à|a|en|au)\s+[^\d,.;!?\n]{1,30}?)?\s+le"
    r"|\bdate\s+de\s+naissance|\bdate\s+of\s+birth|\bbirth\s?date|\bd\.?o\.?b\.?|\bddn"
    r"|\bborn(?:\s+on)?|\banniversaire|\bbirthday|"
    + cues.alternation(cues.phrases("birth", "cues"))
    # "nato a Roma il", "naci en Cadiz el": a place between the cue and the word before the date.
    + "|"
    + cues.alternation(cues.phrases("birth", "before_place"))
    + r"\s+[^\d,.;!?\n]{1,30}?\s+"
    + cues.alternation(cues.phrases("birth", "after_place"))
    + ")"
)
# Between the cue and the date: punctuation and a few linking words ("est le", "is the", "c'est le").
_FILLER = r"[\s:=\-–]*(?:(?:est|c['’]est|is|was|le|the|on|el|il)\s+){0,3}"
_PATTERN = re.compile(rf"{_CUE}{_FILLER}(?P<date>{_DATE})(?![\w/])", re.IGNORECASE)


def find(text: str) -> Iterator[PiiSpan]:
    if not any(ch.isdigit() for ch in text):
        return
    for match in _PATTERN.finditer(text):
        date = match.group("date")
        if date.isdigit() and len(date) == 4 and not _YEAR_ONLY_CUE.search(match.group()):
            continue  # "né en 1990" or "born in 1990": a year, not a date
        yield PiiSpan(match.start("date"), match.end("date"), DATE_OF_BIRTH)


# A year alone is a date of birth only after an explicit field name ("date de naissance : 1990").
_YEAR_ONLY_CUE = re.compile(
    r"date\s+de\s+naissance|date\s+of\s+birth|birth\s?date|d\.?o\.?b|ddn|"
    + cues.alternation(cues.phrases("birth", "fields")),
    re.IGNORECASE,
)

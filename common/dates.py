"""A single day named by a visitor ("samedi", "demain", "le 25 décembre", "on Christmas Day"),
resolved against a given `now` so that answers and tests agree on what "tomorrow" means.

Weekday and holiday names come from locale data (Babel, `holidays`); free expressions go to dateparser.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import dateparser
import holidays
from babel.dates import get_day_names

from common.text import fold

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_NEXT = re.compile(r"\b(prochaine?|suivante?|next)\b")
_DAY_PART = re.compile(
    r"\b(ce|cet|cette|this|in the|le|du|en)?\s*"
    r"(matin|matinee|midi|apres-midi|apres midi|soir|soiree|morning|afternoon|evening|night)\b"
)
_TONIGHT = re.compile(r"\b(ce soir|cette nuit|tonight|this evening)\b")


def _fold(text: str) -> str:
    """`fold`, with typographic apostrophes made plain ("jour de l’an" is "jour de l'an")."""
    return fold(text).replace("’", "'")


@cache
def _weekday_names(lang: str) -> dict[str, int]:
    names = get_day_names("wide", locale=_LOCALES.get(lang, "fr_FR"))
    return {_fold(name): index for index, name in names.items()}


def _weekday_in(text: str, lang: str) -> int | None:
    for code in (lang, *(c for c in _LOCALES if c != lang)):
        for name, index in _weekday_names(code).items():
            if re.search(rf"\b{name}s?\b", text):
                return index
    return None


def _holiday_in(text: str, today: dt.date, country: str | None) -> dt.date | None:
    if not country:
        return None
    for language in ("fr", "en_US"):
        calendar = holidays.country_holidays(country, years=[today.year, today.year + 1], language=language)
        for day, name in sorted(calendar.items()):
            if day >= today and _fold(name) in text:
                return day
    return None


def resolve_day(text: str, now: dt.datetime, lang: str = "fr", holidays_country: str | None = "FR") -> dt.date | None:
    """The calendar day `text` names, seen from `now` (today counts for a bare weekday name), or None."""
    folded = _fold(text).strip()
    if not folded:
        return None
    today = now.date()
    if _TONIGHT.search(folded):
        return today
    holiday = _holiday_in(folded, today, holidays_country)
    if holiday:
        return holiday
    weekday = _weekday_in(folded, lang)
    if weekday is not None:
        ahead = (weekday - today.weekday()) % 7
        if ahead == 0 and _NEXT.search(folded):
            ahead = 7
        return today + dt.timedelta(days=ahead)
    cleaned = _DAY_PART.sub(" ", folded).strip() or folded
    parsed = dateparser.parse(
        cleaned,
        languages=[lang, *(c for c in _LOCALES if c != lang)],
        settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future"},
    )
    return parsed.date() if parsed else None

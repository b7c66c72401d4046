"""Dates, times and languages written the way a visitor reads them, in French or English (dates from
Babel's locale data, language names from the message catalogue)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from actions.messages import render

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def day_label(day: dt.date, lang: str) -> str:
    """'samedi 28 novembre' / 'Saturday 28 November'."""
    return format_date(day, "EEEE d MMMM", locale=_LOCALES.get(lang, "fr_FR"))


def weekday_label(weekday: int, lang: str) -> str:
    """Name of a weekday (0 = Monday), capitalised: 'Lundi' / 'Monday'."""
    monday = dt.date(2024, 1, 1)  # a Monday
    name = format_date(monday + dt.timedelta(days=weekday), "EEEE", locale=_LOCALES.get(lang, "fr_FR"))
    return name[:1].upper() + name[1:]


def clock(moment: dt.time | dt.datetime) -> str:
    """24-hour clock, as both French and British visitors in France read opening hours: '09:30'."""
    return format_time(moment, "HH:mm", locale="fr_FR")


def join_periods(periods, lang: str) -> str:
    """'de 09:30 à 12:30 et de 14:00 à 18:00' / 'from 09:30 to 12:30 and from 14:00 to 18:00'."""
    if lang == "en":
        parts = [f"from {clock(a)} to {clock(b)}" for a, b in periods]
        return " and ".join(parts)
    return " et ".join(f"de {clock(a)} à {clock(b)}" for a, b in periods)


def language_note(item_lang: str, lang: str) -> str | None:
    """ "en anglais" / "in French" for a resource or a session in another language than the visitor's."""
    if item_lang == lang:
        return None
    try:
        return render(f"language_note_{item_lang}", lang)[0]
    except KeyError:
        return None

"""Dates, times and languages written the way a visitor reads them, in the visitor's language (dates from
Babel's locale data for the locale common/languages.py gives each language, phrases from the message
catalogue)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import format_date, format_time, get_date_format

from actions.messages import text
from common.languages import DEFAULT, is_language, locale_of, name_of


def day_label(day: dt.date, lang: str) -> str:
    """'samedi 28 novembre' / 'Saturday 28 November' / 'lunes 28 de diciembre'..."""
    return format_date(day, _day_pattern(locale_of(lang)), locale=locale_of(lang))


@cache
def _day_pattern(locale: str) -> str:
    """The locale's own full date pattern without the year, nor a comma after the weekday ("EEEE d MMMM",
    "EEEE d 'de' MMMM"): word order and little words differ between languages, and Babel's skeletons
    abbreviate the French names."""
    pattern = get_date_format("full", locale=locale).pattern.replace("EEEE,", "EEEE")
    return re.sub(r"[\s,]*(?:'[^']*'\s*)?y+[^dMEL]*$", "", pattern).strip()


def weekday_label(weekday: int, lang: str) -> str:
    """Name of a weekday (0 = Monday), capitalised: 'Lundi' / 'Monday' / 'Lunes'."""
    monday = dt.date(2024, 1, 1)  # a Monday
    name = format_date(monday + dt.timedelta(days=weekday), "EEEE", locale=locale_of(lang))
    return name[:1].upper() + name[1:]


def clock(moment: dt.time | dt.datetime) -> str:
    """24-hour clock, as visitors in every centre of the network read opening hours: '09:30'."""
    return format_time(moment, "HH:mm", locale=locale_of(DEFAULT))


def join_periods(periods, lang: str) -> str:
    """'de 09:30 à 12:30 et de 14:00 à 18:00' / 'from 09:30 to 12:30 and from 14:00 to 18:00'."""
    parts = [text("period", lang, opens=clock(a), closes=clock(b)) for a, b in periods]
    return text("periods_separator", lang).join(parts)


def language_note(item_lang: str, lang: str) -> str | None:
    """ "en anglais" / "in French" for a resource or a session in another language than the visitor's."""
    if item_lang == lang or not is_language(item_lang):
        return None
    return text("language_note", lang, language=name_of(item_lang, lang))


def languages_named(codes: list[str], lang: str) -> str:
    """Languages named in `lang` and joined: 'anglais et espagnol' / 'English and Spanish'."""
    return text("language_list_separator", lang).join(name_of(code, lang) for code in codes if is_language(code))

"""Date expressions in the declared languages, resolved against an explicit `now` in the centre's time zone.

Two questions need them: "are you open samedi / on Christmas Day?" (one day, `resolve_day`) and "any
workshops la semaine prochaine / in March / tomorrow morning?" (a period, `resolve_period`). dateparser
reads single dates ("le 12 mars", "March 3rd") but not periods, so weeks, weekends, months and parts of
the day are computed here; public holidays come by name from `holidays`. Everything is resolved against
an explicit `now`, so tests, `cdm workshops --now` and the bot agree on what "tomorrow" means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser
import holidays

from common.languages import CODES, DEFAULT, LANGUAGES
from common.text import fold

WEEKDAYS = {
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # Spanish, Italian, Portuguese (folded: "miércoles", "lunedì", "terça-feira")
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
    "lunedi": 0,
    "martedi": 1,
    "mercoledi": 2,
    "giovedi": 3,
    "venerdi": 4,
    "sabato": 5,
    "domenica": 6,
    "segunda-feira": 0,
    "segunda feira": 0,
    "terca-feira": 1,
    "terca feira": 1,
    "quarta-feira": 2,
    "quarta feira": 2,
    "quinta-feira": 3,
    "quinta feira": 3,
    "sexta-feira": 4,
    "sexta feira": 4,
}
MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "marco": 3,
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "dezembro": 12,
}
PARTS_OF_DAY = {  # (start hour, end hour)
    "matin": (8, 12),
    "matinee": (8, 12),
    "morning": (8, 12),
    "apres-midi": (12, 18),
    "apres midi": (12, 18),
    "aprem": (12, 18),
    "afternoon": (12, 18),
    "soir": (18, 24),
    "soiree": (18, 24),
    "evening": (18, 24),
    "tonight": (18, 24),
    "por la manana": (8, 12),
    "tarde": (12, 18),
    "noche": (18, 24),
    "mattina": (8, 12),
    "mattino": (8, 12),
    "pomeriggio": (12, 18),
    "di sera": (18, 24),
    "de manha": (8, 12),
    "manha": (8, 12),
    "noite": (18, 24),
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_PART_NAMES = "|".join(sorted(PARTS_OF_DAY, key=len, reverse=True))
_NEXT = r"(?:prochaine|prochain|d'apres|qui vient)"
_NEXT_AFTER = r"(?:que viene|proxima|proximo|prossima|prossimo|que vem)\b"  # "la semana que viene", "il mese prossimo"
_NEXT_BEFORE = r"(?:la |el |a |o |il |na |no )?(?:proxima|proximo|prossima|prossimo)"  # "la próxima semana"

# Explicit dates dateparser reads well: "12 mars", "le 3 avril 2026", "march 12", "12th of march", "12/03".
_EXPLICIT = re.compile(
    rf"\b(\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:of\s+|de\s+|di\s+)?(?:{_MONTH_NAMES})(?:\s+(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)\b"
)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    expression: str  # the words that named the period, so callers can leave them out of a text search

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def _day(day: date, zone: ZoneInfo, hours: tuple[int, int] | None = None) -> tuple[datetime, datetime]:
    if hours is None:
        start = datetime.combine(day, time(0), zone)
        return start, datetime.combine(day + timedelta(days=1), time(0), zone)
    start = datetime.combine(day, time(hours[0]), zone)
    end = (
        datetime.combine(day + timedelta(days=1), time(0), zone)
        if hours[1] == 24
        else datetime.combine(day, time(hours[1]), zone)
    )
    return start, end


def _month(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def resolve_period(text: str, now: datetime, timezone: str = "Europe/Paris") -> Period | None:
    """The period a text names, or None when it names no date."""
    zone = ZoneInfo(timezone)
    now = now.astimezone(zone) if now.tzinfo else now.replace(tzinfo=zone)
    today = now.date()
    folded = fold(text).replace("’", "'").replace("week end", "week-end").replace("weekend", "week-end")
    folded = re.sub(r"\s+", " ", folded)

    before_part = r"(?:ce |cet |cette |in the |this |le |la |du |au |esta |questa |di |a |al |alla |nel )"
    part_match = re.search(rf"\b{before_part}?({_PART_NAMES})\b", folded)
    hours = PARTS_OF_DAY[part_match.group(1)] if part_match else None
    part_words = part_match.group(0) if part_match else ""

    def with_part(day: date, words: str) -> Period:
        start, end = _day(day, zone, hours)
        words = words if part_words in words else f"{words} {part_words}"
        return Period(start, end, words.strip())

    rules: list[tuple[str, object]] = [
        (
            r"\b(?:apres-demain|apres demain|day after tomorrow|pasado manana|dopodomani|depois de amanha)\b",
            lambda m: with_part(today + timedelta(days=2), m.group(0)),
        ),
        (
            r"\b(?:demain|tomorrow|(?<!la )manana|domani|amanha)\b",
            lambda m: with_part(today + timedelta(days=1), m.group(0)),
        ),
        (
            r"\b(?:aujourd'hui|aujourd hui|today|tonight|ce soir|ce matin|cet apres-midi"
            r"|this (?:morning|afternoon|evening)|hoy|esta tarde|esta noche|oggi|stasera|stamattina|hoje)\b",
            lambda m: with_part(today, m.group(0)),
        ),
        (
            rf"\b(?:le |ce )?week-end {_NEXT}|\bnext week-end\b|\ble week-end d'apres\b"
            rf"|\b(?:fin de semana|fine settimana|fim de semana) {_NEXT_AFTER}"
            rf"|\b{_NEXT_BEFORE} (?:fin|fine|fim|week-end)\b",
            lambda m: _weekend(today, zone, m.group(0), 1),
        ),
        (
            r"\b(?:ce|this|le|the|du|au) week-end\b|\bweek-end\b|\b(?:fin de semana|fine settimana|fim de semana)\b",
            lambda m: _weekend(today, zone, m.group(0), 0),
        ),
        (
            rf"\b(?:la )?semaine {_NEXT}|\bnext week\b|\bweek after\b|\b(?:semana|settimana) {_NEXT_AFTER}"
            rf"|\b{_NEXT_BEFORE} (?:semana|settimana)\b",
            lambda m: _week(today, zone, m.group(0), 1, now),
        ),
        (
            r"\b(?:cette semaine|this week|in the coming days|ces prochains jours|les prochains jours"
            r"|esta semana|questa settimana)\b",
            lambda m: _week(today, zone, m.group(0), 0, now),
        ),
        (
            rf"\b(?:le )?mois {_NEXT}|\bnext month\b|\b(?:mes|mese) {_NEXT_AFTER}|\b{_NEXT_BEFORE} (?:mes|mese)\b",
            lambda m: _relative_month(today, zone, m.group(0), 1),
        ),
        (
            r"\b(?:ce mois-ci|ce mois ci|ce mois|this month|este mes|questo mese)\b",
            lambda m: _relative_month(today, zone, m.group(0), 0),
        ),
    ]
    for pattern, make in rules:
        match = re.search(pattern, folded)
        if match:
            return make(match)  # type: ignore[operator]

    explicit = _EXPLICIT.search(folded)
    if explicit:
        parsed = dateparser.parse(
            explicit.group(0),
            languages=list(CODES),
            settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"},
        )
        if parsed is not None:
            return with_part(parsed.date(), explicit.group(0))

    weekday = re.search(rf"\b(?:(next|this|on|ce|le) )?({_WEEKDAY_NAMES})(?: ({_NEXT}))?\b", folded)
    if weekday:
        target = WEEKDAYS[weekday.group(2)]
        ahead = (target - today.weekday()) % 7
        if ahead == 0 and (weekday.group(1) == "next" or weekday.group(3)):
            ahead = 7
        return with_part(today + timedelta(days=ahead), weekday.group(0))

    month = re.search(rf"\b(?:(?:en|in|au mois de|during|for|em|a|ad|di) )?({_MONTH_NAMES})\b", folded)
    if (
        month
        and not (month.group(1) == "mai" and not month.group(0).startswith(("en", "au")))
        and not (month.group(1) in ("may", "march") and not month.group(0).startswith(("in", "during", "for")))
        and not (month.group(1) == "marco" and not month.group(0).startswith(("em", "en")))  # Marco, a name
    ):
        number = MONTHS[month.group(1)]
        year = today.year + (number < today.month)
        start, end = _month(year, number, zone)
        return Period(max(start, now) if number == today.month else start, end, month.group(0))

    if hours is not None:  # "le matin" alone: this part of the day, today
        return with_part(today, "")
    return None


def _weekend(today: date, zone: ZoneInfo, words: str, offset_weeks: int) -> Period:
    """Saturday 00:00 to Monday 00:00; on a weekend day 'this weekend' is the current one."""
    saturday = (
        today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() < 5
        else today - timedelta(days=today.weekday() - 5)
    )
    saturday += timedelta(weeks=offset_weeks)
    start = datetime.combine(saturday, time(0), zone)
    return Period(start, start + timedelta(days=2) if saturday.weekday() == 5 else start, words)


def _week(today: date, zone: ZoneInfo, words: str, offset_weeks: int, now: datetime) -> Period:
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset_weeks)
    start = datetime.combine(monday, time(0), zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), zone)
    return Period(max(start, now) if offset_weeks == 0 else start, end, words)


def _relative_month(today: date, zone: ZoneInfo, words: str, offset: int) -> Period:
    month_index = today.month - 1 + offset
    start, end = _month(today.year + month_index // 12, month_index % 12 + 1, zone)
    now_floor = datetime.combine(today, time(0), zone)
    return Period(max(start, now_floor), end, words)


def _holiday_in(text: str, today: date, country: str | None) -> date | None:
    """The next public holiday named in `text` ("noël", "christmas day", "le 1er mai" by name only)."""
    if not country:
        return None
    for language in dict.fromkeys(language.holidays for language in LANGUAGES.values()):
        for day, name in _holiday_names(country, today.year, language):
            if day >= today and name in text:
                return day
    return None


@lru_cache(maxsize=32)
def _holiday_names(country: str, year: int, language: str) -> tuple[tuple[date, str], ...]:
    """A country's public holidays in `year` and the next, soonest first, with their folded names: built
    once per year, since the `holidays` package loads and computes the calendar anew on every call."""
    calendar = holidays.country_holidays(country, years=[year, year + 1], language=language)
    return tuple((day, _fold(name)) for day, name in sorted(calendar.items()))


def _fold(text: str) -> str:
    """`fold`, with typographic apostrophes made plain ("jour de l’an" is "jour de l'an")."""
    return fold(text).replace("’", "'")


def resolve_day(text: str, now: datetime, lang: str = DEFAULT, holidays_country: str | None = "FR") -> date | None:
    """The calendar day `text` names, seen from `now` (a bare weekday name includes today), or None.

    `lang` is accepted for symmetry with the callers; every declared language's words are always understood.
    """
    folded = _fold(text).strip()
    if not folded:
        return None
    holiday = _holiday_in(folded, now.date(), holidays_country)
    if holiday:
        return holiday
    zone = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else ZoneInfo("Europe/Paris")
    period = resolve_period(folded, now, str(zone))
    if period is None or period.end - period.start > timedelta(days=1):
        return None
    return period.start.date()

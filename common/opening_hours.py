"""When the centre is open, computed from the site's weekly hours, its exceptions and public holidays.

Pure functions of a `Site` and a moment: the bot's practical answers and the desk's wait estimates
("we close in 20 minutes; come tomorrow from 10:00") both rely on them, and tests pin the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from common.languages import DEFAULT, LANGUAGES, or_default
from common.site import Period, Site

LOOKAHEAD_DAYS = 60
# An in-person visitor needs this much time at the desk before closing, beyond the estimated wait.
CLOSING_MARGIN_MIN = 15


@dataclass(frozen=True)
class DayHours:
    """The opening periods of one calendar day, and why it differs from the usual week if it does."""

    date: dt.date
    periods: tuple[Period, ...]
    holiday: str | None = None  # public holiday name, in the language asked for
    exception_reason: str | None = None

    @property
    def is_open(self) -> bool:
        return bool(self.periods)

    @property
    def closure_reason(self) -> str | None:
        return None if self.periods else (self.exception_reason or self.holiday)


@dataclass(frozen=True)
class OpenStatus:
    """Where `now` stands: open until `closes_at`, or closed until `next_open`."""

    now: dt.datetime
    open_now: bool
    closes_at: dt.datetime | None
    next_open: dt.datetime | None
    today: DayHours


@lru_cache(maxsize=64)
def _holiday_calendar(country: str, subdivision: str | None, year: int, lang: str) -> holidays.HolidayBase:
    language = LANGUAGES[or_default(lang)].holidays
    try:
        return holidays.country_holidays(country, subdiv=subdivision, years=year, language=language)
    except NotImplementedError:
        return holidays.country_holidays(country, subdiv=subdivision, years=year, language=None)


def day_hours(site: Site, day: dt.date, lang: str = DEFAULT) -> DayHours:
    """Opening periods for `day`: an explicit exception wins, then a public holiday closes, then the week."""
    holiday = None
    if site.holidays_country:
        holiday = _holiday_calendar(site.holidays_country, site.holidays_subdivision, day.year, lang).get(day)
    exception = site.exceptions.get(day)
    if exception is not None:
        reason = site.text(exception.reason, lang) or None
        return DayHours(day, exception.periods, holiday=holiday, exception_reason=reason)
    if holiday:
        return DayHours(day, (), holiday=holiday)
    return DayHours(day, site.weekly_hours.get(day.weekday(), ()))


def _at(site: Site, day: dt.date, moment: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=site.timezone)


def open_status(site: Site, now: dt.datetime, lang: str = DEFAULT) -> OpenStatus:
    """Whether the centre is open at `now` (any timezone; converted to the centre's) and what comes next."""
    local = now.astimezone(site.timezone)
    today = day_hours(site, local.date(), lang)
    for opens, closes in today.periods:
        if _at(site, local.date(), opens) <= local < _at(site, local.date(), closes):
            return OpenStatus(local, True, _at(site, local.date(), closes), None, today)
    return OpenStatus(local, False, None, next_opening(site, local, lang), today)


def next_opening(site: Site, after: dt.datetime, lang: str = DEFAULT) -> dt.datetime | None:
    """The first opening time strictly after `after`, looking ahead LOOKAHEAD_DAYS days."""
    local = after.astimezone(site.timezone)
    for offset in range(LOOKAHEAD_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        for opens, _closes in day_hours(site, day, lang).periods:
            start = _at(site, day, opens)
            if start > local:
                return start
    return None


def seen_before_closing(closes_at: dt.datetime, now: dt.datetime, wait_minutes: int) -> bool:
    """Whether a visitor who waits `wait_minutes` from `now` is still seen before `closes_at`, with the
    margin a conversation at the desk needs. The bot says "come back" (and the desk keeps the ticket for
    that later day) exactly when this is False."""
    minutes_left = (closes_at - now).total_seconds() // 60
    return minutes_left >= wait_minutes + CLOSING_MARGIN_MIN

"""Opening-hours answers against a fixed clock: open, before opening, late evening, Sunday, holidays."""

import datetime as dt

import pytest

from actions.practical import hours_reply, week_summary
from common.dates import resolve_day
from common.opening_hours import day_hours, open_status
from common.site import load_site

SITE = load_site()
PARIS = SITE.timezone


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "lang", "response", "values"),
    [
        ("2026-11-23T10:15", "fr", "hours_open_now", {"closes": "18:00"}),
        ("2026-11-26T18:30", "en", "hours_open_now", {"closes": "19:30"}),  # Thursday late opening
        ("2026-11-23T08:00", "fr", "hours_opens_later_today", {"opens": "09:30"}),
        (
            "2026-11-23T21:45",  # a Monday, late evening
            "fr",
            "hours_closed_reopens_tomorrow",
            {"why": "pour aujourd'hui", "opens": "09:30"},
        ),
        (
            "2026-11-28T14:00",  # Saturday afternoon: next opening is Monday
            "en",
            "hours_closed_reopens_on",
            {"why": "for today", "day": "Monday 30 November", "opens": "09:30"},
        ),
        (
            "2026-12-25T11:00",  # Christmas Day, a public holiday
            "fr",
            "hours_closed_reopens_on",
            {"why": "aujourd'hui (Noël)", "day": "lundi 28 décembre", "opens": "09:30"},
        ),
        (
            "2026-12-25T11:00",
            "en",
            "hours_closed_reopens_on",
            {"why": "today (Christmas Day)", "day": "Monday 28 December", "opens": "09:30"},
        ),
        (
            "2027-05-06T10:00",  # Ascension Thursday
            "en",
            "hours_closed_reopens_tomorrow",
            {"why": "today (Ascension Day)", "opens": "09:30"},
        ),
    ],
)
def test_hours_now(moment, lang, response, values):
    assert hours_reply(SITE, at(moment), lang, None) == (response, values)


def test_asking_about_a_holiday_says_closed_with_its_name():
    now = at("2026-12-20T12:00")
    day = resolve_day("le 25 décembre", now, "fr")
    assert hours_reply(SITE, now, "fr", day) == (
        "hours_on_day_closed",
        {"day": "vendredi 25 décembre", "reason": " (Noël)"},
    )


def test_asking_about_saturday_gives_its_hours():
    now = at("2026-11-23T12:00")
    day = resolve_day("saturday", now, "en")
    assert hours_reply(SITE, now, "en", day) == (
        "hours_on_day_open",
        {"day": "Saturday 28 November", "periods": "from 10:00 to 13:00"},
    )


def test_site_exception_overrides_the_week():
    christmas_eve = day_hours(SITE, dt.date(2026, 12, 24), "fr")
    assert christmas_eve.periods == ((dt.time(9, 30), dt.time(16, 0)),)
    assert christmas_eve.exception_reason == "veille de Noël"
    status = open_status(SITE, at("2026-12-24T16:30"))
    assert not status.open_now
    assert status.next_open == at("2026-12-28T09:30")  # 25th holiday, 26th closure, 27th Sunday


def test_a_timezone_aware_now_from_elsewhere_is_converted():
    utc_evening = dt.datetime(2026, 11, 23, 16, 45, tzinfo=dt.UTC)  # 17:45 in Paris: still open
    assert hours_reply(SITE, utc_evening, "fr", None) == ("hours_open_now", {"closes": "18:00"})


def test_week_summary_lists_every_day():
    summary = week_summary(SITE, "en")
    assert summary.splitlines()[0] == "Monday: 09:30–18:00"
    assert summary.splitlines()[-1] == "Sunday: closed"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("samedi", "fr", "2026-11-28"),
        ("demain", "fr", "2026-11-24"),
        ("mardi prochain", "fr", "2026-11-24"),  # the coming Tuesday
        ("lundi matin", "fr", "2026-11-23"),  # a bare weekday includes today
        ("jeudi soir", "fr", "2026-11-26"),
        ("le 25 décembre", "fr", "2026-12-25"),
        ("tomorrow", "en", "2026-11-24"),
        ("on christmas day", "en", "2026-12-25"),
        ("next monday", "en", "2026-11-30"),
        ("tonight", "en", "2026-11-23"),
    ],
)
def test_resolve_day(text, lang, expected):
    assert resolve_day(text, at("2026-11-23T12:00"), lang) == dt.date.fromisoformat(expected)


def test_resolve_day_gives_up_on_nonsense():
    assert resolve_day("blorf", at("2026-11-23T12:00"), "fr") is None
    assert resolve_day("   ", at("2026-11-23T12:00"), "fr") is None

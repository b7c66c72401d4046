"""Ticket codes and wait estimates: pure functions, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from common.site import load_site
from desk import codes, wait

PARIS = ZoneInfo("Europe/Paris")
SITE = load_site()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=PARIS)


def test_codes_avoid_look_alike_characters_and_have_the_asked_length() -> None:
    assert not set("0O1I") & set(codes.ALPHABET)
    drawn = [codes.new_code() for _ in range(2000)]
    assert all(len(code) == 4 and set(code) <= set(codes.ALPHABET) for code in drawn)
    assert len(codes.new_code(6)) == 6
    # Never letters only (read as a word) nor digits only (read as a time): the bot must spot it.
    assert all(codes.DIGITS & set(code) and set(code) - codes.DIGITS for code in drawn)
    # 2000 draws from about a million codes: a handful of repeats at most, unless the source is broken.
    assert len(set(drawn)) > 1980


def test_codes_use_the_whole_alphabet() -> None:
    seen = set("".join(codes.new_code() for _ in range(500)))
    assert seen == set(codes.ALPHABET)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("k7m4", "K7M4"), (" K7M-4 ", "K7M4"), ("K0M4", None), ("KIM4", None), ("K7", None), ("", None), ("<b>", None)],
)
def test_normalise_reads_codes_as_typed_or_rejects_them(typed: str, expected: str | None) -> None:
    assert codes.normalise(typed) == expected


def test_tokens_are_long_and_distinct() -> None:
    tokens = {codes.new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(token) >= 40 for token in tokens)


def test_typical_handling_time_is_the_median_or_the_default() -> None:
    assert wait.typical_handling_minutes([], 15) == 15
    assert wait.typical_handling_minutes([600, 600, 36000], 15) == 10  # one very long case does not count much
    assert wait.typical_handling_minutes([0, None, 1200], 15) == 20  # type: ignore[list-item]


def test_wait_shares_the_people_ahead_among_the_counsellors_while_open() -> None:
    now = at("2026-11-25T11:00:00")
    opening = wait.opening(SITE, now)
    assert opening.open_now and opening.closes_at == at("2026-11-25T18:00:00")
    assert opening.next_opening == at("2026-11-26T09:30:00")
    assert wait.wait_minutes(0, 15, 1, opening, now) == 0
    assert wait.wait_minutes(3, 15, 1, opening, now) == 45
    assert wait.wait_minutes(3, 15, 2, opening, now) == 23
    assert wait.wait_minutes(3, 15, 0, opening, now) == 45  # nobody online yet: counted as one counsellor
    with pytest.raises(ValueError):
        wait.wait_minutes(-1, 15, 1, opening, now)


def test_wait_while_closed_starts_at_the_next_opening() -> None:
    now = at("2026-11-25T19:00:00")  # Wednesday evening; Thursday opens at 09:30
    opening = wait.opening(SITE, now)
    assert not opening.open_now and opening.next_opening == at("2026-11-26T09:30:00")
    assert wait.wait_minutes(0, 15, 1, opening, now) == 14 * 60 + 30
    assert wait.wait_minutes(2, 15, 1, opening, now) == 14 * 60 + 30 + 30


def test_opening_knows_holidays_and_exceptions() -> None:
    christmas = wait.opening(SITE, at("2026-12-25T11:00:00"))
    assert not christmas.open_now and christmas.next_opening == at("2026-12-28T09:30:00")  # 26th: closure
    eve = wait.opening(SITE, at("2026-12-24T15:40:00"))
    assert eve.open_now and eve.closes_at == at("2026-12-24T16:00:00")


@pytest.mark.parametrize(
    ("created", "expires"),
    [
        ("2026-11-25T11:00:00", "2026-11-25T18:00:00"),  # during opening: the end of that day
        ("2026-11-25T19:00:00", "2026-11-26T19:30:00"),  # after closing: the end of the next opening day
        ("2026-11-28T14:00:00", "2026-11-30T18:00:00"),  # Saturday after 13:00: Monday evening
        ("2026-12-25T11:00:00", "2026-12-28T18:00:00"),  # a holiday, then a closure day
    ],
)
def test_an_unclaimed_ticket_expires_at_the_end_of_the_next_opening_day(created: str, expires: str) -> None:
    assert wait.end_of_next_opening_day(SITE, at(created)) == at(expires)

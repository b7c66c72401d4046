"""Date expressions in French and English against a fixed clock (Wednesday 4 June 2025, 15:30 Paris)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from common.dates import resolve_period

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 6, 4, 15, 30, tzinfo=PARIS)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("des ateliers la semaine prochaine ?", at(2025, 6, 9), at(2025, 6, 16)),
        ("any workshops next week?", at(2025, 6, 9), at(2025, 6, 16)),
        ("atelier CV mardi", at(2025, 6, 10), at(2025, 6, 11)),
        ("on Tuesday", at(2025, 6, 10), at(2025, 6, 11)),
        ("mercredi prochain", at(2025, 6, 11), at(2025, 6, 12)),
        ("ce week-end", at(2025, 6, 7), at(2025, 6, 9)),
        ("this weekend", at(2025, 6, 7), at(2025, 6, 9)),
        ("in March", at(2026, 3, 1), at(2026, 4, 1)),
        ("en mars", at(2026, 3, 1), at(2026, 4, 1)),
        ("tomorrow morning", at(2025, 6, 5, 8), at(2025, 6, 5, 12)),
        ("demain matin", at(2025, 6, 5, 8), at(2025, 6, 5, 12)),
        ("demain", at(2025, 6, 5), at(2025, 6, 6)),
        ("cette semaine", NOW, at(2025, 6, 9)),
        ("le mois prochain", at(2025, 7, 1), at(2025, 8, 1)),
        ("le 12 juin", at(2025, 6, 12), at(2025, 6, 13)),
        ("March 3rd", at(2026, 3, 3), at(2026, 3, 4)),
        ("vendredi après-midi", at(2025, 6, 6, 12), at(2025, 6, 6, 18)),
    ],
)
def test_expressions_resolve_to_a_period(text, start, end):
    period = resolve_period(text, NOW)
    assert period is not None, text
    assert (period.start, period.end) == (start, end)
    assert period.start.tzinfo is not None


def test_no_date_words_no_period():
    assert resolve_period("atelier CV", NOW) is None
    assert resolve_period("may I bring my CV?", NOW) is None


def test_weekend_asked_on_a_saturday_is_the_current_one():
    saturday = at(2025, 6, 7, 10)
    period = resolve_period("ce week-end", saturday)
    assert period.start == at(2025, 6, 7) and period.end == at(2025, 6, 9)


def test_week_across_the_daylight_saving_change():
    period = resolve_period("next week", at(2025, 10, 22, 9))
    assert period.start == at(2025, 10, 27) and period.end == at(2025, 11, 3)
    assert period.start.utcoffset() != at(2025, 10, 20).utcoffset()

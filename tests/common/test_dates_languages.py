"""Date expressions in Spanish, Italian and Portuguese (issue 17), and the French ones they must not disturb."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from common.dates import resolve_period

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # a Wednesday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("talleres la semana que viene", "2026-12-14 00", "2026-12-21 00"),
        ("laboratori la settimana prossima", "2026-12-14 00", "2026-12-21 00"),
        ("workshops na proxima semana", "2026-12-14 00", "2026-12-21 00"),
        ("hay algo manana por la manana", "2026-12-10 08", "2026-12-10 12"),
        ("oggi pomeriggio", "2026-12-09 12", "2026-12-09 18"),
        ("amanha", "2026-12-10 00", "2026-12-11 00"),
        ("el martes", "2026-12-15 00", "2026-12-16 00"),
        ("sexta-feira", "2026-12-11 00", "2026-12-12 00"),
        ("el 12 de marzo", "2027-03-12 00", "2027-03-13 00"),
        ("el mes que viene", "2027-01-01 00", "2027-02-01 00"),
        ("este fin de semana", "2026-12-12 00", "2026-12-14 00"),
    ],
)
def test_spanish_italian_and_portuguese_periods(text, start, end):
    period = resolve_period(text, NOW)
    assert period is not None
    assert (period.start.strftime("%Y-%m-%d %H"), period.end.strftime("%Y-%m-%d %H")) == (start, end)


@pytest.mark.parametrize("text", ["ce sera ouvert ?", "mes prochains rendez-vous", "marco polo"])
def test_french_words_that_look_like_them_name_no_date(text):
    assert resolve_period(text, NOW) is None

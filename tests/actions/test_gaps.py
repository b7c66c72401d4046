"""What the action server tells the desk about a question it could not answer: redacted text, the hour,
the centre and language, the verdict; never the sender id or a time finer than the hour."""

from __future__ import annotations

import datetime as dt

from actions.answers import Verdict
from actions.gaps import gap_body

NOW = dt.datetime(2026, 12, 5, 15, 42, 7, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_a_gap_report_holds_the_redacted_question_and_the_hour_only() -> None:
    body = gap_body(
        "je suis Marie Dupont, 06 12 34 56 78, comment devenir pompier ?", "fr", "rivemont", Verdict.NONE, NOW
    )
    assert set(body) == {"text", "language", "centre", "hour", "verdict"}
    assert "Dupont" not in body["text"] and "06 12" not in body["text"] and "pompier" in body["text"]
    assert body["hour"] == "2026-12-05T14:00:00+00:00"
    assert (body["language"], body["centre"], body["verdict"]) == ("fr", "rivemont", "none")

"""A message in SMS spelling through the real Rasa server: the NLU reads it corrected, the tracker keeps it as
typed, and the answer cites the resource the corrected question finds."""

from __future__ import annotations

import pytest

from deploy.stack import Stack, new_sender

pytestmark = pytest.mark.integration


def test_an_sms_question_is_read_corrected_and_kept_as_typed(stack: Stack) -> None:
    visitor = new_sender()
    typed = "slt jsuis en 1ere et jveu fer infirmiere kom on fai"
    replies = stack.send(visitor, typed)
    latest = stack.tracker(visitor)["latest_message"]
    assert latest["text"] == typed  # what the tracker, the transcript and a counsellor see
    assert latest["normalised_text"] == "salut je suis en 1ere et je veux faire infirmiere comment on fais"
    assert latest["intent"]["name"] == "ask_question"
    cited = [
        item["id"]
        for message in replies
        if isinstance(message.get("custom"), dict) and message["custom"].get("type") == "resources"
        for item in message["custom"]["items"]
    ]
    assert "sheet-infirmier-fr" in cited[:3]

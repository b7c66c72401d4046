"""While a counsellor holds a live chat, the bot is silent: the desk pauses the conversation in the real
Rasa server (ConversationPaused) when the chat is claimed, and resumes it when the ticket is closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.stack import Stack, new_sender
from tests.desk.conftest import LOG_DIR
from tests.desk.server import add_counsellor, running_desk

pytestmark = pytest.mark.integration


def test_a_claimed_live_chat_pauses_the_bot_until_closed(stack: Stack, tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    add_counsellor(database_url, "camille")
    sender = new_sender()
    assert stack.send(sender, "bonjour"), "the bot should answer before any handoff"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    rasa = {"CDM_RASA_URL": stack.rasa_url, "CDM_RASA_TOKEN": stack.rasa_token}
    with running_desk(database_url, LOG_DIR / "desk-rasa.log", rasa) as desk:
        code = desk.create_ticket(mode="live_chat", conversation_id=sender).json()["code"]
        camille = desk.counsellor("camille")
        camille.post(f"{desk.url}/desk/api/tickets/{code}/claim", timeout=30).raise_for_status()
        assert stack.tracker(sender)["paused"] is True
        assert stack.send(sender, "vous êtes là ?") == []  # the counsellor answers now, not the bot
        camille.post(f"{desk.url}/desk/api/tickets/{code}/close", json={"outcome": "answered"}, timeout=30)
        assert stack.tracker(sender)["paused"] is False
    assert stack.send(sender, "bonjour"), "the bot answers again once the counsellor has closed the chat"

"""Live chat after a handoff, in Chromium: the widget hears the counsellor over server-sent events and sends
the visitor's messages to the desk. Real desk process (its own SQLite database), real counsellor session.

The widget is opened as a reload right after a live-chat handoff finds it (the handoff card and the
ticket's code in sessionStorage, the desk's HttpOnly cookie traded for the handoff's token, as the widget
does on the handoff), so this test needs the desk but not the bot. The same chat from another origin,
with the bot, is in test_handoff_end_to_end.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from deploy.stack import ROOT
from tests.browser.conftest import PageProblems

pytestmark = pytest.mark.browser

COUNSELLOR_SAYS = "Bonjour, je suis conseillère. Que puis-je faire pour vous ?"
VISITOR_SAYS = "Merci ! Je voudrais financer une formation de soudeur."


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from tests.desk.server import add_counsellor, running_desk

    url = f"sqlite:///{tmp_path_factory.mktemp('live-desk') / 'desk.sqlite3'}"
    add_counsellor(url, "camille", "--areas", "orientation")
    log_dir = ROOT / "var" / "test-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with running_desk(url, log_dir / "desk-live-chat.log") as server:
        yield server


def after_handoff(ticket: dict, desk_url: str) -> dict:
    """The widget's sessionStorage as a live-chat handoff leaves it."""
    handoff = {"type": "handoff", "mode": "live_chat", "desk_url": desk_url, "where": "Pôle Orientation"}
    handoff |= {key: value for key, value in ticket.items() if key != "token"}
    return {
        "sender": "w-live-chat-test",
        "lang": "fr",
        "open": True,
        "transcript": [
            {"who": "visitor"},
            {"who": "bot", "text": "Un·e conseiller·ère peut vous répondre ici.", "custom": handoff},
        ],
        "live": {"code": ticket["code"], "desk": desk_url, "claimed": False, "seen": []},
    }


TRADE_TOKEN = """([code, token]) => fetch(`/api/live/${code}/session`, {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify({token}), credentials: "include"
}).then((response) => response.status)"""


def visitor_page(browser: Browser, desk_url: str, ticket: dict, problems: PageProblems) -> Page:
    """The page as the widget leaves it after a live-chat handoff: cookie traded, state stored, reloaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems.watch(page)
    page.goto(f"{desk_url}/")
    assert page.evaluate(TRADE_TOKEN, [ticket["code"], ticket["token"]]) == 204
    page.evaluate("(state) => sessionStorage.setItem('cdm-widget', state)", json.dumps(after_handoff(ticket, desk_url)))
    page.reload()
    return page


def wait_for_visitor_text(counsellor: requests.Session, desk_url: str, code: str) -> list[str]:
    """The ticket's messages as the counsellor's dashboard reads them, once the visitor's has arrived."""
    deadline = time.monotonic() + 30
    while True:
        view = counsellor.get(f"{desk_url}/desk/api/tickets/{code}", timeout=30).json()
        texts = [message["text"] for message in view.get("messages", [])]
        if any(VISITOR_SAYS in text for text in texts) or time.monotonic() > deadline:
            return texts
        time.sleep(0.3)


def test_live_chat_with_a_counsellor(browser: Browser, desk) -> None:
    counsellor = desk.counsellor("camille")
    ticket = desk.create_ticket(mode="live_chat", conversation_id="w-live-chat-test").json()
    problems = PageProblems()
    page = visitor_page(browser, desk.url, ticket, problems)
    expect(page.locator(".cdm-handoff__code")).to_have_text(ticket["code"])
    expect(page.locator(".cdm-message__text--not-kept")).to_have_count(1)  # the visitor's text was not stored

    assert counsellor.post(f"{desk.url}/desk/api/tickets/{ticket['code']}/claim", timeout=30).ok
    expect(page.locator(".cdm-note", has_text="a rejoint la discussion")).to_have_count(1)
    said = counsellor.post(f"{desk.url}/desk/api/tickets/{ticket['code']}/messages", json={"text": COUNSELLOR_SAYS})
    assert said.status_code == 201
    expect(page.locator(".cdm-message--counsellor")).to_contain_text(COUNSELLOR_SAYS)

    # A reload reconnects; the desk replays what the counsellor said, and the widget shows it once.
    page.reload()
    page.wait_for_timeout(1000)  # let the replay arrive before counting
    expect(page.locator(".cdm-message--counsellor")).to_have_count(1)

    page.fill("#cdm-input", VISITOR_SAYS)
    page.press("#cdm-input", "Enter")
    texts = wait_for_visitor_text(counsellor, desk.url, ticket["code"])
    assert any(VISITOR_SAYS in text for text in texts), (texts, problems.messages)

    closed = counsellor.post(f"{desk.url}/desk/api/tickets/{ticket['code']}/close", json={"outcome": "answered"})
    assert closed.ok
    expect(page.locator(".cdm-note", has_text="L'assistant reprend")).to_be_visible()
    assert page.evaluate("JSON.parse(sessionStorage.getItem('cdm-widget')).live") is None
    page.context.close()
    assert problems.messages == []

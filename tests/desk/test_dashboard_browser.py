"""The counsellors' dashboard in Debian's Chromium (Playwright): sign in, see a new ticket arrive live,
read it, answer a live-chat visitor, close it; visitor text with markup stays text, nothing runs, and
the strict CSP holds (any violation is a console error, which fails the test)."""

from __future__ import annotations

import threading

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.desk.server import PASSWORD, DeskServer
from tests.desk.test_api import read_events

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def signed_in_dashboard(browser: Browser, desk: DeskServer, errors: list[str]) -> Page:
    page = browser.new_context().new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}/desk")
    page.fill("input[name=username]", "camille")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#live-state")).to_have_text("en direct")
    return page


def test_dashboard_live_queue_live_chat_and_markup_as_text(browser: Browser, desk: DeskServer) -> None:
    errors: list[str] = []
    page = signed_in_dashboard(browser, desk, errors)

    ticket = desk.create_ticket(
        mode="live_chat", summary=f"Je suis Marie Dupont, 06 12 34 56 78. {HOSTILE}", conversation_id="conv-browser"
    ).json()
    code, token = ticket["code"], ticket["token"]
    entry = page.locator(f"#queue li[data-code='{code}']")
    entry.wait_for(timeout=10_000)  # pushed over server-sent events: no reload, no polling
    assert HOSTILE in entry.inner_text() and "Dupont" not in entry.inner_text()

    visitor_stream = requests.get(
        f"{desk.url}/api/live/{code}/events", headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=60
    )
    heard: list[tuple[str, dict]] = []
    listener = threading.Thread(target=lambda: heard.extend(read_events(visitor_stream, 3)))
    listener.start()

    entry.locator("button").click()
    expect(page.locator("#t-code")).to_have_text(code)
    expect(page.locator("#t-summary")).to_contain_text(HOSTILE)
    page.click("#claim")
    expect(page.locator("#t-status")).to_have_text("En cours")
    page.fill("#reply-text", "Bonjour, je suis conseillère. Que puis-je faire pour vous ?")
    page.click("#reply button[type=submit]")
    posted = requests.post(
        f"{desk.url}/api/live/{code}/messages",
        json={"text": f"Merci ! {HOSTILE}"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert posted.status_code == 201
    expect(page.locator("#t-messages li.visitor").last).to_contain_text(f"Merci ! {HOSTILE}")
    page.select_option("#outcome", "answered")
    page.click("#close")
    expect(page.locator("#t-status")).to_have_text("Clos")
    listener.join(timeout=30)
    visitor_stream.close()

    assert [event for event, _ in heard] == ["claimed", "message", "closed"]
    assert heard[1][1]["text"].startswith("Bonjour, je suis conseillère")
    # Nothing the visitor typed became markup: no image element, no script ran.
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#queue img, #ticket img, #ticket script").count() == 0
    assert errors == []

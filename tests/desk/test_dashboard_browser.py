"""The counsellors' dashboard in Debian's Chromium (Playwright): sign in, see a new ticket arrive live,
read it, answer a live-chat visitor, close it; visitor text with markup stays text, nothing runs, and
the strict CSP holds (any violation is a console error, which fails the test). Two centres' dashboards
open side by side each see their own centre's queue and nothing of the other's."""

from __future__ import annotations

import threading

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.desk.server import PASSWORD, DeskServer
from tests.desk.test_api import read_events

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def signed_in_dashboard(browser: Browser, desk: DeskServer, errors: list[str], username: str = "camille") -> Page:
    page = browser.new_context(viewport={"width": 960, "height": 1080}, locale="fr-FR").new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}/desk")
    page.fill("input[name=username]", username)
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


def test_two_centres_dashboards_side_by_side(browser: Browser, desk: DeskServer) -> None:
    """Alex works at Rivemont, Lou at Valmeuse: both dashboards are open at once, as on two screens of a
    network's shared desk. Each new ticket reaches its own centre's dashboard live and never the other;
    what the other centre's pages would show is refused with 403 from inside the signed-in browser."""
    errors: list[str] = []
    alex = signed_in_dashboard(browser, desk, errors, "alex")
    lou = signed_in_dashboard(browser, desk, errors, "lou")
    expect(alex.locator(".centre-name")).to_contain_text("Rivemont")
    expect(lou.locator(".centre-name")).to_contain_text("Valmeuse")

    ours = desk.create_ticket(conversation_id="side-by-side-a", summary="Financer une formation").json()["code"]
    made = desk.create_ticket(conversation_id="side-by-side-b", centre="valmeuse", summary="Inscription au Forem")
    assert made.status_code == 201, made.text
    theirs = made.json()["code"]
    alex.locator(f"#queue li[data-code='{ours}']").wait_for(timeout=10_000)
    lou.locator(f"#queue li[data-code='{theirs}']").wait_for(timeout=10_000)

    # Lou takes Valmeuse's visitor; Rivemont's dashboard learns nothing of it, not even that it moved.
    lou.locator(f"#queue li[data-code='{theirs}'] button").click()
    expect(lou.locator("#t-summary")).to_contain_text("Forem")
    lou.click("#claim")
    expect(lou.locator("#t-status")).to_have_text("En cours")
    alex.locator(f"#queue li[data-code='{ours}'] button").click()
    expect(alex.locator("#t-summary")).to_contain_text("Financer une formation")
    for page, foreign in ((alex, theirs), (lou, ours)):
        assert page.locator(f"#queue li[data-code='{foreign}']").count() == 0
        assert page.request.get(f"{desk.url}/desk/api/tickets/{foreign}").status == 403

    assert "Forem" not in alex.locator("#queue").inner_text()
    assert "Financer une formation" not in lou.locator("#queue").inner_text()
    for page, other in ((alex, "valmeuse"), (lou, "rivemont")):
        assert page.request.get(f"{desk.url}/desk/figures?centre={other}").status == 403
        assert page.request.get(f"{desk.url}/desk/figures.csv?centre={other}").status == 403
        assert page.request.get(f"{desk.url}/display?centre={other}").status == 403
    assert errors == []

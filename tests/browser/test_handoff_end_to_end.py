"""Issue 6's acceptance, end to end: the whole handoff chain with every real process and a real browser.

A visitor talks French to the real Rasa server over the REST channel (as the website's widget does),
says who they are and how to reach them, asks for a counsellor and chooses the live chat; the action
server opens the ticket on the real desk. A counsellor, signed in on `/desk` in Debian's Chromium, sees
the ticket arrive within two seconds with nothing personal in it, claims it (which pauses the bot), answers;
the visitor hears the answer on the desk's server-sent events; the counsellor closes and the bot speaks
again. Visitor markup sent over the live chat stays text on the dashboard.

The stack is this module's own (Rasa, action server and desk together) rather than the session's, because
the session's clock is Christmas Day, when the centre is closed and no live chat can be offered; here the
clock is an ordinary Wednesday morning.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from deploy.stack import ROOT, Stack, new_sender, running_stack
from tests.browser.conftest import PageProblems
from tests.browser.second_origin import Site, second_origin
from tests.desk.server import OPEN_NOW, PASSWORD, add_counsellor
from tests.desk.test_api import read_events

pytestmark = [pytest.mark.browser, pytest.mark.integration]

LOG_DIR = ROOT / "var" / "test-logs" / "handoff-end-to-end"
WEB = {"channel": "web"}
COUNSELLOR = "camille"  # serves every area (no --areas): whichever area the request is routed to, she is online
# What the visitor gives away; none of it may reach the counsellor's screen, in any form.
NAME, PHONE, EMAIL = "Marie Dupont", "06 12 34 56 78", "marie.dupont@example.org"
PERSONAL = ("Marie", "Dupont", PHONE, "0612345678", "12 34 56 78", EMAIL, "example.org")
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
ANSWER = "Bonjour, je suis conseillère au Pôle Orientation. Que puis-je faire pour vous ?"
DASHBOARD_WITHIN_S = 2.0  # the acceptance point, measured from the bot's REST reply
PATIENCE_S = 30  # for everything else: generous, only ever reached when something is broken


@pytest.fixture(scope="module")
def centre_site() -> Iterator[Site]:
    """The centre's own website: another origin than the desk's and Rasa's, embedding the widget."""
    with second_origin() as site:
        yield site


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory, stack_index_dir: Path, centre_site: Site) -> Iterator[Stack]:
    """Rasa, the action server and the desk, on an open weekday morning, with one counsellor account
    (made by the real `cdm desk add-counsellor`) that serves every area; the centre's website is an
    allowed origin."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('handoff-e2e') / 'desk.sqlite3'}"
    add_counsellor(database_url, COUNSELLOR)
    env = {
        "CDM_FIXED_NOW": OPEN_NOW,
        "CDM_INDEX_DIR": str(stack_index_dir),
        "DATABASE_URL": database_url,  # overrides the stack's own desk database, so the account exists
        "CDM_ALLOWED_ORIGINS": centre_site.origin,
    }
    with running_stack(LOG_DIR, env, with_desk=True) as running:
        assert running.desk_url is not None
        yield running


def signed_in_dashboard(browser: Browser, desk_url: str, problems: list[str]) -> Page:
    """The counsellor's dashboard after a real sign-in; its live queue connected (which also makes the
    counsellor count as online, so the bot may offer the live chat)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto(f"{desk_url}/desk")
    page.fill("input[name=username]", COUNSELLOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#live-state")).to_have_text("en direct", timeout=PATIENCE_S * 1000)
    return page


def texts(messages: list[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def live_chat_button(messages: list[dict]) -> str:
    """The payload of the button that chooses the live chat, as actions/handoff.py offers it."""
    payloads = [button["payload"] for message in messages for button in message.get("buttons") or []]
    chosen = [payload for payload in payloads if "live_chat" in payload and payload.startswith("/request_counsellor")]
    assert chosen, f"no live-chat choice offered: {messages}"
    return chosen[0]


def the_handoff(messages: list[dict]) -> dict:
    found = [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"]
    assert len(found) == 1, messages
    return found[0]


def wait_until(condition, what: str) -> None:
    """Poll a cheap condition until it holds (the pause reaches Rasa over HTTP, after the desk answers)."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {PATIENCE_S} s: {what}"
        time.sleep(0.1)


def assert_nothing_personal(text: str, where: str) -> None:
    leaked = [item for item in PERSONAL if item.lower() in text.lower()]
    assert not leaked, f"{where} shows personal data {leaked}: {text!r}"


def test_a_visitor_is_handed_to_a_counsellor_live_and_back_to_the_bot(
    browser: Browser, live_stack: Stack, record_property: Callable[[str, object], None]
) -> None:
    problems: list[str] = []
    page = signed_in_dashboard(browser, live_stack.desk_url, problems)

    # The visitor, on the website, says who they are and how to reach them, then asks for a person.
    visitor = new_sender()
    assert live_stack.send(visitor, f"Bonjour, je m'appelle {NAME}.", WEB)
    assert live_stack.send(visitor, f"Vous pouvez me joindre au {PHONE} ou à {EMAIL}", WEB)
    offer = live_stack.send(visitor, f"Je voudrais parler à un conseiller. Je suis {NAME}, {PHONE}, {EMAIL}", WEB)
    asked_at = time.monotonic()
    reply = live_stack.send(visitor, live_chat_button(offer), WEB)
    replied_at = time.monotonic()
    handoff = the_handoff(reply)
    assert handoff["mode"] == "live_chat", handoff
    assert handoff["token"] and handoff["desk_url"] == live_stack.desk_url
    code, token = handoff["code"], handoff["token"]
    assert code in texts(reply)

    # The ticket reaches the counsellor's open dashboard by itself (server-sent events), within 2 s.
    entry = page.locator(f"#queue li[data-code='{code}']")
    entry.wait_for(timeout=PATIENCE_S * 1000)
    shown_at = time.monotonic()
    on_dashboard_s = shown_at - replied_at
    record_property("ticket_on_dashboard_s", round(on_dashboard_s, 3))
    record_property("choice_to_dashboard_s", round(shown_at - asked_at, 3))  # bot's turn included, for the record
    print(
        f"\nticket {code} ({handoff['area']}) on the dashboard {on_dashboard_s:.3f} s after the bot's REST reply, "
        f"{shown_at - asked_at:.3f} s after the visitor chose the live chat"
    )
    assert on_dashboard_s <= DASHBOARD_WITHIN_S, f"the ticket took {on_dashboard_s:.2f} s to show"
    assert "Chat en direct" in entry.inner_text()  # the mode, in the counsellor's words
    assert_nothing_personal(entry.inner_text(), "the queue entry")

    # Summary and transcript, as the counsellor reads them: the need is there, the person is not.
    entry.locator("button").click()
    expect(page.locator("#t-code")).to_have_text(code)
    summary = page.locator("#t-summary").inner_text()
    transcript = page.locator("#t-messages").inner_text()
    assert summary.strip(), "the ticket has no summary"
    # The visitor's turns are there, with the personal data replaced by privacy.redact's placeholders.
    assert "Je voudrais parler à un conseiller" in transcript, transcript
    assert all(placeholder in transcript for placeholder in ("[NAME]", "[PHONE]", "[EMAIL]")), transcript
    assert_nothing_personal(summary, "the summary")
    assert_nothing_personal(transcript, "the transcript")
    assert_nothing_personal(page.locator("#ticket").inner_text(), "the ticket panel")

    # From here the visitor listens to the desk, as the widget does after a live-chat handoff.
    stream = requests.get(
        f"{live_stack.desk_url}/api/live/{code}/events",
        headers={"Authorization": f"Bearer {token}"},
        stream=True,
        timeout=(10, 60),
    )
    assert stream.status_code == 200
    heard: list[tuple[str, dict]] = []
    listener = threading.Thread(target=lambda: heard.extend(read_events(stream, 3)), daemon=True)
    listener.start()

    # The counsellor claims the chat: the bot falls silent for this conversation.
    page.click("#claim")
    expect(page.locator("#t-status")).to_have_text("En cours")
    wait_until(lambda: live_stack.tracker(visitor)["paused"] is True, "Rasa paused the conversation")
    assert live_stack.send(visitor, "Vous êtes là ?", WEB) == [], "the bot answered during the live chat"

    # The counsellor answers from the dashboard; the visitor hears it.
    page.fill("#reply-text", ANSWER)
    page.click("#reply button[type=submit]")
    expect(page.locator("#t-messages li.counsellor").last).to_contain_text(ANSWER)

    # Markup typed by the visitor in the live chat is shown as text: no element made, no script run.
    said = requests.post(
        f"{live_stack.desk_url}/api/live/{code}/messages",
        json={"text": f"Merci ! {HOSTILE}"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert said.status_code == 201, said.text
    expect(page.locator("#t-messages li.visitor").last).to_contain_text(f"Merci ! {HOSTILE}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#queue img, #ticket img, #ticket script").count() == 0

    # The counsellor closes the ticket; the visitor is told, and the bot answers again.
    page.select_option("#outcome", "answered")
    page.click("#close")
    expect(page.locator("#t-status")).to_have_text("Clos")
    listener.join(timeout=PATIENCE_S)
    stream.close()
    assert [event for event, _ in heard] == ["claimed", "message", "closed"], heard
    assert heard[1][1]["text"] == ANSWER
    wait_until(lambda: live_stack.tracker(visitor)["paused"] is False, "Rasa resumed the conversation")
    assert texts(live_stack.send(visitor, "Bonjour", WEB)).strip(), "the bot stayed silent after the close"
    expect(page.locator(f"#queue li[data-code='{code}']")).to_have_count(0)
    assert problems == [], problems  # a CSP violation or a script error would show here
    page.context.close()


VISITOR_SAYS = "Merci ! Je voudrais financer une formation de soudeur."
CENTRE_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Cité des métiers de Rivemont</title>
<link rel="icon" href="data:,"></head>
<body><main><h1>Cité des métiers de Rivemont</h1><p>Le site du centre, sur son propre domaine.</p></main>
<script src="{desk}/widget.js" data-server="{rasa}" data-lang="fr" defer></script></body></html>"""


def widget_storage(page: Page) -> str:
    return page.evaluate("sessionStorage.getItem('cdm-widget') || ''")


def test_live_chat_from_the_centres_own_website_then_end_and_erase(
    browser: Browser, live_stack: Stack, centre_site: Site
) -> None:
    """The widget embedded on another origin than the desk: the handoff's token becomes the desk's
    cookie, the counsellor and the visitor hear each other, a reload finds the chat again, nothing the
    visitor typed and no secret is in the page's storage, and "end and erase" during the chat closes the
    ticket and erases the bot's conversation although the bot is paused."""
    problems: list[str] = []
    dashboard = signed_in_dashboard(browser, live_stack.desk_url, problems)
    ask = "Je voudrais parler à un conseiller"
    offer = live_stack.send(new_sender(), ask, WEB)
    choice = live_chat_button(offer)
    title = next(b["title"] for m in offer for b in m.get("buttons") or [] if b["payload"] == choice)

    centre_site.page = CENTRE_PAGE.format(desk=live_stack.desk_url, rasa=live_stack.rasa_url)
    visitor_problems = PageProblems()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    visitor = context.new_page()
    visitor_problems.watch(visitor)
    visitor.on(
        "response", lambda r: visitor_problems.messages.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    visitor.goto(f"{centre_site.origin}/")
    visitor.click(".cdm-launcher")
    visitor.fill("#cdm-input", ask)
    visitor.press("#cdm-input", "Enter")
    visitor.locator(".cdm-chip", has_text=title).last.click()
    code = visitor.locator(".cdm-handoff__code").inner_text(timeout=PATIENCE_S * 1000).strip()
    sender = json.loads(widget_storage(visitor))["sender"]

    dashboard.locator(f"#queue li[data-code='{code}'] button").click(timeout=PATIENCE_S * 1000)
    dashboard.click("#claim")
    expect(visitor.locator(".cdm-note", has_text="a rejoint la discussion")).to_have_count(1)
    dashboard.fill("#reply-text", ANSWER)
    dashboard.click("#reply button[type=submit]")
    expect(visitor.locator(".cdm-message--counsellor")).to_contain_text(ANSWER)

    # A reload (the visitor opens another page of the site) finds the chat again through the cookie.
    visitor.reload()
    expect(visitor.locator(".cdm-message--counsellor")).to_have_count(1)
    visitor.fill("#cdm-input", VISITOR_SAYS)
    visitor.press("#cdm-input", "Enter")
    expect(dashboard.locator("#t-messages li.visitor").last).to_contain_text(VISITOR_SAYS)

    stored = widget_storage(visitor)
    assert ask not in stored and VISITOR_SAYS not in stored and '"token"' not in stored, stored
    assert "cdm_live" not in visitor.evaluate("document.cookie")
    assert visitor_problems.messages == [], visitor_problems.messages

    # "End and erase" while the counsellor holds the chat (the bot is paused).
    assert live_stack.tracker(sender)["paused"] is True
    visitor.click(".cdm-end")
    status = f"{live_stack.desk_url}/api/tickets/{code}/status"
    wait_until(lambda: requests.get(status, timeout=10).json()["status"] == "closed", "the desk closed the ticket")

    def erased() -> bool:
        tracker = live_stack.tracker(sender)
        said = [event.get("text") or "" for event in tracker["events"] if event.get("event") == "user"]
        return not tracker["paused"] and not any(ask in text for text in said)

    wait_until(erased, "the bot's conversation was erased")
    expect(visitor.locator(".cdm-note", has_text="effacée")).to_have_count(1)
    assert widget_storage(visitor) == "" or json.loads(widget_storage(visitor))["live"] is None
    context.close()
    dashboard.context.close()
    assert problems == [], problems

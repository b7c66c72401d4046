"""The kiosk page: a shared screen that must forget each visitor, checked in Chromium against the real stack."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import screenshot
from tests.browser.widget_driver import ANSWER_TIMEOUT_MS, rasa_turns, wait_for_answer

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUESTION = "Quelles aides pour financer une formation de soudeur ?"


def start_a_conversation(page: Page) -> tuple[str, list[Request]]:
    """Type a French question and wait for the answer; the sender id and the requests sent."""
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    page.fill("#cdm-input", QUESTION)
    page.press("#cdm-input", "Enter")
    wait_for_answer(page, 1)  # the widget's welcome is the first bot message
    expect(page.locator("#kiosk-welcome")).to_be_hidden()
    expect(page.locator(".cdm-message--visitor")).to_contain_text(QUESTION)
    turns = rasa_turns(sent)
    assert turns[-1]["metadata"] == {"channel": "kiosk", "centre": "rivemont", "language": "fr"}
    return turns[-1]["sender"], sent


def assert_nothing_left(page: Page, answer_text: str) -> None:
    """No trace of the conversation in the page or the browser's storage, and the welcome screen is back."""
    expect(page.locator("#kiosk-welcome")).to_be_visible()
    text = page.evaluate("document.documentElement.textContent")
    assert QUESTION not in text
    assert answer_text[:40] not in text
    expect(page.locator(".cdm-message--visitor")).to_have_count(0)
    storage = page.evaluate("({session: sessionStorage.length, local: localStorage.length, cookies: document.cookie})")
    assert storage == {"session": 0, "local": 0, "cookies": ""}


def test_idle_kiosk_warns_then_erases_everything(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk?idle=10", 1080, 1920)
    sender, sent = start_a_conversation(page)
    answer = page.locator(".cdm-message--bot .cdm-message__text").last.text_content()
    screenshot(page, "kiosk-1080x1920-conversation")

    dialog = page.locator("#kiosk-idle")
    expect(dialog).to_be_visible(timeout=15_000)
    countdown = int(page.locator("#kiosk-countdown").inner_text())
    assert 1 <= countdown <= 5  # idle=10: the warning shows for the last 5 seconds
    # The reset reloads the page once /end_session has been sent.
    expect(page.locator(".cdm-message--visitor")).to_have_count(0, timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_selector("#cdm-input")

    assert rasa_turns(sent)[-1] == {
        "sender": sender,
        "message": "/end_session",
        "metadata": {"channel": "kiosk", "centre": "rivemont", "language": "fr"},
    }
    assert_nothing_left(page, answer)


def test_any_touch_during_the_countdown_keeps_the_conversation(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk?idle=10", 1080, 1920)
    start_a_conversation(page)
    expect(page.locator("#kiosk-idle")).to_be_visible(timeout=15_000)
    page.click("#kiosk-stay")
    expect(page.locator("#kiosk-idle")).to_be_hidden()
    expect(page.locator("#cdm-input")).to_be_focused()
    expect(page.locator(".cdm-message--visitor")).to_contain_text(QUESTION)


def test_end_and_erase_button_leaves_nothing(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk", 1080, 1920)
    sender, sent = start_a_conversation(page)
    answer = page.locator(".cdm-message--bot .cdm-message__text").last.text_content()
    with page.expect_navigation():
        page.click("#kiosk-erase")
    assert rasa_turns(sent)[-1]["message"] == "/end_session"
    assert rasa_turns(sent)[-1]["sender"] == sender
    assert_nothing_left(page, answer)


def test_welcome_screen_language_toggle_and_shared_screen_guards(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk", 1080, 1920)
    expect(page.locator(".kiosk-example[data-lang='fr']")).to_have_count(3)
    expect(page.locator(".kiosk-example[data-lang='en']")).to_have_count(3)
    screenshot(page, "kiosk-1080x1920-welcome")

    page.click("#kiosk-languages button[lang='en']")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#kiosk-erase")).to_have_text("End and erase everything")
    expect(page.locator("#cdm-input")).to_have_attribute("placeholder", "Type your question…")

    guards = page.evaluate(
        """() => {
            const menu = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
            const select = new Event('selectstart', {bubbles: true, cancelable: true});
            return {
                menuBlocked: !document.body.dispatchEvent(menu),
                selectBlocked: !document.querySelector('h1').dispatchEvent(select),
                userSelect: getComputedStyle(document.body).userSelect,
            };
        }"""
    )
    assert guards == {"menuBlocked": True, "selectBlocked": True, "userSelect": "none"}
    # Touch targets of at least 56 CSS pixels, and the erase button always on screen.
    heights = page.eval_on_selector_all(
        ".kiosk-button, .kiosk-example, .cdm-send, #cdm-input",
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height)",
    )
    assert len(heights) >= 10 and min(heights) >= 56
    expect(page.locator("#kiosk-erase")).to_be_in_viewport()


def test_an_example_question_starts_the_conversation_in_its_language(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk", 1080, 1920)
    page.locator(".kiosk-example", has_text="How do I become an electrician?").click()
    wait_for_answer(page, 1)
    expect(page.locator("#kiosk-welcome")).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".cdm-message--visitor")).to_have_text("You: How do I become an electrician?")
    expect(page.locator(".cdm-card--resources").last).to_contain_text("Cited resources")
    expect(page.locator("#kiosk-erase")).to_be_in_viewport()


def test_kiosk_handoff_prints_only_the_code_and_where_to_go(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk", 1080, 1920)
    page.fill("#cdm-input", "je veux parler à un conseiller")
    page.press("#cdm-input", "Enter")
    card = page.locator(".cdm-card--handoff").last
    expect(card).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    code = card.locator(".cdm-handoff__code").inner_text()
    where = card.locator(".cdm-handoff__where").inner_text()
    screenshot(page, "kiosk-1080x1920-handoff")

    page.evaluate("window.print = () => { window.printed = true; }")  # the print dialog itself is the OS's
    card.locator(".cdm-print").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    printed = page.evaluate("document.body.innerText").split()
    assert printed[0] == code
    assert " ".join(printed[1:]) in where  # the area's place, without the "where to go" label
    assert QUESTION not in " ".join(printed)

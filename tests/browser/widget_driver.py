"""How a test talks to the widget the way a visitor does: open it, type, wait for the answer."""

from __future__ import annotations

import json

from playwright.sync_api import Page, Request, expect

ANSWER_TIMEOUT_MS = 60_000


def open_widget(page: Page) -> float:
    """Click the launcher; the milliseconds from the click event to the frame that painted the first message,
    both on the page's own clock (so Playwright's round trips are not counted).

    Every wait is on DOM state or on an event of the page: a polled string (`wait_for_function("...")`)
    is compiled by the page, which its Content-Security-Policy forbids (no `unsafe-eval`)."""
    page.wait_for_load_state("load")
    page.click(".cdm-launcher")
    page.locator(".cdm-log .cdm-message--bot").first.wait_for(state="visible")
    # The widget stamps `firstMessageAt` in the animation frame after the message joined the page; a
    # frame callback registered now runs after that one, so the stamp is there when it resolves.
    return page.evaluate(
        "() => new Promise((resolve) => requestAnimationFrame(() =>"
        " resolve(window.CdmWidget.firstMessageAt - window.CdmWidget.openedAt)))"
    )


def bot_messages(page: Page) -> int:
    return page.locator(".cdm-log .cdm-message--bot").count()


def wait_for_answer(page: Page, before: int) -> None:
    """Until the bot's reply to the last turn is drawn (one more bot message, nothing pending)."""
    page.locator(".cdm-log .cdm-message--bot").nth(before).wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(".cdm-typing")).to_be_hidden(timeout=ANSWER_TIMEOUT_MS)


def ask(page: Page, text: str) -> None:
    """Type a message, send it with Enter, and wait for the reply."""
    before = bot_messages(page)
    page.fill("#cdm-input", text)
    page.press("#cdm-input", "Enter")
    wait_for_answer(page, before)


def rasa_turns(requests: list[Request]) -> list[dict]:
    """The JSON bodies the page sent to Rasa's REST channel."""
    return [json.loads(r.post_data or "{}") for r in requests if r.url.endswith("/webhooks/rest/webhook")]

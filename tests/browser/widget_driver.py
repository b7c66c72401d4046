"""How a test talks to the widget the way a visitor does: open it, type, wait for the answer."""

from __future__ import annotations

import json

from playwright.sync_api import Page, Request

ANSWER_TIMEOUT_MS = 60_000


def open_widget(page: Page) -> float:
    """Click the launcher; the milliseconds from the click event to the frame that painted the first message,
    both on the page's own clock (so Playwright's round trips are not counted)."""
    page.wait_for_selector(".cdm-launcher")
    page.wait_for_function("document.readyState === 'complete'")
    page.click(".cdm-launcher")
    page.wait_for_function("window.CdmWidget.firstMessageAt > 0")
    return page.evaluate("window.CdmWidget.firstMessageAt - window.CdmWidget.openedAt")


def bot_messages(page: Page) -> int:
    return page.locator(".cdm-log .cdm-message--bot").count()


def wait_for_answer(page: Page, before: int) -> None:
    """Until the bot's reply to the last turn is drawn (more bot messages, nothing pending)."""
    page.wait_for_function(
        "([before]) => document.querySelectorAll('.cdm-log .cdm-message--bot').length > before"
        " && document.querySelector('.cdm-typing').hidden",
        arg=[before],
        timeout=ANSWER_TIMEOUT_MS,
    )


def ask(page: Page, text: str) -> None:
    """Type a message, send it with Enter, and wait for the reply."""
    before = bot_messages(page)
    page.fill("#cdm-input", text)
    page.press("#cdm-input", "Enter")
    wait_for_answer(page, before)


def rasa_turns(requests: list[Request]) -> list[dict]:
    """The JSON bodies the page sent to Rasa's REST channel."""
    return [json.loads(r.post_data or "{}") for r in requests if r.url.endswith("/webhooks/rest/webhook")]

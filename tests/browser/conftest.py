"""Browser tests: Debian's Chromium driven by Playwright against the real pages and the real Rasa stack.

The pages come from the stack's desk, which serves `web/` with its own headers (strict CSP, no cookie);
the widget talks to the real Rasa server of the session's `stack` fixture: the only thing a test changes
is the `data-server` attribute of the page's script tag, set to the stack's free-picked port.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from deploy.stack import ROOT, Stack

SCREENSHOTS = ROOT / "var" / "test-output" / "screenshots"
AXE = Path(__file__).parent / "fixtures" / "axe-core-4.14.1" / "axe.min.js"  # vendored by `make browser-deps`
# The pages name Rasa's default port; the stack's port is free-picked. This init script (test only) points
# the widget's script tag at the stack's Rasa as the parser inserts it, before the script runs. (Rewriting
# the HTML through a route would make Chromium treat the page as public and block its loopback requests.)
POINT_AT_RASA = """(rasa) => new MutationObserver((records) => {
    for (const record of records)
        for (const node of record.addedNodes)
            if (node.tagName === "SCRIPT" && node.dataset.server) node.dataset.server = rasa;
}).observe(document, {childList: true, subtree: true})"""


@pytest.fixture(scope="session")
def web_url(stack: Stack) -> str:
    """Where the visitor's pages are served: the stack's desk."""
    assert stack.desk_url, "the session stack starts the desk"
    return stack.desk_url


class PageProblems:
    """What the browser complained about: CSP violations, script errors, failed requests."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", lambda msg: self.messages.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))


@pytest.fixture
def open_page(browser: Browser, web_url: str, stack: Stack) -> Iterator[Callable[..., Page]]:
    """Open one of the visitor's pages (path like "/" or "/kiosk?idle=4") in a fresh browser context.

    Each call gets its own context (its own storage), pointed at the session's Rasa server. At the end
    the test fails if the browser reported any error: a CSP violation, a script error, a failed load.
    """
    problems = PageProblems()
    with ExitStack() as contexts:

        def opener(path: str, width: int = 1280, height: int = 800, **options: object) -> Page:
            context: BrowserContext = browser.new_context(
                viewport={"width": width, "height": height}, accept_downloads=True, **options
            )
            contexts.callback(context.close)
            context.add_init_script(f"({POINT_AT_RASA})({json.dumps(stack.rasa_url)})")
            page = context.new_page()
            problems.watch(page)
            page.goto(f"{web_url}{path}")
            return page

        yield opener
    assert problems.messages == [], problems.messages


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path

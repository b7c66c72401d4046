"""A standard Rasa client on the socket.io channel: rasa-webchat (the npm package, pinned and checked by
its digest in the Makefile, vendored by `make browser-deps`) in Chromium, against a real stack of this
module's own, from a page of another origin that the stack lists in CDM_ALLOWED_ORIGINS. Version 1's
bundle (`lib/index.js`) defines a global `WebChat` whose `default(props, element)` mounts the chat, as
its README shows.

The same question goes to the REST channel (what the project's widget speaks) and to rasa-webchat over
socket.io: every message of the turn must reach rasa-webchat, and it must show each cited resource's
title and, for a resource on the web, a link to it, plus the turn's buttons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Route, expect

from deploy.stack import ROOT, Stack, new_sender, running_stack
from tests.browser.second_origin import Site, second_origin

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WEBCHAT = Path(__file__).parent / "fixtures" / "rasa-webchat-1.0.1" / "index.js"  # `make browser-deps`
QUESTION = "comment faire valider mon expérience pour avoir un diplôme ?"
PATIENCE_MS = 60_000
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>rasa-webchat</title><link rel="icon" href="data:,"></head>
<body><div id="webchat"></div>
<script src="/webchat.js"></script>
<script>
WebChat.default({{
  socketUrl: "{rasa}", socketPath: "/socket.io/", embedded: true,
  customData: {{ language: "fr", channel: "web" }}, params: {{ storage: "session" }}
}}, document.getElementById("webchat"));
</script></body></html>"""


@pytest.fixture(scope="module")
def webchat_site() -> Iterator[Site]:
    if not WEBCHAT.is_file():
        pytest.fail(f"{WEBCHAT} is missing: run `make browser-deps`")
    with second_origin() as site:
        site.files["/webchat.js"] = WEBCHAT
        yield site


@pytest.fixture(scope="module")
def stack(webchat_site: Site, stack_index_dir: Path) -> Iterator[Stack]:
    """Rasa and the action server, with the page's origin allowed (a browser's socket.io polling is CORS)."""
    env = {"CDM_INDEX_DIR": str(stack_index_dir), "CDM_ALLOWED_ORIGINS": webchat_site.origin}
    with running_stack(ROOT / "var" / "test-logs" / "rasa-webchat", env) as running:
        webchat_site.page = PAGE.format(rasa=running.rasa_url)
        yield running


def loopback_only(route: Route) -> None:
    """rasa-webchat's stylesheet imports a web font; nothing leaves the machine in a test."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def test_rasa_webchat_shows_every_message_of_a_turn_with_resource_cards(
    browser: Browser, stack: Stack, webchat_site: Site
) -> None:
    reply = stack.send(new_sender(), QUESTION, {"channel": "web"})
    cited = [
        item for m in reply for item in (m.get("custom") or {}).get("items", []) if m["custom"]["type"] == "resources"
    ]
    assert cited, f"the question cites no resource over REST: {reply}"
    buttons = [b["title"] for m in reply for b in m.get("buttons") or []]
    texts = [m["text"] for m in reply if m.get("text")]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", loopback_only)
    page = context.new_page()
    page.goto(f"{webchat_site.origin}/")
    page.fill(".rw-new-message", QUESTION)
    page.press(".rw-new-message", "Enter")

    titles = page.locator(".rw-carousel-card-title")
    expect(titles).to_have_count(len(cited), timeout=PATIENCE_MS)
    assert sorted(titles.all_inner_texts()) == sorted(item["title"] for item in cited)
    for item in cited:
        if item["where"].startswith(("https://", "http://")):
            expect(page.locator(f".rw-carousel-card a.rw-reply[href='{item['where']}']")).to_have_count(1)
    for title in buttons:  # quick replies under the turn's last text
        expect(page.locator(".rw-reply", has_text=title).first).to_be_visible()
    shown = "\n".join(page.locator(".rw-response").all_inner_texts())
    for text in texts:  # the socket.io channel splits a text at blank lines; each part is shown
        for part in text.split("\n\n"):
            first_line = part.strip().splitlines()[0].strip("*• ")
            assert first_line[:40] in shown, (first_line, shown)
    context.close()

"""Cited resources opened from the widget, in Chromium, against the real stack: a PDF leaflet the desk
serves, a partner's web page at its own address."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from deploy.stack import Stack
from tests.browser.widget_driver import ask, open_widget

pytestmark = [pytest.mark.browser, pytest.mark.integration]

LEAFLET_QUESTION = "quelles sont les étapes de la VAE ?"
WEB_PAGE_QUESTION = "l'Apec peut m'aider pour mon CV de cadre ?"


def cited_items(page: Page, question: str) -> list[dict]:
    """Ask `question` in the widget; the items of the `resources` payload Rasa sent back for it."""
    with page.expect_response(lambda response: response.url.endswith("/webhooks/rest/webhook")) as answer:
        ask(page, question)
    messages = answer.value.json()
    return [
        item
        for message in messages
        if message.get("custom", {}).get("type") == "resources"
        for item in message["custom"]["items"]
    ]


def test_a_cited_pdf_leaflet_opens_from_the_desk(open_page: Callable[..., Page], stack: Stack) -> None:
    page = open_page("/")
    open_widget(page)
    leaflets = [item for item in cited_items(page, LEAFLET_QUESTION) if item["where"].endswith(".pdf")]
    assert leaflets, "the answer cites a PDF leaflet"
    leaflet = leaflets[0]
    assert leaflet["where"] == f"{stack.desk_url}/resources/{leaflet['id']}.pdf"
    link = page.locator(f".cdm-card--resources .cdm-resource__where a[href='{leaflet['where']}']").last
    expect(link).to_be_visible()
    expect(link).to_have_text("ouvrir le dépliant (PDF)")
    with page.context.expect_event("request", predicate=lambda request: request.url == leaflet["where"]):
        link.click()  # a new tab asks the desk for the leaflet (headless Chromium saves a PDF, not shows it)
    response = page.request.get(leaflet["where"])
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_a_cited_web_page_links_to_its_address(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    open_widget(page)
    pages = [item for item in cited_items(page, WEB_PAGE_QUESTION) if item["id"].startswith("web-")]
    assert pages, "the answer cites a saved web page"
    address = pages[0]["where"]
    assert address.startswith("https://")
    link = page.locator(".cdm-card--resources .cdm-resource__where a", has_text=address).last
    expect(link).to_have_attribute("href", address)
    expect(link).to_have_attribute("target", "_blank")

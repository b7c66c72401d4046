"""Cited resources opened from the widget, in Chromium, against the real stack: a PDF leaflet the desk
serves, a partner's web page at its own address, a network sheet as a page of the desk."""

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


@pytest.mark.parametrize(
    ("lang", "question", "label", "back"),
    [
        ("fr", "comment devenir electricien ?", "lire la fiche", "Retour au site"),
        ("es", "quiero ser electricista, que tengo que estudiar?", "leer la ficha", "Volver al sitio"),
    ],
)
def test_a_cited_network_sheet_opens_as_a_page_of_the_desk(
    open_page: Callable[..., Page], stack: Stack, lang: str, question: str, label: str, back: str
) -> None:
    """A sheet the network writes for every centre sits on no shelf: its citation is a labelled link to the
    desk's page of it, which opens in a new tab around the sheet's own text in the visitor's language."""
    page = open_page(f"/?lang={lang}")
    open_widget(page)
    sheets = [item for item in cited_items(page, question) if item["where"].endswith(".html")]
    assert sheets, "the answer cites a network sheet"
    sheet = sheets[0]
    assert sheet["where"] == f"{stack.desk_url}/resources/{sheet['id']}.html"
    href = f"{sheet['where']}?lang={lang}"
    link = page.locator(f".cdm-card--resources .cdm-resource__where a[href='{href}']").last
    expect(link).to_have_text(label)
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    sheet_page = opened.value
    sheet_page.wait_for_load_state("load")
    assert sheet_page.url == href
    expect(sheet_page.locator("html")).to_have_attribute("lang", lang)
    expect(sheet_page.locator("main.resource > h1")).to_have_text(sheet["title"])
    expect(sheet_page.locator("main.resource > h1")).to_have_attribute("lang", sheet["lang"])
    expect(sheet_page.locator("main.resource article p").first).to_be_visible()
    expect(sheet_page.get_by_role("link", name=back)).to_have_attribute("href", "/")


def open_kiosk(open_page: Callable[..., Page]) -> tuple[Page, list[Page]]:
    """The kiosk page, and the list of every other page the browser opens from then on (none should be)."""
    page = open_page("/kiosk")
    opened: list[Page] = []
    page.context.on("page", lambda new_page: opened.append(new_page))
    return page, opened


def test_the_kiosk_shows_a_cited_leaflet_inside_itself(open_page: Callable[..., Page], stack: Stack) -> None:
    """At the kiosk a shared screen has no tab to come back from: the desk's leaflet opens in the kiosk's
    reader, over the chat, with a large way back, and no other page is opened."""
    page, opened = open_kiosk(open_page)
    leaflets = [item for item in cited_items(page, LEAFLET_QUESTION) if item["where"].endswith(".pdf")]
    assert leaflets, "the answer cites a PDF leaflet"
    where = leaflets[0]["where"]
    link = page.locator(f".cdm-card--resources .cdm-resource__where a[href='{where}']").last
    expect(link).not_to_have_attribute("target", "_blank")
    with page.expect_request(lambda request: request.url == where):
        link.click()
    reader = page.get_by_role("dialog", name="Ressource citée")
    expect(reader).to_be_visible()
    expect(reader.locator("iframe")).to_have_attribute("src", where)
    back = reader.get_by_role("button", name="Retour à la conversation")
    expect(back).to_be_focused()
    back.click()
    expect(page.locator(".cdm-reader")).to_have_count(0)
    expect(page.locator("#cdm-input")).to_be_focused()
    assert opened == []


def test_the_kiosk_gives_another_sites_page_as_a_qr_code(open_page: Callable[..., Page]) -> None:
    """A partner's page is on another site: the kiosk shows its address and a QR code to open it on the
    visitor's phone, never the site itself; Escape, like the way back, closes it, and so does the reset."""
    page, opened = open_kiosk(open_page)
    pages = [item for item in cited_items(page, WEB_PAGE_QUESTION) if item["id"].startswith("web-")]
    assert pages, "the answer cites a saved web page"
    address = pages[0]["where"]
    page.locator(".cdm-card--resources .cdm-resource__where a", has_text=address).last.click()
    reader = page.get_by_role("dialog", name="Ressource citée")
    expect(reader.locator(".cdm-reader__address")).to_have_text(address)
    qr = reader.get_by_role("img", name="Code QR de l'adresse")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth") > 0  # drawn by the desk, not broken
    expect(reader.locator("iframe")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(page.locator(".cdm-reader")).to_have_count(0)
    page.locator(".cdm-card--resources .cdm-resource__where a", has_text=address).last.click()
    expect(reader).to_be_visible()
    page.evaluate("window.CdmWidget.end()")  # what the kiosk's idle reset and "end and erase" call
    expect(page.locator(".cdm-reader")).to_have_count(0)
    assert opened == []

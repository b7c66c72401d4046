"""The website widget on the demo page, in Chromium, against the real Rasa stack."""

from __future__ import annotations

import gzip
import re
import time
from collections import Counter
from collections.abc import Callable

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, Request, expect

from deploy.stack import ROOT, Stack
from desk.web_strings import widget_script
from tests.browser.conftest import screenshot
from tests.browser.widget_driver import ask, bot_messages, open_widget, rasa_turns, wait_for_answer
from tests.integration.test_figures import counts, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WEB = ROOT / "web"
WIDGET_GZIP_BUDGET = 50 * 1024
CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}$")


def test_widget_script_stays_under_50_kb_compressed() -> None:
    # as the desk serves it: with the words of every declared language written in
    size = len(gzip.compress(widget_script(WEB.resolve()).encode("utf-8"), compresslevel=9))
    css = len(gzip.compress((WEB / "static" / "widget.css").read_bytes(), compresslevel=9))
    print(f"\nwidget.js: {size} bytes gzip; widget.css: {css} bytes gzip")
    assert size <= WIDGET_GZIP_BUDGET


def test_first_message_and_a_french_question_with_resource_cards(open_page: Callable[..., Page]) -> None:
    page = open_page("/", 1280, 800)
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    elapsed_ms = open_widget(page)
    print(f"\nwidget opened -> first message painted: {elapsed_ms:.1f} ms")
    expect(page.locator("#cdm-input")).to_be_focused()

    asked_at = time.perf_counter()
    ask(page, "comment financer une formation avec mon CPF ?")
    print(f"question sent -> answer with resource cards drawn: {(time.perf_counter() - asked_at) * 1000:.0f} ms")

    cards = page.locator(".cdm-card--resources").last
    expect(cards).to_be_visible()
    titles = cards.locator(".cdm-resource__title").all_inner_texts()
    assert titles and all(title.strip() for title in titles)
    expect(cards.locator(".cdm-resource__where").first).to_contain_text("Où la trouver")
    turns = rasa_turns(sent)
    assert turns[-1]["message"] == "comment financer une formation avec mon CPF ?"
    assert turns[-1]["metadata"] == {"channel": "web", "centre": "rivemont", "language": "fr"}
    expect(page.locator("#cdm-input")).to_be_focused()
    screenshot(page, "widget-1280x800")


def test_an_english_question_gets_resource_cards_at_phone_width(open_page: Callable[..., Page]) -> None:
    page = open_page("/", 360, 740)
    open_widget(page)
    page.select_option("#cdm-language", "en")
    expect(page.locator("#cdm-input")).to_have_attribute("placeholder", "Type your question…")

    ask(page, "how do I become an electrician?")

    cards = page.locator(".cdm-card--resources").last
    expect(cards).to_be_visible()
    expect(cards).to_contain_text("Cited resources")
    assert cards.locator(".cdm-resource__title").count() >= 1
    # At 360 px the panel fills the screen and nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "widget-360x740")


def test_a_quick_reply_sends_its_payload_and_shows_its_title(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    open_widget(page)
    ask(page, "bonjour")

    reply = page.locator(".cdm-message--bot .cdm-chip:not([disabled])", has_text="Horaires d'ouverture")
    before = bot_messages(page)
    reply.click()
    wait_for_answer(page, before)

    assert rasa_turns(sent)[-1]["message"] == "/ask_opening_hours"
    expect(page.locator(".cdm-message--visitor").last).to_contain_text("Horaires d'ouverture")
    expect(page.locator(".cdm-message--bot").last).to_contain_text(re.compile(r"\d{1,2}[:h]\d{2}"))
    # Older quick replies can no longer be clicked once answered.
    expect(page.locator(".cdm-chip", has_text="Horaires d'ouverture").first).to_be_disabled()


def test_workshops_card_downloads_a_valid_ics(open_page: Callable[..., Page], stack: Stack) -> None:
    ics_counted_before = counts(stack)[("workshop", "ics")]
    page = open_page("/")
    open_widget(page)
    ask(page, "quels ateliers CV la semaine prochaine ?")

    card = page.locator(".cdm-card--workshops").last
    expect(card).to_be_visible()
    with page.expect_download() as download_info:
        card.locator(".cdm-ics").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(download.path().read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) >= 1
    title = card.locator(".cdm-workshop__title").first.inner_text()
    assert str(events[0].get("SUMMARY")) == title
    assert events[0].decoded("DTSTART") < events[0].decoded("DTEND")
    # The download was counted for the centre's figures, anonymously (one beacon to the desk).
    assert (
        wait_for(stack, Counter({("workshop", "ics"): ics_counted_before}), {("workshop", "ics"): 1})[
            ("workshop", "ics")
        ]
        == ics_counted_before + 1
    )


def test_the_bot_s_side_survives_a_reload_not_the_visitor_s_and_end_erases_it(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    open_widget(page)
    ask(page, "vous êtes ouverts samedi ?")
    sender = rasa_turns(sent)[-1]["sender"]

    answer = page.locator(".cdm-message--bot").last.inner_text()
    assert "ouverts samedi" not in page.evaluate("sessionStorage.getItem('cdm-widget')")  # nothing the visitor typed

    page.reload()
    expect(page.locator(".cdm-message--bot").last).to_have_text(answer)  # the bot's (redacted) side stays
    expect(page.locator(".cdm-message--visitor .cdm-message__text--not-kept")).to_have_count(1)

    with page.expect_request(lambda r: r.url.endswith("/webhooks/rest/webhook")) as request_info:
        page.click(".cdm-end")
    assert request_info.value.post_data_json == {
        "sender": sender,
        "message": "/end_session",
        "metadata": {"channel": "web", "centre": "rivemont", "language": "fr"},
    }
    expect(page.locator(".cdm-message--visitor")).to_have_count(0)
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('cdm-widget'))")
    assert stored["transcript"] == [] and stored["sender"] != sender
    assert "samedi" not in page.locator("body").inner_text()


def test_keyboard_only_open_use_and_close(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    page.wait_for_load_state("load")
    page.focus(".cdm-launcher")
    page.keyboard.press("Enter")
    expect(page.locator("#cdm-input")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".cdm-send")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Escape")
    expect(page.locator(".cdm-panel")).to_be_hidden()
    expect(page.locator(".cdm-launcher")).to_be_focused()


def test_asking_for_a_counsellor_shows_a_large_code(open_page: Callable[..., Page]) -> None:
    page = open_page("/")
    open_widget(page)
    ask(page, "je veux parler à un conseiller")
    card = page.locator(".cdm-card--handoff").last
    expect(card).to_be_visible()
    code = card.locator(".cdm-handoff__code").inner_text()
    assert CODE.match(code), code
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cdm-handoff__code')).fontSize)")
    assert size >= 32

"""The widget and the kiosk in Spanish, Italian and Portuguese (issue 17), in Chromium against the real stack.

A page opened in a language (`?lang=`, or the chooser) shows that language's words from web/strings.yml, and
a message written in it is answered in it: the reply's language is read with the same five-language detector
the action server uses, so the test holds whichever reply the bot picks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from actions.language import detect_language
from desk.web_strings import catalogue
from tests.browser.conftest import screenshot
from tests.browser.widget_driver import ask, open_widget, rasa_turns, wait_for_answer

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WEB = Path(__file__).resolve().parents[2] / "web"
# A visitor's first message, written the way visitors write: greeting and an opening-hours question.
QUESTIONS = {
    "es": "hola, buenas tardes, a que hora abren el sabado por favor?",
    "it": "buongiorno, a che ora aprite sabato? grazie mille",
    "pt": "ola bom dia, a que horas abrem no sabado por favor?",
}
LANGS = sorted(QUESTIONS)


def words(lang: str) -> dict:
    return catalogue(WEB.resolve())["strings"][lang]


def reply_language(page: Page) -> str | None:
    """The language of the bot's latest written reply (its text, not the cards' titles)."""
    text = page.locator(".cdm-log .cdm-message--bot .cdm-message__text").last.inner_text()
    return detect_language(text)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_in_a_page_s_language_speaks_it(open_page: Callable[..., Page], lang: str) -> None:
    page = open_page(f"/?lang={lang}", 1280, 800)
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    open_widget(page)
    expect(page.locator(".cdm-widget")).to_have_attribute("lang", lang)
    expect(page.locator("#cdm-input")).to_have_attribute("placeholder", words(lang)["placeholder"])
    expect(page.locator(".cdm-end")).to_have_text(words(lang)["end"])
    expect(page.locator("#cdm-language")).to_have_value(lang)
    expect(page.locator(".cdm-welcome")).to_contain_text(words(lang)["welcome"][:30])

    ask(page, QUESTIONS[lang])
    assert rasa_turns(sent)[-1]["metadata"]["language"] == lang
    assert reply_language(page) == lang
    screenshot(page, f"widget-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_chooser_switches_a_french_page_and_the_bot_follows(open_page: Callable[..., Page], lang: str) -> None:
    page = open_page("/", 1280, 800)
    open_widget(page)
    ask(page, "bonjour")
    assert reply_language(page) == "fr"
    before = page.locator(".cdm-log .cdm-message--bot").count()
    page.select_option("#cdm-language", lang)  # mid-conversation: the widget asks the bot to switch
    wait_for_answer(page, before)
    expect(page.locator("#cdm-input")).to_have_attribute("placeholder", words(lang)["placeholder"])
    assert reply_language(page) == lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_kiosk_in_each_language(open_page: Callable[..., Page], lang: str) -> None:
    page = open_page("/kiosk", 1080, 1920)
    page.click(f"#kiosk-languages button[lang='{lang}']")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    kiosk = words(lang)["kiosk"]
    expect(page.locator("#kiosk-erase")).to_have_text(kiosk["erase"])
    expect(page.locator("#kiosk-welcome-title")).to_have_text(kiosk["welcomeTitle"])
    expect(page.locator(f"#kiosk-languages button[lang='{lang}']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#cdm-input")).to_have_attribute("placeholder", words(lang)["placeholder"])
    screenshot(page, f"kiosk-{lang}-welcome")

    example = kiosk["examples"][1]  # an opening-hours question
    page.locator(f".kiosk-example[data-lang='{lang}']", has_text=example).click()
    wait_for_answer(page, 1)
    expect(page.locator("#kiosk-welcome")).to_be_hidden()
    assert reply_language(page) == lang
    expect(page.locator("#kiosk-erase")).to_be_in_viewport()

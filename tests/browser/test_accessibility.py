"""WCAG 2.1 AA checks in Chromium: axe-core on the three views, reflow at 200% zoom, reduced motion.

axe-core is injected by the test only (the pages never load it), in a context that bypasses the CSP
for that one script; everything else about the pages is as served.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE, screenshot
from tests.browser.widget_driver import ask, open_widget

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_home_page(open_page: Callable[..., Page]) -> None:
    page = open_page("/", bypass_csp=True)
    page.wait_for_selector(".cdm-launcher")
    assert serious_violations(page) == []


def test_axe_open_widget_with_an_answer(open_page: Callable[..., Page]) -> None:
    page = open_page("/", bypass_csp=True)
    open_widget(page)
    ask(page, "comment financer une formation avec mon CPF ?")
    expect(page.locator(".cdm-card--resources").last).to_be_visible()
    assert serious_violations(page) == []


def test_axe_kiosk(open_page: Callable[..., Page]) -> None:
    page = open_page("/kiosk", 1080, 1920, bypass_csp=True)
    page.wait_for_selector("#cdm-input")
    assert serious_violations(page) == []


def test_reflow_at_200_percent_zoom(open_page: Callable[..., Page]) -> None:
    """1280x800 at 200% zoom is a 640x400 CSS viewport: the widget must fit it without sideways scrolling."""
    page = open_page("/", 640, 400, device_scale_factor=2)
    open_widget(page)
    ask(page, "bonjour")
    box = page.locator(".cdm-panel").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 640 and box["height"] <= 400
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    expect(page.locator("#cdm-input")).to_be_in_viewport()
    screenshot(page, "widget-200pct-zoom")


def test_reduced_motion_stops_the_typing_animation(open_page: Callable[..., Page]) -> None:
    page = open_page("/", reduced_motion="reduce")
    open_widget(page)
    animation = page.evaluate("getComputedStyle(document.querySelector('.cdm-typing__dots span')).animationName")
    assert animation == "none"


def test_screenshot_of_the_home_page(open_page: Callable[..., Page]) -> None:
    page = open_page("/", 1280, 800)
    page.wait_for_selector(".cdm-launcher")
    path = screenshot(page, "home-1280x800")
    assert path.stat().st_size > 10_000

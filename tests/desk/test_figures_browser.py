"""The figures pages in Debian's Chromium (Playwright): a centre's page and the network's page show the
known sequence's counts with small cells as "< 5", the period picker works, the CSV downloads, the
strict CSP holds (a violation is a console error, which fails the test), and axe-core finds no serious
WCAG 2.1 AA violation. Screenshots of both pages go to var/test-output/screenshots, and to docs/ for the
README when CDM_DOCS_SCREENSHOTS=1 (`make docs-screenshots`).
"""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from playwright.sync_api import Browser, Page, expect

from deploy.stack import ROOT
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import serious_violations
from tests.desk.server import PASSWORD, DeskServer

pytestmark = pytest.mark.browser
DOCS = ROOT / "docs"


def signed_in(browser: Browser, desk: DeskServer, username: str, errors: list[str], bypass_csp: bool = False) -> Page:
    """A fresh browser signed in as `username`; console errors (CSP violations among them) are collected."""
    viewport = {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport, bypass_csp=bypass_csp, locale="fr-FR").new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}/desk")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{desk.url}/desk")
    return page


def keep(page: Page, name: str) -> None:
    path = screenshot(page, name)
    if os.environ.get("CDM_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copy(path, DOCS / f"{name}.png")


@pytest.mark.parametrize("figures_desk", ["sqlite"], indirect=True)
def test_figures_page_period_picker_and_csv(browser: Browser, figures_desk: DeskServer) -> None:
    errors: list[str] = []
    page = signed_in(browser, figures_desk, "camille", errors)
    page.goto(f"{figures_desk.url}/desk/figures")
    expect(page.locator("[data-figure=conversations]")).to_have_text("10")
    channel = page.locator("#section-channel tbody")
    expect(channel.locator("tr", has_text="Site web").locator("td")).to_have_text("7")
    expect(channel.locator("tr", has_text="Borne").locator("td")).to_have_text("< 5")
    expect(page.locator("#section-hour_of_day img.chart")).to_be_visible()
    assert page.locator("img.chart").first.evaluate("img => img.naturalWidth") > 0  # the SVG rendered
    keep(page, "figures-page")

    page.select_option("#period", "last_month")
    page.click("form.picker button[type=submit]")
    expect(page.locator("[data-figure=conversations]")).to_have_text("< 5")
    assert "period=last_month" in page.url

    page.goto(f"{figures_desk.url}/desk/figures?lang=en")
    with page.expect_download() as download_info:
        page.click("a.csv")
    download = download_info.value
    assert download.suggested_filename == "figures-rivemont-2026-11-01-2026-11-25.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))  # noqa: SIM115
    cell = {(row["section"], row["item"]): row["count"] for row in rows}
    assert cell[("Conversations by channel", "Website")] == "7"
    assert cell[("Conversations by channel", "Kiosk")] == "< 5"
    assert errors == []


@pytest.mark.parametrize("figures_desk", ["sqlite"], indirect=True)
def test_network_page_rolls_every_centre_up(browser: Browser, figures_desk: DeskServer) -> None:
    errors: list[str] = []
    page = signed_in(browser, figures_desk, "nora", errors)
    page.goto(f"{figures_desk.url}/desk/network")
    expect(page.locator("#per-centre tbody tr", has_text="rivemont").locator("td").first).to_have_text("10")
    expect(page.locator("[data-figure=conversations]")).to_have_text("10")
    keep(page, "network-page")
    camille = signed_in(browser, figures_desk, "camille", errors)
    response = camille.goto(f"{figures_desk.url}/desk/network")
    assert response is not None and response.status == 403
    assert errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]


@pytest.mark.parametrize("figures_desk", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("username", "path"), [("camille", "/desk/figures"), ("nora", "/desk/network")])
def test_axe_on_the_figures_pages(browser: Browser, figures_desk: DeskServer, username: str, path: str) -> None:
    errors: list[str] = []
    page = signed_in(browser, figures_desk, username, errors, bypass_csp=True)  # to inject axe-core only
    for lang in ("fr", "en"):
        page.goto(f"{figures_desk.url}{path}?lang={lang}")
        assert serious_violations(page) == [], lang

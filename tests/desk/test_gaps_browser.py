"""/desk/gaps in Debian's Chromium: a counsellor turns a gap into a draft, sees what is wrong, fixes it,
publishes it (re-indexed for real), and the page is axe-core clean (WCAG 2.1 A/AA, serious and critical)
with the editor open; no console error (a CSP violation would be one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_accessibility import serious_violations
from tests.desk.server import PASSWORD
from tests.desk.test_gaps_api import GapDesk, gap_desk, report  # noqa: F401 (gap_desk is a fixture)

pytestmark = pytest.mark.browser


def test_draft_check_publish_and_axe(browser: Browser, gap_desk: GapDesk) -> None:  # noqa: F811
    desk = gap_desk.server
    vector = [0.0] * 383 + [1.0]
    assert report(desk, "comment devenir toiletteur pour chiens ?", vector).status_code == 204

    errors: list[str] = []
    page = browser.new_context(bypass_csp=True, locale="fr-FR").new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{desk.url}/desk")
    page.fill("input[name=username]", "camille")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{desk.url}/desk/gaps")

    group = page.locator("#groups li", has_text="toiletteur pour chiens")
    expect(group).to_be_visible()
    group.get_by_role("button", name="Rédiger une ressource").click()
    expect(page.locator("#editor")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("Thèmes")
    assert serious_violations(page) == []

    page.fill("input[name=title]", "Devenir toiletteur canin")
    page.fill("input[name=resource_id]", "rivemont-toiletteur-canin")
    page.check("input[name=topic][value=discover_jobs]")
    page.fill(
        "textarea[name=body]",
        "## Réponse\n\nLe toiletteur canin lave, coupe et soigne le pelage des chiens. On s'y forme par un "
        "certificat de qualification professionnelle ou un titre professionnel de toiletteur.\n",
    )
    page.click("#save")
    expect(page.locator("#status")).to_have_text("Prête à publier.")
    expect(page.locator("#preview")).to_contain_text("id: rivemont-toiletteur-canin")
    page.click("#publish")
    expect(page.locator("#status")).to_contain_text("Publiée", timeout=600_000)
    assert (gap_desk.kb_dir / "centres/rivemont/resources/fr/rivemont-toiletteur-canin.md").is_file()
    expect(page.locator("#groups li", has_text="toiletteur pour chiens")).to_contain_text("ressource publiée")
    assert serious_violations(page) == []
    assert errors == []

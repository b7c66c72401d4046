"""The counsellors' desk as counsellors use it, in Debian's Chromium: every word in their language (no raw
id on a French screen), ages and waits, alerts on a new ticket or message, keyboard shortcuts, the area
filter kept, the call screen readable across a room, and axe-core on every staff page.

The desk runs alone (no Rasa: tickets come through its service API, as the action server sends them), on
SQLite, with the clock of tests/desk/server.py (a Wednesday, the centre open). Every test waits on what
the page shows; nothing is read from a script the CSP would block.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from common.topics import load_taxonomy
from desk import labels
from desk.models import CHANNELS, MODES, OUTCOMES, ROLES, STATUSES
from tests.browser.conftest import PageProblems, screenshot
from tests.browser.test_accessibility import serious_violations
from tests.desk.server import PASSWORD, DeskServer, add_counsellor, bearer, running_desk

pytestmark = pytest.mark.browser

FRENCH = labels.labels_for("fr")
MIN_DISPLAY_CODE_PX = 120  # a code read from about ten metres away


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    """The real desk on a fresh SQLite database, with an admin (who serves every area)."""
    folder = tmp_path_factory.mktemp("desk-ux")
    url = f"sqlite:///{folder / 'desk.sqlite3'}"
    add_counsellor(url, "alex", "--role", "admin")
    # Many sign-ins from one address in a few seconds: the test's, not an attack.
    limits = {"CDM_DESK_RATE_SIGN_IN": "200/minute", "CDM_DESK_RATE_TICKETS_CLIENT": "1000/hour"}
    with running_desk(url, folder / "desk.log", limits) as server:
        yield server


@pytest.fixture
def open_desk(browser: Browser, desk: DeskServer) -> Iterator[Callable[..., Page]]:
    """Open a desk page in a fresh browser context; the test fails on any console error (a CSP violation
    included) or script error."""
    problems = PageProblems()
    with ExitStack() as contexts:

        def opener(path: str = "/desk", width: int = 1440, height: int = 900, sign_in: bool = True, **options) -> Page:
            options.setdefault("locale", "fr-FR")  # a French counsellor's browser (Accept-Language)
            context = browser.new_context(viewport={"width": width, "height": height}, **options)
            contexts.callback(context.close)
            page = context.new_page()
            problems.watch(page)
            page.goto(f"{desk.url}{path}")
            if sign_in:
                page.fill("input[name=username]", "alex")
                page.fill("input[name=password]", PASSWORD)
                page.locator("main.signin form[action='/desk/sign-in'] button").click()
                expect(page.locator("#live-state")).to_have_text(FRENCH["desk.live_on"])
            return page

        yield opener
    assert problems.messages == [], problems.messages


def new_ticket(desk: DeskServer, **fields: object) -> dict:
    response = desk.create_ticket(conversation_id=f"conv-{uuid.uuid4().hex[:12]}", **fields)
    assert response.status_code in (200, 201), response.text
    return response.json()


def act(server: DeskServer, code: str, action: str, body: dict | None = None) -> dict:
    """What the admin does from the dashboard, through the same API."""
    response = server.counsellor("alex").post(
        f"{server.url}/desk/api/tickets/{code}/{action}", json=body or {}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()


def close_all(desk: DeskServer) -> None:
    """Each test starts from an empty queue."""
    for ticket in desk.counsellor("alex").get(f"{desk.url}/api/tickets", timeout=30).json()["tickets"]:
        act(desk, ticket["code"], "close", {"outcome": "other"})


def first_topic(area: str) -> str:
    return next(topic.id for topic in load_taxonomy().topics.values() if topic.area == area)


def entry(page: Page, code: str):
    return page.locator(f"#queue li[data-code='{code}']")


def raw_ids() -> list[str]:
    """Every vocabulary id a staff page could show raw, except the ones that are also words of the French
    labels themselves ("orientation", "web" in "Site web")."""
    taxonomy = load_taxonomy()
    ids = {*STATUSES, *MODES, *CHANNELS, *OUTCOMES, *ROLES, *taxonomy.areas, *taxonomy.topics}
    french_words = set(re.findall(r"\w+", " ".join(FRENCH.values())))
    return sorted(item for item in ids if item not in french_words)


def visible_text(page: Page) -> str:
    """What the counsellor can read: the page's text, its options, its title."""
    return "\n".join([page.locator("body").inner_text(), *page.locator("option").all_inner_texts(), page.title()])


def test_french_desk_shows_no_raw_id(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    taxonomy = load_taxonomy()
    made = []
    for number, area in enumerate(taxonomy.areas):
        made.append(
            new_ticket(
                desk,
                area=area,
                topic=first_topic(area),
                mode=MODES[number % 2],
                channel=CHANNELS[number % 2],
                language=("fr", "en")[number % 2],
                urgent=number == 3,
                summary=f"Besoin numéro {number}.",
            )
        )
    act(desk, made[0]["code"], "claim")
    act(desk, made[2]["code"], "call", {"desk": "2"})
    page = open_desk()
    expect(page.locator("#queue li.entry")).to_have_count(len(made))
    for ticket in made:
        entry(page, ticket["code"]).locator("button").click()
        expect(page.locator("#t-code")).to_have_text(ticket["code"])
        expect(page.locator("#t-meta")).to_contain_text(FRENCH[f"area.{ticket['area']}"])
        text = visible_text(page)
        found = [item for item in raw_ids() if re.search(rf"\b{re.escape(item)}\b", text)]
        assert found == [], f"raw ids on the French desk: {found}"
        assert not re.search(r"\b(undefined|null|NaN)\b", text), text

    text = visible_text(page)
    for word in ("Trouver un emploi", "Sur place", "Chat en direct", "En attente", "Appelé", "En cours", "Borne"):
        assert word in text, word
    assert re.search(r"arrivé\sil\sy\sa\s\d+\s(s|min)", text), text  # the age, relative to the desk's clock
    assert "Urgent" in entry(page, made[3]["code"]).inner_text()
    # Urgent first, then the oldest.
    order = page.locator("#queue li.entry").evaluate_all("items => items.map((item) => item.dataset.code)")
    assert order == [made[3]["code"]] + [t["code"] for t in made if t is not made[3]]

    assert screenshot(page, "desk-dashboard-fr").stat().st_size > 10_000

    page.select_option("#outcome", "no_show")
    page.click("#close")
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.closed"])
    assert "no_show" not in visible_text(page)
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    assert not [item for item in raw_ids() if re.search(rf"\b{re.escape(item)}\b", visible_text(page))]


def test_the_counsellor_chooses_english(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    ticket = new_ticket(desk, area="job_search", topic="cv_cover_letter", mode="live_chat")
    page = open_desk()
    page.locator(".bar form.language select").select_option("en")
    page.locator(".bar form.language button").click()
    english = labels.labels_for("en")
    expect(page.locator(".bar h1")).to_have_text(english["desk.title"])
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(entry(page, ticket["code"])).to_contain_text("Live chat")
    expect(entry(page, ticket["code"])).to_contain_text(english["area.job_search"])
    page.reload()  # the choice is kept
    expect(page.locator("#area-filter option").first).to_have_text(english["desk.filter_all"])


@pytest.mark.parametrize(("lang", "locale"), [("es", "es-ES"), ("it", "it-IT"), ("pt", "pt-PT")])
def test_a_browser_in_another_language_gets_the_desk_in_it(
    open_desk: Callable[..., Page], desk: DeskServer, lang: str, locale: str
) -> None:
    """Before any choice, the desk speaks the browser's language (Accept-Language) from the sign-in page on,
    every vocabulary word in it and no raw id; the call screen speaks the languages its address names."""
    close_all(desk)
    ticket = new_ticket(desk, area="job_search", topic="cv_cover_letter", mode="live_chat", channel="kiosk")
    words = labels.labels_for(lang)
    page = open_desk(sign_in=False, locale=locale)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main.signin h1")).to_have_text(words["signin.heading"])
    page.fill("input[name=username]", "alex")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main.signin form[action='/desk/sign-in'] button").click()
    expect(page.locator("#live-state")).to_have_text(words["desk.live_on"])
    expect(page.locator(".bar h1")).to_have_text(words["desk.title"])
    row = entry(page, ticket["code"])
    for key in ("mode.live_chat", "area.job_search", "status.waiting"):
        expect(row).to_contain_text(words[key])
    text = page.locator("body").inner_text()
    assert not [item for item in raw_ids() if re.search(rf"\b{re.escape(item)}\b", text)], text
    screen = open_desk(f"/display?lang={lang},en", sign_in=False)
    expect(screen.locator("h1")).to_contain_text(f"{words['display.heading']} · Called codes")


def test_keyboard_shortcuts(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    first = new_ticket(desk, area="training", topic="vae")
    second = new_ticket(desk, area="training", topic="vae", mode="live_chat")
    page = open_desk()
    expect(page.locator("#queue li.entry")).to_have_count(2)

    page.keyboard.press("j")
    expect(entry(page, first["code"])).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("j")
    expect(entry(page, second["code"])).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("k")
    expect(entry(page, first["code"]).locator("button")).to_have_attribute("aria-current", "true")

    page.keyboard.press("c")  # claims the selected ticket, opened first
    expect(page.locator("#t-code")).to_have_text(first["code"])
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.in_progress"])

    # Typing in a text field never fires a shortcut: "x" here is a letter, not "close".
    page.click("#desk-number")
    page.keyboard.press("Control+a")
    page.keyboard.type("x4")
    expect(page.locator("#desk-number")).to_have_value("x4")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("4")
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.in_progress"])
    page.keyboard.press("Tab")  # out of the field, onto the call button
    page.keyboard.press("a")
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.called"])
    called = requests.get(f"{desk.url}/display/called", timeout=10).json()["called"]
    assert called[0] == {"code": first["code"], "desk": "4", "area": "training"}
    page.keyboard.press("x")
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.closed"])
    expect(entry(page, first["code"])).to_have_count(0)

    page.keyboard.press("j")
    page.keyboard.press("c")
    expect(page.locator("#t-code")).to_have_text(second["code"])
    expect(page.locator("#t-status")).to_have_text(FRENCH["status.in_progress"])
    page.keyboard.press("r")
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.type("Bonjour, je regarde votre question.\nUn instant.")  # Enter alone makes a new line
    page.keyboard.press("Control+Enter")
    expect(page.locator("#t-messages li.counsellor").last).to_contain_text("Un instant.")
    expect(page.locator("#reply-text")).to_have_value("")

    page.keyboard.press("Escape")  # leaves the text box
    page.keyboard.press("?")
    expect(page.locator("#help")).to_be_visible()
    expect(page.locator("#help")).to_contain_text(FRENCH["desk.key_claim"])
    page.keyboard.press("Escape")
    expect(page.locator("#help")).to_be_hidden()


def test_alerts_on_a_new_ticket_and_a_new_message(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    chat = new_ticket(desk, area="international", topic="work_abroad", mode="live_chat")
    page = open_desk()
    page.check("#sound")  # the beep itself is not heard here; switching it on must not fail
    expect(entry(page, chat["code"])).to_have_count(1)
    base_title = page.title()
    assert not base_title.startswith("(")

    arrived = new_ticket(desk, area="business_creation", topic="business_start", urgent=True)
    expect(entry(page, arrived["code"])).to_have_class(re.compile(r"\bfresh\b"))
    expect(page.locator("#announce")).to_have_text(
        labels.translate("fr", "desk.new_ticket", code=arrived["code"], area=FRENCH["area.business_creation"])
    )
    expect(page).to_have_title(f"(1) {base_title}")

    said = requests.post(
        f"{desk.url}/api/live/{chat['code']}/messages", json={"text": "Vous êtes là ?"}, headers=bearer(chat["token"])
    )
    assert said.status_code == 201, said.text
    expect(entry(page, chat["code"])).to_contain_text(FRENCH["desk.unread"])
    expect(page.locator("#announce")).to_have_text(labels.translate("fr", "desk.new_message", code=chat["code"]))
    expect(page).to_have_title(f"(2) {base_title}")

    entry(page, arrived["code"]).locator("button").click()  # opening a ticket is reading it
    expect(page).to_have_title(f"(1) {base_title}")
    entry(page, chat["code"]).locator("button").click()
    expect(page).to_have_title(base_title)
    expect(page.locator("#t-messages li.visitor").last).to_contain_text("Vous êtes là ?")


def test_area_filter_is_kept(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    kept = new_ticket(desk, area="career_change", topic="retraining")
    hidden = new_ticket(desk, area="orientation", topic="studies_choice")
    page = open_desk()
    expect(page.locator("#queue li.entry")).to_have_count(2)
    page.select_option("#area-filter", "career_change")
    expect(entry(page, hidden["code"])).to_have_count(0)
    page.reload()
    expect(page.locator("#area-filter")).to_have_value("career_change")
    expect(entry(page, kept["code"])).to_have_count(1)
    expect(entry(page, hidden["code"])).to_have_count(0)


def test_display_is_readable_across_the_room(open_desk: Callable[..., Page], desk: DeskServer) -> None:
    close_all(desk)
    area_ids = list(load_taxonomy().areas)
    calls = []
    for number in range(6):
        ticket = new_ticket(desk, area=area_ids[number], topic=first_topic(area_ids[number]))
        act(desk, ticket["code"], "call", {"desk": str(number + 1)})
        calls.append(ticket["code"])
    page = open_desk("/display", 1920, 1080, sign_in=False, reduced_motion="reduce")  # a still screenshot
    expect(page.locator("#latest .code")).to_have_text(calls[-1])
    expect(page.locator("#called li")).to_have_count(4)  # the latest and the four before it
    expect(page.locator("#latest")).to_contain_text("Bureau · Desk 6")
    expect(page.locator("#latest")).to_contain_text(FRENCH[f"area.{area_ids[5]}"])

    sizes = page.locator(".code").evaluate_all("codes => codes.map((c) => parseFloat(getComputedStyle(c).fontSize))")
    assert len(sizes) == 5 and min(sizes) >= MIN_DISPLAY_CODE_PX, sizes
    fits = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, Math.max("
        "...[...document.querySelectorAll('#called li, #latest .call')].map((e) => e.getBoundingClientRect().bottom))]"
    )
    assert screenshot(page, "desk-display-1920x1080").stat().st_size > 10_000
    assert fits[0] <= 1920 and fits[1] <= 1080 and fits[2] <= 1080, fits  # everything on screen, no scrolling

    ticket = new_ticket(desk, area="training", topic="vae")  # a new call replaces the latest live
    act(desk, ticket["code"], "call", {"desk": "7"})
    expect(page.locator("#latest .code")).to_have_text(ticket["code"])
    expect(page.locator("#called li").first).to_contain_text(calls[-1])


@pytest.mark.parametrize("view", ["sign-in", "dashboard", "ticket", "help", "display"])
def test_axe_on_every_staff_page(open_desk: Callable[..., Page], desk: DeskServer, view: str) -> None:
    if view == "sign-in":
        page = open_desk("/desk", sign_in=False, bypass_csp=True)
    elif view == "display":
        close_all(desk)
        ticket = new_ticket(desk)
        act(desk, ticket["code"], "call", {"desk": "1"})
        page = open_desk("/display", 1920, 1080, sign_in=False, bypass_csp=True)
        page.locator("#latest .code").wait_for()
    else:
        close_all(desk)
        chat = new_ticket(desk, mode="live_chat", urgent=True)
        page = open_desk(bypass_csp=True)
        new_ticket(desk, area="job_search", topic="job_interview")  # a fresh, highlighted row
        expect(page.locator("#queue li.fresh")).to_have_count(1)
        if view in ("ticket", "help"):
            entry(page, chat["code"]).locator("button").click()
            expect(page.locator("#reply")).to_be_visible()
        if view == "help":
            page.keyboard.press("?")
            expect(page.locator("#help")).to_be_visible()
    assert serious_violations(page) == []


def test_language_form_is_closed(desk: DeskServer) -> None:
    """The chooser takes a known language, from the desk's own pages, and returns to a desk page only."""
    post = desk.url + "/desk/language"
    chosen = requests.post(post, data={"lang": "en", "next": "/display?centre=rivemont"}, allow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/display?centre=rivemont"
    assert chosen.cookies.get(labels.LANGUAGE_COOKIE) == "en"
    elsewhere = requests.post(post, data={"lang": "en", "next": "//evil.example/x"}, allow_redirects=False)
    assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/desk"
    assert requests.post(post, data={"lang": "de"}, allow_redirects=False).status_code == 400
    cross_site = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    assert requests.post(post, data={"lang": "en"}, headers=cross_site, allow_redirects=False).status_code == 403
    assert requests.post(post, data={"lang": "en" * 10}, allow_redirects=False).status_code == 422
    english = requests.get(desk.url + "/desk", cookies={labels.LANGUAGE_COOKIE: "en"})
    assert '<html lang="en">' in english.text and labels.translate("en", "signin.submit") in english.text

"""Anonymous figures: counted over HTTP by the real desk (SQLite and PostgreSQL), read back exactly in
the JSON, the page and the CSV, small cells shown as "< 5", closed lists and scoping enforced."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import create_engine, text

from common.figures import WAIT_BUCKETS, bucket
from desk.db import normalise_url
from desk.figures.report import SUPPRESSED, period, shown
from tests.desk.conftest import LOG_DIR
from tests.desk.server import SERVICE_TOKEN, SITE_ORIGIN, DeskServer, add_counsellor, running_desk

PARIS = ZoneInfo("Europe/Paris")
SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
# A known sequence: seven web conversations in French, three at the kiosk in English; what they asked,
# how they were answered, and the end-of-conversation answers of five of them.
SEQUENCE = (
    [[("channel", "web"), ("language", "fr"), ("intent", "ask_question"), ("topic", "cv_cover_letter")]] * 7
    + [[("channel", "kiosk"), ("language", "en"), ("intent", "ask_opening_hours")]] * 3
    + [[("answer", "answered")]] * 6
    + [[("answer", "refused")]] * 2
    + [[("helped", "yes")]] * 5
    + [[("distress", "counted")]]
)


def test_one_function_hides_small_cells() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 6, 120)] == [SUPPRESSED] * 3 + [5, 6, 120]


def test_periods_are_whole_local_days() -> None:
    today = dt.date(2026, 3, 10)
    last_month = period("last_month", today, PARIS)
    assert (last_month.first, last_month.last) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert last_month.start == dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC)
    assert period("this_year", today, PARIS).first == dt.date(2026, 1, 1)
    assert period("this_month", today, PARIS).first == dt.date(2026, 3, 1)


def test_waits_fall_in_coarse_buckets() -> None:
    minutes = (0, 4.9, 5, 29, 30, 400)
    assert [bucket(m, WAIT_BUCKETS) for m in minutes] == ["under5", "under5", "5to15", "15to30", "30to60", "over60"]


def _set(database_url: str, username: str, **columns: str) -> None:
    engine = create_engine(normalise_url(database_url))
    with engine.begin() as connection:
        for column, value in columns.items():
            connection.execute(
                text(f"UPDATE counsellors SET {column} = :v WHERE username = :u"), {"v": value, "u": username}
            )
    engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def figures_desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskServer]:
    """A desk of its own (the shared one counts other tests' tickets), with a counsellor of the demo
    centre, one of another centre and a member of the network's staff."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('figures') / 'desk.sqlite3'}"
    else:
        from tests.desk.conftest import new_postgres_database

        url = new_postgres_database(request.getfixturevalue("postgres"))
    for name in ("camille", "vera", "nora"):
        add_counsellor(url, name)
    _set(url, "vera", centre="valmeuse")
    _set(url, "nora", role="network")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with running_desk(url, LOG_DIR / f"desk-figures-{request.param}.log") as server:
        for events in SEQUENCE:
            body = {"centre": "rivemont", "events": [{"dimension": d, "value": v} for d, v in events]}
            response = requests.post(f"{server.url}/api/figures", json=body, headers=SERVICE, timeout=30)
            assert response.status_code == 204, response.text
        for _ in range(5):  # five handoffs, taken and closed: areas, waits and handling times
            code = server.create_ticket(area="orientation").json()["code"]
            camille = server.counsellor("camille")
            assert camille.post(f"{server.url}/desk/api/tickets/{code}/claim", timeout=30).status_code == 200
            closed = camille.post(
                f"{server.url}/desk/api/tickets/{code}/close", json={"outcome": "answered"}, timeout=30
            )
            assert closed.status_code == 200, closed.text
        yield server


def test_counting_takes_only_closed_lists(figures_desk: DeskServer) -> None:
    url = f"{figures_desk.url}/api/figures"
    good = {"centre": "rivemont", "events": [{"dimension": "channel", "value": "web"}]}
    assert requests.post(url, json=good, timeout=30).status_code == 401
    for bad in (
        {"centre": "rivemont", "events": [{"dimension": "intent", "value": "je m'appelle Marie"}]},
        {"centre": "rivemont", "events": [{"dimension": "sender", "value": "abc"}]},
        {"centre": "atlantis", "events": [{"dimension": "channel", "value": "web"}]},
        {"centre": "rivemont", "events": []},
        {"centre": "rivemont", "events": [{"dimension": "channel", "value": "web"}] * 33},
    ):
        response = requests.post(url, json=bad, headers=SERVICE, timeout=30)
        assert response.status_code == 422, (bad, response.text)


def test_known_sequence_gives_exact_counts_and_hides_small_cells(figures_desk: DeskServer) -> None:
    camille = figures_desk.counsellor("camille")
    body = camille.get(f"{figures_desk.url}/desk/figures.json", timeout=30).json()
    sections = body["sections"]
    assert body["centres"] == ["rivemont"] and body["period"]["from"] == "2026-11-01"
    assert body["conversations"] == 10
    assert sections["channel"] == {"web": 7, "kiosk": SUPPRESSED}
    assert sections["language"] == {"fr": 7, "en": SUPPRESSED, "es": SUPPRESSED, "it": SUPPRESSED, "pt": SUPPRESSED}
    assert sections["intent"] == {"ask_question": 7, "ask_opening_hours": SUPPRESSED}
    assert sections["activity"]["documentation"] == 7 and sections["activity"]["information"] == SUPPRESSED
    assert sections["topic"] == {"cv_cover_letter": 7}
    assert sections["answer"] == {"answered": 6, "may_help": SUPPRESSED, "refused": SUPPRESSED}
    assert sections["helped"]["yes"] == 5 and sections["distress"] == {"counted": SUPPRESSED}
    # The desk's fixed clock: Wednesday 25 November 2026, 11:00 in Paris.
    assert sections["hour_of_day"]["11"] == 10 and sections["weekday"]["2"] == 10
    assert sections["hour_of_day"]["10"] == SUPPRESSED
    assert sections["handoff_area"]["orientation"] == 5 and sections["handoff_area"]["training"] == SUPPRESSED
    assert sections["handoff_wait"]["under5"] == 5 and sections["handoff_handling"]["under10"] == 5
    every_value = [value for section in sections.values() for value in section.values()]
    assert all(value == SUPPRESSED or value >= 5 for value in every_value)

    page = camille.get(f"{figures_desk.url}/desk/figures", timeout=30)
    assert page.status_code == 200 and 'data-figure="conversations">10<' in page.text
    assert '<th scope="row">Site web</th><td>7</td>' in page.text
    assert '<th scope="row">Borne</th><td>&lt; 5</td>' in page.text
    english = camille.get(f"{figures_desk.url}/desk/figures?lang=en", timeout=30).text
    assert '<th scope="row">Kiosk</th><td>&lt; 5</td>' in english

    report = camille.get(f"{figures_desk.url}/desk/figures.csv?lang=en", timeout=30)
    assert report.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(report.text)))
    cell = {(row["section"], row["item"]): row["count"] for row in rows}
    assert cell[("Conversations by channel", "Website")] == "7"
    assert cell[("Conversations by channel", "Kiosk")] == SUPPRESSED
    assert cell[("Handoffs by area", "Choosing a path")] == "5"
    assert cell[('Satisfaction: "did this help you?"', "Yes")] == "5"
    assert {row["category"] for row in rows} >= {"Conversations by channel", "Workshops and events", "Satisfaction"}
    assert all(row["count"] == SUPPRESSED or int(row["count"]) >= 5 for row in rows)


def test_periods_and_bad_periods(figures_desk: DeskServer) -> None:
    camille = figures_desk.counsellor("camille")
    last = camille.get(f"{figures_desk.url}/desk/figures.json?period=last_month", timeout=30).json()
    assert last["conversations"] == SUPPRESSED and last["period"] == {
        "kind": "last_month",
        "from": "2026-10-01",
        "to": "2026-10-31",
    }
    custom = camille.get(
        f"{figures_desk.url}/desk/figures.json?period=custom&from=2026-11-25&to=2026-11-25", timeout=30
    ).json()
    assert custom["conversations"] == 10
    for query in ("period=custom&from=2026-11-26&to=2026-11-25", "period=custom", "period=ever", "from=yesterday"):
        assert camille.get(f"{figures_desk.url}/desk/figures.json?{query}", timeout=30).status_code == 422, query


def test_scoping(figures_desk: DeskServer) -> None:
    base = figures_desk.url
    assert requests.get(f"{base}/desk/figures.json", timeout=30).status_code == 401
    vera = figures_desk.counsellor("vera")  # a counsellor of another centre
    for path in (
        "/desk/figures?centre=rivemont",
        "/desk/figures.json?centre=rivemont",
        "/desk/figures.csv?centre=rivemont",
    ):
        assert vera.get(base + path, timeout=30).status_code == 403, path
    camille = figures_desk.counsellor("camille")
    for path in (
        "/desk/network",
        "/desk/figures.json?network=true",
        "/desk/figures.csv?network=true",
        "/desk/figures?centre=valmeuse",
    ):
        assert camille.get(base + path, timeout=30).status_code == 403, path
    nora = figures_desk.counsellor("nora")  # network staff: every centre
    network = nora.get(f"{base}/desk/figures.json?network=true", timeout=30).json()
    assert network["conversations"] == 10 and network["per_centre"]["rivemont"]["conversations"] == 10
    page = nora.get(f"{base}/desk/network", timeout=30)
    assert page.status_code == 200 and 'id="per-centre"' in page.text
    rows = list(csv.DictReader(io.StringIO(nora.get(f"{base}/desk/figures.csv?network=true", timeout=30).text)))
    assert {row["centre"] for row in rows} >= {"all", "rivemont"}


def test_ics_downloads_are_counted_anonymously(figures_desk: DeskServer) -> None:
    url = f"{figures_desk.url}/api/figures/ics"
    before = figures_desk.counsellor("camille").get(f"{figures_desk.url}/desk/figures.json", timeout=30).json()
    assert before["sections"]["workshop"]["ics"] == SUPPRESSED
    for _ in range(5):
        assert (
            requests.post(url, params={"centre": "rivemont"}, headers={"Origin": SITE_ORIGIN}, timeout=30).status_code
            == 204
        )
    after = figures_desk.counsellor("camille").get(f"{figures_desk.url}/desk/figures.json", timeout=30).json()
    assert after["sections"]["workshop"]["ics"] == 5
    assert (
        requests.post(
            url, params={"centre": "rivemont"}, headers={"Origin": "https://evil.example"}, timeout=30
        ).status_code
        == 403
    )
    assert requests.post(url, params={"centre": "atlantis"}, timeout=30).status_code == 422
    assert requests.post(url, params={"centre": "x" * 33}, timeout=30).status_code == 422
    assert requests.post(url, timeout=30).status_code == 204  # no centre named: the deployment's default
    # Rate-limited per client address (CDM_DESK_RATE_ICS, 30 an hour by default).
    statuses = [requests.post(url, timeout=30).status_code for _ in range(30)]
    assert statuses[-1] == 429 and set(statuses) == {204, 429}


def test_the_store_keeps_hours_not_moments(figures_desk: DeskServer) -> None:
    engine = create_engine(normalise_url(figures_desk.database_url))
    with engine.connect() as connection:
        columns = [row[0] for row in connection.execute(text("SELECT * FROM figure_counts LIMIT 0")).cursor.description]
        hours = [row[0] for row in connection.execute(text("SELECT hour FROM figure_counts"))]
    engine.dispose()
    assert columns == ["id", "centre", "hour", "dimension", "value", "count"]
    assert hours and all(
        (hour if isinstance(hour, dt.datetime) else dt.datetime.fromisoformat(str(hour))).minute == 0
        and (hour if isinstance(hour, dt.datetime) else dt.datetime.fromisoformat(str(hour))).second == 0
        for hour in hours
    )

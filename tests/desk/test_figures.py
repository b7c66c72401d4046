"""Anonymous figures: counted over HTTP by the real desk (SQLite and PostgreSQL), read back exactly in
the JSON, the page and the CSV, small cells shown as "< 5", closed lists and scoping enforced."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import requests
from sqlalchemy import create_engine, text

from common.figures import WAIT_BUCKETS, bucket
from desk.db import Database, migrate, normalise_url
from desk.figures import store
from desk.figures.report import SUPPRESSED, period, shown
from tests.desk.conftest import SERVICE
from tests.desk.server import SITE_ORIGIN, DeskServer

PARIS = ZoneInfo("Europe/Paris")


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
    assert requests.post(url, params={"centre": "x" * 65}, timeout=30).status_code == 422
    # A centre the deployment does not serve, or none, counts for the default centre (a page's data-centre
    # is untrusted input): only known ids are ever stored.
    assert requests.post(url, params={"centre": "atlantis"}, timeout=30).status_code == 204
    assert requests.post(url, timeout=30).status_code == 204
    again = figures_desk.counsellor("camille").get(f"{figures_desk.url}/desk/figures.json", timeout=30).json()
    assert again["sections"]["workshop"]["ics"] == 7
    # Rate-limited per client address (CDM_DESK_RATE_ICS, 30 an hour by default).
    statuses = [requests.post(url, timeout=30).status_code for _ in range(25)]
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


def test_counters_are_kept_three_years_then_purged(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    migrate(database.engine)
    now = dt.datetime(2026, 11, 25, 10, 42, 17, tzinfo=dt.UTC)
    kept = dt.timedelta(days=1096)
    with database.transaction() as session:
        for moment in (now - kept - dt.timedelta(hours=1), now - kept + dt.timedelta(hours=1), now, now):
            store.count(session, "rivemont", [("channel", "web")], moment)
    with database.transaction() as session:
        assert store.purge(session, now - kept) == 1
        cells = store.hourly(session, None, "channel", now - 2 * kept, now + dt.timedelta(hours=1))
    assert sorted((cell.hour, cell.count) for cell in cells) == [
        (store.hour_of(now - kept + dt.timedelta(hours=1)), 1),
        (dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), 2),  # two events of one hour: one row, counted twice
    ]
    database.dispose()

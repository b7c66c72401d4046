"""The Belgian demo centre (Valmeuse) is complete and consistent: its site loads, every resource and
workshop series validates, and every session falls inside the centre's own opening hours."""

import datetime as dt
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from common.opening_hours import day_hours
from common.site import load_site
from common.topics import load_taxonomy
from indexer.records import Resource, WorkshopSeries
from indexer.sources import ics, markdown

KB = Path(__file__).resolve().parents[2] / "knowledge_base"
VALMEUSE = KB / "centres" / "valmeuse"


def _resources() -> list[tuple[Path, Resource]]:
    found = []
    for path in sorted((VALMEUSE / "resources").glob("*/*.md")):
        result = markdown.read(path.read_bytes(), str(path))
        assert not result.problems, result.problems
        found.extend((path, record) for record in result.records)
    return found


def _series() -> list[WorkshopSeries]:
    found = []
    for path in sorted((VALMEUSE / "calendar").glob("*.ics")):
        result = ics.read(path.read_bytes(), str(path))
        assert not result.problems, result.problems
        found.extend(result.records)
    return found


def test_site_is_belgian_with_its_own_emergency_numbers():
    site = load_site(VALMEUSE / "site.yml")
    assert str(site.timezone) == "Europe/Brussels"
    assert site.holidays_country == "BE"
    assert set(site.areas) == set(load_taxonomy().areas)
    assert {n.number for n in site.emergency_numbers} >= {"0800 32 123", "112"}
    assert 5 not in site.weekly_hours and 6 not in site.weekly_hours  # closed at the weekend
    # Belgian National Day closes the centre through the holidays calendar, not a listed exception.
    assert day_hours(site, dt.date(2027, 7, 21)).periods == ()


def test_at_least_forty_valid_resources_with_sources_and_own_ids():
    resources = _resources()
    assert len(resources) >= 40
    ids = [record.id for _, record in resources]
    assert len(set(ids)) == len(ids)
    for path, record in resources:
        assert record.id.startswith("vm-") and path.stem == record.id
        assert record.lang == path.parent.name
    # Every resource except the centre's own FAQs cites public sources for its facts.
    uncited = [record.id for _, record in resources if not record.sources and record.kind != "faq"]
    assert uncited == []
    assert {record.lang for _, record in resources} == {"fr", "en"}


def test_resource_ids_are_unique_across_the_whole_base():
    own = {record.id for _, record in _resources()}
    others = {
        record.id
        for path in KB.rglob("resources/*/*.md")
        if VALMEUSE not in path.parents
        for record in markdown.read(path.read_bytes(), str(path)).records
    }
    assert others and not own & others


def test_calendar_covers_every_area_with_recurring_series():
    series = _series()
    assert len(series) >= 12
    taxonomy = load_taxonomy()
    areas = {taxonomy.topics[topic].area for item in series for topic in item.topics}
    assert areas == set(taxonomy.areas)
    assert all("RRULE" in item.ics for item in series)
    assert any("EXDATE" in item.ics for item in series)


@pytest.mark.parametrize("year", [2026, 2027])
def test_every_session_falls_inside_the_opening_hours(year):
    site = load_site(VALMEUSE / "site.yml")
    start = dt.datetime(year, 1, 1, tzinfo=site.timezone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=site.timezone)
    for item in _series():
        sessions = recurring_ical_events.of(Calendar.from_ical(item.ics)).between(start, end)
        assert sessions, f"{item.uid} has no session in {year}"
        for session in sessions:
            begins = session.decoded("DTSTART").astimezone(site.timezone)
            ends = session.decoded("DTEND").astimezone(site.timezone)
            periods = day_hours(site, begins.date()).periods
            assert any(opens <= begins.time() and ends.time() <= closes for opens, closes in periods), (
                f"{item.uid} on {begins:%Y-%m-%d %H:%M} is outside the centre's hours"
            )

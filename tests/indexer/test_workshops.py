"""Workshop search: topic, free text, dates, EXDATE, and the iCalendar text of one session."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from indexer.workshops import WorkshopFinder

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 6, 4, 15, 30, tzinfo=PARIS)  # a Wednesday


@pytest.fixture(scope="module")
def finder(fixture_searcher):
    return WorkshopFinder(fixture_searcher)


def test_topic_and_day_in_french(finder):
    [session] = finder.find("atelier CV mardi 17 juin", NOW, k=5)
    assert session.title.startswith("Atelier CV") and session.start == "2025-06-17T10:00:00+02:00"
    assert session.location == "Salle 2" and session.topics == ["cv_cover_letter"]


def test_cancelled_session_is_not_offered(finder):
    assert finder.find("atelier CV mardi", NOW) == []  # Tuesday 10 June is an EXDATE
    assert finder.find("cv workshop next week", NOW) == []


def test_soonest_first_without_a_date(finder):
    sessions = finder.find("atelier cv", NOW, k=3)
    assert [s.start[:10] for s in sessions] == ["2025-06-17", "2025-06-24", "2025-07-01"]


def test_english_request_for_this_weekend(finder):
    [session] = finder.find("interview practice this weekend", NOW, k=5)
    assert session.title == "Job interview practice club" and session.start == "2025-06-07T14:00:00+02:00"


def test_generic_request_lists_all_series_in_the_period(finder):
    sessions = finder.find("quels ateliers la semaine prochaine ?", NOW, k=10)
    assert {s.series_uid for s in sessions} == {"interview-club-en@fixture"}  # the CV one is cancelled
    sessions = finder.find("what's on in June?", NOW, k=10)
    assert {s.series_uid for s in sessions} == {
        "interview-club-en@fixture",
        "atelier-cv-fr@fixture",
        "forum-creation@fixture",
    }


def test_business_request_by_synonym(finder):
    sessions = finder.find("I want to start my own business", NOW, k=2)
    assert sessions and all(s.series_uid == "forum-creation@fixture" for s in sessions)
    assert sessions[0].start == "2025-06-18T09:00:00+02:00"


def test_session_ics_is_a_valid_single_event(finder):
    [session] = finder.find("atelier CV", NOW, k=1)
    calendar = Calendar.from_ical(session.ics)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2025, 6, 17, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert str(event["SUMMARY"]).startswith("Atelier CV") and str(event["LOCATION"]) == "Salle 2"
    assert event.get("RRULE") is None


def test_sessions_expanded_once_per_series_and_days_and_the_same_as_expanding_each_time(fixture_searcher):
    import recurring_ical_events

    from indexer.records import Session

    finder = WorkshopFinder(fixture_searcher)
    windows = [
        (NOW, datetime(2025, 7, 4, 15, 30, tzinfo=PARIS)),  # from a moment to a moment
        (datetime(2025, 6, 17, tzinfo=PARIS), datetime(2025, 6, 18, tzinfo=PARIS)),  # one whole day
        (datetime(2025, 6, 17, 11, 0, tzinfo=PARIS), datetime(2025, 6, 24, 10, 0, tzinfo=PARIS)),  # edges inside
    ]
    for start, end in windows:
        expected: list[Session] = []
        for data, _vector in finder._series():
            for event in recurring_ical_events.of(finder._calendars[data["uid"]]).between(start, end):
                expected.append(finder._session(data, event))
        expected = sorted((s for s in expected if start <= s.start < end), key=lambda s: (s.start, s.title))
        assert expected, "each window holds some sessions of the fixture base"
        assert finder.sessions(start, end) == expected
        expanded = dict(finder._expanded)
        assert finder.sessions(start, end) == expected
        assert all(finder._expanded[key] is found for key, found in expanded.items())  # not expanded again
    # a later time on the same day reuses that day's expansion
    kept = len(finder._expanded)
    finder.sessions(NOW.replace(hour=18), datetime(2025, 7, 4, 16, 0, tzinfo=PARIS))
    assert len(finder._expanded) == kept

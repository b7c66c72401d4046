"""Each reader turns its format into the same Resource (or WorkshopSeries) record."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from indexer.records import Resource, SourceError, WorkshopSeries
from indexer.sources import reader_for

from .conftest import FIXTURE_KB


def read(rel: str):
    path = FIXTURE_KB / rel
    return reader_for(path.suffix)(path.read_bytes(), rel)


def test_markdown_front_matter_and_sections():
    [resource] = read("resources/en/cv-guide.md").records
    assert isinstance(resource, Resource)
    assert resource.id == "cv-guide-en" and resource.kind == "guide" and resource.lang == "en"
    assert resource.topics == ("cv_cover_letter",) and resource.audience == ("all", "newcomers")
    assert resource.where == "Shelf B2" and resource.updated == "2025-03-03"
    assert [section.heading for section in resource.sections] == ["Keep it short", "The cover letter"]
    assert resource.sources and "Service-public.fr" in resource.sources[0]


def test_catalogue_rows_are_books_on_shelves():
    result = read("catalogue/books.csv")
    assert [record.id for record in result.records] == ["book-creer-entreprise", "book-interview", "book-freelance"]
    book = result.records[0]
    assert book.kind == "book" and book.where == "Rayon E1" and book.audience == ("entrepreneurs", "jobseekers")
    assert book.line == 2 and "plan de financement" in book.sections[0].text


def test_catalogue_bad_row_is_reported_with_its_line_and_others_kept():
    data = (FIXTURE_KB / "catalogue/books.csv").read_bytes() + b'book-bad,Bad,Pub,2024,R1,no_such_topic,fr,all,"x"\n'
    result = reader_for(".csv")(data, "catalogue/books.csv")
    assert len(result.records) == 3
    [problem] = result.problems
    assert problem.line == 5 and "no_such_topic" in problem.reason


def test_html_meta_tags_and_text_without_scripts_or_navigation():
    [page] = read("pages/vae.html").records
    assert page.id == "page-vae" and page.kind == "website" and page.topics == ("vae", "training_funding")
    assert page.publisher == "Ministère du Travail"
    text = " ".join(section.text for section in page.sections)
    assert "Passer devant un jury" in text
    assert "tracking" not in text and "Accueil" not in text


def test_pdf_document_information_and_text():
    [leaflet] = read("pdf/aides-embauche.pdf").records
    assert leaflet.id == "pdf-aides-handicap" and leaflet.title.startswith("Handicap et emploi")
    assert leaflet.audience == ("people_with_disabilities", "employees")
    assert "RQTH" in leaflet.sections[0].text


def test_ics_series_with_centre_properties_and_exdate():
    series = {record.uid: record for record in read("calendar/ateliers.ics").records}
    assert set(series) == {"atelier-cv-fr@fixture", "interview-club-en@fixture", "forum-creation@fixture"}
    cv = series["atelier-cv-fr@fixture"]
    assert isinstance(cv, WorkshopSeries)
    assert cv.topics == ("cv_cover_letter",) and cv.lang == "fr" and cv.registration == "on_site"
    assert cv.format == "workshop" and cv.location == "Salle 2" and cv.line is not None
    paris = ZoneInfo("Europe/Paris")
    starts = [
        event.decoded("DTSTART")
        for event in recurring_ical_events.of(Calendar.from_ical(cv.ics)).between(
            datetime(2025, 6, 1, tzinfo=paris), datetime(2025, 6, 30, tzinfo=paris)
        )
    ]
    days = sorted(start.day for start in starts)
    assert days == [3, 17, 24]  # Tuesdays of June 2025, less the EXDATE of the 10th
    assert all(start.hour == 10 for start in starts)


@pytest.mark.parametrize(
    ("suffix", "data", "expected"),
    [
        (".md", b"", "empty file"),
        (".md", b"\x00\x01\x02binary", "binary"),
        (".md", b"---\nid: x\n\xff\xfe\n---\n", "not UTF-8"),
        (".md", b"no front matter here", "no YAML front matter"),
        (".html", b"<html><body><p>No metadata</p></body></html>", "no <meta"),
        (".pdf", b"hello", "not a PDF"),
        (".ics", b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "no VEVENT"),
        (".csv", b"a,b\n1,2\n", "header row lacks"),
    ],
)
def test_bad_input_gets_a_clear_error(suffix, data, expected):
    with pytest.raises(SourceError) as error:
        reader_for(suffix)(data, f"x{suffix}")
    assert expected in error.value.reason
    assert len(error.value.reason) < 300

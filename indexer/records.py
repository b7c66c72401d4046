"""The record types every reader returns, whatever the input format.

One `Resource` type for documentary resources (a Markdown sheet, a catalogue row, a saved web page and
a PDF leaflet all become the same thing), and `WorkshopSeries` for calendar entries, expanded into
`Session`s at query time. Keeping one type per concept is what lets a new format be one new reader.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from common.languages import CODES

KINDS = ("career_sheet", "guide", "procedure", "partner_service", "faq", "website", "video", "book")
AUDIENCES = (
    "all",
    "young_people",
    "students",
    "jobseekers",
    "employees",
    "seniors",
    "newcomers",
    "people_with_disabilities",
    "entrepreneurs",
)
LANGS = CODES  # a resource may be in any declared language (common/languages.py)
WORKSHOP_FORMATS = ("info_session", "workshop", "peer_group", "fair", "conference")
REGISTRATIONS = ("none", "on_site")


@dataclass(frozen=True)
class Section:
    """A stretch of a resource under one heading; chunking never crosses a section boundary."""

    heading: str
    text: str


@dataclass(frozen=True)
class Resource:
    """A documentary resource as the assistant cites it: metadata plus its text in sections."""

    id: str
    title: str
    kind: str
    topics: tuple[str, ...]
    lang: str
    audience: tuple[str, ...]
    where: str
    updated: str
    source: str  # path of the file it came from, relative to the knowledge base
    sections: tuple[Section, ...] = ()
    publisher: str | None = None
    sources: tuple[str, ...] = ()
    line: int | None = None  # first line in the source file (catalogue rows)

    def metadata(self) -> dict[str, Any]:
        """What the store keeps about the resource (its text is kept as chunks)."""
        data = asdict(self)
        data.pop("sections")
        return data


@dataclass(frozen=True)
class WorkshopSeries:
    """A workshop or event series from the calendar, kept with its own iCalendar text.

    The text is what recurrence expansion reads, so RRULE, EXDATE, RDATE and overrides behave exactly
    as a calendar program would show them.
    """

    uid: str
    title: str
    description: str
    topics: tuple[str, ...]
    lang: str
    audience: tuple[str, ...]
    location: str
    format: str
    registration: str
    source: str
    ics: str  # a VCALENDAR holding this series' VEVENT(s) and the time zones they use
    line: int | None = None

    def metadata(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Session:
    """One dated occurrence of a workshop series."""

    id: str
    series_uid: str
    title: str
    description: str
    start: datetime
    end: datetime
    location: str
    topics: tuple[str, ...]
    lang: str
    audience: tuple[str, ...]
    format: str
    registration: str


Record = Resource | WorkshopSeries


@dataclass(frozen=True)
class Problem:
    """Why a file, or part of it, was not indexed: shown to the staff who maintain the base."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class SourceError(Exception):
    """A reader could not make sense of (part of) a file; carries the line when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass
class ReadResult:
    """What a reader got out of one file: records, plus problems for the parts it had to leave out."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

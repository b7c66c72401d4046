"""The workshop calendar (`calendar/*.ics`): each VEVENT is a series, with the centre's X-CDM-* properties.

A series keeps its own iCalendar text (with the time zones it uses and any RECURRENCE-ID overrides)
so that expansion later behaves exactly as a calendar program would.
"""

from __future__ import annotations

from icalendar import Calendar, Event

from indexer.records import REGISTRATIONS, WORKSHOP_FORMATS, Problem, ReadResult, SourceError, WorkshopSeries
from indexer.sources import decode_text
from indexer.validate import as_list, check_audience, check_lang, check_topics

SUFFIXES = (".ics", ".ical")


def read(data: bytes, source: str) -> ReadResult:
    text = decode_text(data)
    if not text.strip():
        raise SourceError("empty file")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise SourceError("not an iCalendar file: it must start with BEGIN:VCALENDAR", 1)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise SourceError(f"invalid iCalendar: {str(error).splitlines()[0] if str(error) else error}") from None
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise SourceError("invalid iCalendar: expected exactly one VCALENDAR")
    lines = text.split("\n")
    timezones = [component for component in calendar.walk("VTIMEZONE")]
    events = [component for component in calendar.walk("VEVENT")]
    if not events:
        raise SourceError("no VEVENT in the calendar")
    by_uid: dict[str, list[Event]] = {}
    for event in events:
        by_uid.setdefault(str(event.get("UID", "")), []).append(event)
    result = ReadResult()
    for uid, group in by_uid.items():
        line = _line_of(lines, uid)
        masters = [event for event in group if event.get("RECURRENCE-ID") is None]
        try:
            if not uid:
                raise SourceError("a VEVENT has no UID", _line_of(lines, None))
            if len(masters) != 1:
                raise SourceError(f"series {uid!r} has {len(masters)} master VEVENTs (expected 1)", line)
            result.records.append(_series(masters[0], group, timezones, source, line))
        except SourceError as error:
            result.problems.append(Problem(source, f"event skipped: {error.reason}", error.line or line))
    if not result.records and result.problems:
        first = result.problems[0]
        raise SourceError(first.reason.removeprefix("event skipped: "), first.line)
    return result


def _series(master: Event, group: list[Event], timezones: list, source: str, line: int | None) -> WorkshopSeries:
    uid = str(master["UID"])
    for required in ("SUMMARY", "DTSTART"):
        if master.get(required) is None:
            raise SourceError(f"series {uid!r} has no {required}", line)
    try:
        master.decoded("DTSTART")
        if master.get("DTEND") is not None:
            master.decoded("DTEND")
        if master.get("RRULE") is not None:
            master.get("RRULE").to_ical()
    except (ValueError, TypeError) as error:
        raise SourceError(f"series {uid!r}: bad date or rule: {error}", line) from None
    try:
        topics = check_topics(_categories(master))
        lang = check_lang(master.get("X-CDM-LANG"))
        audience = check_audience(as_list(str(master.get("X-CDM-AUDIENCE") or "all")))
    except ValueError as error:
        raise SourceError(f"series {uid!r}: {error}", line) from None
    fmt = str(master.get("X-CDM-FORMAT") or "workshop").strip()
    if fmt not in WORKSHOP_FORMATS:
        raise SourceError(f"series {uid!r}: X-CDM-FORMAT {fmt!r} is not one of {', '.join(WORKSHOP_FORMATS)}", line)
    registration = str(master.get("X-CDM-REGISTRATION") or "none").strip()
    if registration not in REGISTRATIONS:
        raise SourceError(f"series {uid!r}: X-CDM-REGISTRATION {registration!r} is not none or on_site", line)
    own = Calendar()
    own.add("PRODID", "-//Cite des metiers//cdm indexer//EN")
    own.add("VERSION", "2.0")
    for timezone in timezones:
        own.add_component(timezone)
    for event in group:
        own.add_component(event)
    return WorkshopSeries(
        uid=uid,
        title=str(master["SUMMARY"]).strip(),
        description=str(master.get("DESCRIPTION") or "").strip(),
        topics=topics,
        lang=lang,
        audience=audience,
        location=str(master.get("LOCATION") or "").strip(),
        format=fmt,
        registration=registration,
        source=source,
        ics=own.to_ical().decode("utf-8"),
        line=line,
    )


def _categories(event: Event) -> list[str]:
    value = event.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    topics: list[str] = []
    for item in values:
        cats = getattr(item, "cats", None)
        topics.extend(as_list(list(cats) if cats is not None else str(item)))
    return topics


def _line_of(lines: list[str], uid: str | None) -> int | None:
    """The line of the series' UID (or of the first VEVENT), so staff can find it in the file."""
    for number, line in enumerate(lines, start=1):
        if uid is None and line.strip().upper() == "BEGIN:VEVENT":
            return number
        if uid and line.strip().startswith("UID") and line.split(":", 1)[-1].strip() == uid:
            return number
    return None

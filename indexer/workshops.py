"""Upcoming workshop sessions: expand calendar series, match them to a request, and export one session.

A request mixes what and when: "atelier CV mardi", "interview practice next week". The period is
resolved by `dates.py` (default: from now over the configured horizon); the rest is matched against
each series' topics, words and embedding. Matching sessions are returned soonest first, since a
visitor picks the next one they can attend. Recurrence, EXDATE and RDATE are expanded by
recurring-ical-events from each series' own iCalendar text.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import recurring_ical_events
from icalendar import Calendar, Event

from common.centres import NETWORK, default_centre, owner_of
from common.dates import Period, resolve_period
from common.text import fold
from indexer.language import detect
from indexer.records import Session
from indexer.search import Searcher

# Words that ask for "a workshop" without saying which: they do not narrow the search.
# Series-and-days expansions kept (the oldest used dropped first): a few windows for each series.
EXPANDED_WINDOWS = 2048
GENERIC = {
    "atelier",
    "ateliers",
    "workshop",
    "workshops",
    "session",
    "sessions",
    "evenement",
    "evenements",
    "event",
    "events",
    "reunion",
    "rencontre",
    "rencontres",
    "animation",
    "agenda",
    "calendrier",
    "calendar",
    "programme",
    "prochain",
    "prochaine",
    "upcoming",
    "next",
    "quel",
    "quelle",
    "quels",
    "quelles",
    "what",
    "which",
    "there",
    "avez",
    "have",
    "organise",
    "organisez",
    "run",
    "info",
    "information",
    "informations",
    "cite",
    "metier",
    "centre",
    "center",
    "dispo",
    "disponible",
    "available",
    "ya",
    "il",
    "propose",
    "proposez",
    "any",
    "groupe",
    "group",
    "collectif",
    "semaine",
    "week",
    "mois",
    "month",
    "jour",
    "day",
    "date",
    "dates",
    "heure",
    "time",
    "horaire",
    "horaires",
    "participer",
    "attend",
    "join",
    "inscrire",
    "sign",
}


@dataclass
class WorkshopResult:
    id: str
    series_uid: str
    title: str
    start: str
    end: str
    topics: list[str]
    lang: str
    location: str
    audience: list[str]
    format: str
    registration: str
    description: str
    ics: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


class WorkshopFinder:
    """Finds sessions in the generation a `Searcher` holds (and follows it when it reloads)."""

    def __init__(self, searcher: Searcher, similarity_threshold: float = 0.5) -> None:
        self.searcher = searcher
        self.similarity_threshold = similarity_threshold
        self._cache_key: str | None = None
        self._calendars: dict[str, Calendar] = {}
        self._terms: dict[str, set[str]] = {}
        # Each series' sessions over whole days, expanded once: a request asks about "from now on", so
        # without this every turn about workshops would expand every series' recurrence rules again.
        self._expanded: OrderedDict[tuple[str, datetime, datetime], tuple[Session, ...]] = OrderedDict()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.searcher.settings.timezone)

    def _series(self, centre: str | None = None) -> list[tuple[dict, np.ndarray]]:
        """The series a centre's visitors may be shown: its own calendar's (and any the network holds)."""
        centre = centre or default_centre()
        return [item for item in self._all_series() if _owner(item[0]) in (centre, NETWORK)]

    def topic_series(self, topic: str, centre: str | None = None) -> set[str]:
        """The series of a centre tagged with `topic` (an answer's "next workshop on this")."""
        return {data["uid"] for data, _ in self._series(centre) if topic in data["topics"]}

    def _all_series(self) -> list[tuple[dict, np.ndarray]]:
        self.searcher.refresh()
        generation = self.searcher.generation
        if self._cache_key != generation.name:
            self._calendars = {data["uid"]: Calendar.from_ical(data["ics"]) for data, _ in generation.series}
            analyzer = self.searcher.analyzer
            self._terms = {
                data["uid"]: set(analyzer.analyse_query(f"{data['title']} {data['description']}"))
                for data, _ in generation.series
            }
            self._expanded.clear()
            self._cache_key = generation.name
        return generation.series

    def sessions(
        self, start: datetime, end: datetime, uids: set[str] | None = None, centre: str | None = None
    ) -> list[Session]:
        """All sessions of a centre starting in [start, end), for some series or all, soonest first."""
        sessions: list[Session] = []
        first_day, after_last_day = _whole_days(start, end, self.zone)
        for data, _vector in self._series(centre):
            if uids is not None and data["uid"] not in uids:
                continue
            sessions.extend(self._sessions_of(data, first_day, after_last_day))
        sessions = [session for session in sessions if start <= session.start < end]
        return sorted(sessions, key=lambda session: (session.start, session.title))

    def _sessions_of(self, data: dict, first_day: datetime, after_last_day: datetime) -> tuple[Session, ...]:
        """A series' sessions in these whole days (from the ones expanded already, if they are)."""
        key = (data["uid"], first_day, after_last_day)
        found = self._expanded.get(key)
        if found is None:
            events = recurring_ical_events.of(self._calendars[data["uid"]]).between(first_day, after_last_day)
            found = tuple(self._session(data, event) for event in events)
            self._expanded[key] = found
            while len(self._expanded) > EXPANDED_WINDOWS:
                self._expanded.popitem(last=False)
        self._expanded.move_to_end(key)
        return found

    def _session(self, data: dict, event: Event) -> Session:
        zone = self.zone
        begin = _aware(event.decoded("DTSTART"), zone)
        finish = _aware(event.decoded("DTEND"), zone) if event.get("DTEND") is not None else begin + timedelta(hours=2)
        return Session(
            id=f"{data['uid']}/{begin.astimezone(UTC):%Y%m%dT%H%MZ}",
            series_uid=data["uid"],
            title=str(event.get("SUMMARY") or data["title"]),
            description=str(event.get("DESCRIPTION") or data["description"]),
            start=begin,
            end=finish,
            location=str(event.get("LOCATION") or data["location"]),
            topics=tuple(data["topics"]),
            lang=data["lang"],
            audience=tuple(data["audience"]),
            format=data["format"],
            registration=data["registration"],
        )

    def relevant_series(self, text: str, centre: str | None = None) -> set[str] | None:
        """Series matching the request's content, or None when it names no content (all series fit).

        A series matches when it carries a topic the request names (through the synonym table), when
        it contains more than half of the request's own words, or when its embedding is close.
        """
        series = self._series(centre)
        searcher = self.searcher
        lang = detect(text, default="fr")
        terms = [term for term in dict.fromkeys(searcher.analyzer.analyse(text, lang)) if term not in GENERIC]
        expansion = searcher.expander.expand(text)
        if not terms and not expansion.topics:
            return None
        wanted_topics = set(expansion.topics)
        vector = searcher.embedder.embed_query(expansion.dense_text(text)) if terms else None
        matched: set[str] = set()
        for data, series_vector in series:
            own = self._terms[data["uid"]]
            by_topic = bool(wanted_topics & set(data["topics"]))
            by_words = bool(terms) and sum(term in own for term in terms) / len(terms) > 0.5
            by_meaning = vector is not None and float(np.dot(vector, series_vector)) >= self.similarity_threshold
            if by_topic or by_words or by_meaning:
                matched.add(data["uid"])
        return matched

    def find(
        self,
        query: str,
        now: datetime | None = None,
        k: int = 5,
        lang: str | None = None,
        audience: str | None = None,
        centre: str | None = None,
    ) -> list[WorkshopResult]:
        """Sessions matching both the request's content and its period, soonest first."""
        return self.search(query, now, k, lang=lang, audience=audience, centre=centre).results

    def search(
        self,
        query: str,
        now: datetime | None = None,
        k: int = 5,
        *,
        lang: str | None = None,
        audience: str | None = None,
        alternatives: bool = False,
        centre: str | None = None,
    ) -> WorkshopSearch:
        """Matching sessions; with `alternatives`, the nearest ones when nothing matches exactly.

        A visitor who asks for "a CV workshop next week" when there is none would rather hear about
        the next CV workshop after that, or about what else happens next week, than about nothing.
        Only `centre`'s calendar is searched (the default centre's when None).
        """
        zone = self.zone
        now = (now or datetime.now(zone)).astimezone(zone)
        period = resolve_period(query, now, self.searcher.settings.timezone)
        horizon = now + timedelta(days=self.searcher.settings.workshop_horizon_days)
        start, end = (max(period.start, now), period.end) if period else (now, horizon)
        uids = self.relevant_series(_without(query, period), centre)
        found = WorkshopSearch(period=period, content_matched=uids is None or bool(uids))

        def collect(first: datetime, last: datetime, series: set[str] | None) -> list[WorkshopResult]:
            results = []
            for session in self.sessions(first, last, series, centre):
                if lang and session.lang != lang:
                    continue
                if audience and audience not in session.audience and "all" not in session.audience:
                    continue
                results.append(session_result(session))
                if len(results) >= k:
                    break
            return results

        found.results = collect(start, end, uids) if uids is None or uids else []
        if found.results or not alternatives:
            return found
        if uids and period is not None:  # the right workshop, at another time
            found.results, found.relaxed = collect(end, horizon, uids), "later"
        if not found.results and period is not None:  # something else, at the asked time
            found.results, found.relaxed = collect(start, end, None), "other_topics"
        if not found.results:  # whatever comes next
            found.results, found.relaxed = collect(now, horizon, None), "anything_next"
        return found


@dataclass
class WorkshopSearch:
    """The sessions found for a request, and how far the request had to be relaxed to find them."""

    period: Period | None
    content_matched: bool  # some series matches what the request is about
    results: list[WorkshopResult] = field(default_factory=list)
    relaxed: str | None = None  # None (exact), "later", "other_topics" or "anything_next"


def _owner(data: dict) -> str:
    """A series' centre (a generation built before centres existed: from its file's path)."""
    return data.get("centre") or owner_of(data["source"])


def _without(query: str, period: Period | None) -> str:
    """The request minus its date words, so "semaine" or "March" do not count as a topic."""
    if period is None or not period.expression:
        return query
    folded = fold(query)
    position = folded.find(period.expression)
    if position < 0:
        return query
    return (query[:position] + " " + query[position + len(period.expression) :]).strip()


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):  # an all-day event: a date
        value = datetime(value.year, value.month, value.day)
    return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)


def session_ics(session: Session) -> str:
    """The iCalendar text of one session, for "add to my calendar" (times in UTC: valid everywhere)."""
    calendar = Calendar()
    calendar.add("PRODID", "-//Cite des metiers//cdm assistant//FR")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "PUBLISH")
    event = Event()
    event.add("UID", f"{session.id}@cdm")
    event.add("DTSTAMP", datetime.now(UTC).replace(microsecond=0))
    event.add("DTSTART", session.start.astimezone(UTC))
    event.add("DTEND", session.end.astimezone(UTC))
    event.add("SUMMARY", session.title)
    if session.description:
        event.add("DESCRIPTION", session.description)
    if session.location:
        event.add("LOCATION", session.location)
    event.add("CATEGORIES", list(session.topics))
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _whole_days(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The midnights around [start, end) in the centre's time zone."""
    first = start.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    last = end.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    return first, (last if last == end else last + timedelta(days=1))


def session_result(session: Session) -> WorkshopResult:
    return WorkshopResult(
        id=session.id,
        series_uid=session.series_uid,
        title=session.title,
        start=session.start.isoformat(),
        end=session.end.isoformat(),
        topics=list(session.topics),
        lang=session.lang,
        location=session.location,
        audience=list(session.audience),
        format=session.format,
        registration=session.registration,
        description=session.description,
        ics=session_ics(session),
    )

"""Workshop search in the conversation: the next matching sessions, each one addable to a calendar.

What and when come from the visitor's words ("un atelier CV mardi", "job fairs next month"); a quick
reply may instead carry a topic id. Dates are written in the visitor's language and the centre's time
zone; every session carries the text of its own iCalendar file, so adding it needs no account. The
sessions are listed once, on the card, after a one-line lead-in (a text list before it said it twice).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import figures, settings
from actions.centre import centre_of
from actions.knowledge import knowledge
from actions.language import language_of
from actions.localize import clock, day_label, language_note
from actions.messages import render, say
from common.topics import load_taxonomy
from indexer.records import Session
from indexer.workshops import WorkshopResult, WorkshopSearch, session_result

MAX_SESSIONS = 3


def when_label(start: dt.datetime, end: dt.datetime, lang: str, centre: str | None = None) -> str:
    """'mardi 1 décembre, 14:00–16:00' in the centre's time zone."""
    zone = settings.site(centre).timezone
    start, end = start.astimezone(zone), end.astimezone(zone)
    return f"{day_label(start.date(), lang)}, {clock(start)}–{clock(end)}"


def start_label(start: dt.datetime, lang: str, centre: str | None = None) -> str:
    """'mardi 1 décembre, 14:00', for a button that names a session."""
    start = start.astimezone(settings.site(centre).timezone)
    return f"{day_label(start.date(), lang)}, {clock(start)}"


def _label(kind: str, value: str, lang: str) -> str:
    try:
        return render(f"{kind}_{value}", lang)[0]
    except KeyError:
        return value.replace("_", " ")


def session_item(result: WorkshopResult, lang: str, centre: str | None = None) -> dict[str, Any]:
    """One entry of the `workshops` payload (interfaces.md), with labels for the visitor's language."""
    start, end = dt.datetime.fromisoformat(result.start), dt.datetime.fromisoformat(result.end)
    item = {
        "id": result.id,
        "title": result.title,
        "start": result.start,
        "end": result.end,
        "when": when_label(start, end, lang, centre),
        "location": result.location,
        "topics": result.topics,
        "lang": result.lang,
        "audience": [_label("audience", value, lang) for value in result.audience],
        "format": _label("format", result.format, lang),
        "registration": _label("registration", result.registration, lang),
        "ics": result.ics,
    }
    note = language_note(result.lang, lang)
    if note:
        item["lang_note"] = note  # "en anglais": the card says so, as a resource's does
    return item


def workshop_query(message: dict[str, Any], lang: str) -> str:
    """The request's words; a quick reply carrying only a topic becomes that topic's name.

    `message` is a parsed user message (the latest, or an earlier one a language switch repeats)."""
    text = (message.get("text") or "").strip()
    if not text.startswith("/"):
        return text
    entities = (message.get("entities") or []) or ((message.get("parse_data") or {}).get("entities") or [])
    values = {entity.get("entity"): entity.get("value") for entity in reversed(entities)}
    words = []
    topic = values.get("topic")
    if isinstance(topic, str) and load_taxonomy().is_topic(topic):
        words.append(load_taxonomy().label(topic, lang))
    if values.get("time"):
        words.append(str(values["time"]))
    return " ".join(words)


def find_sessions(query: str, now: dt.datetime, centre: str) -> WorkshopSearch:
    """Sessions of the centre's own calendar only."""
    return knowledge().workshops.search(query, now, MAX_SESSIONS, alternatives=True, centre=centre)


def next_session_on(topic: str, now: dt.datetime, centre: str, days: int = 30) -> WorkshopResult | None:
    """The next session of a centre's series tagged with `topic` within `days`, for an answer's next step."""
    generation = knowledge().workshops.searcher.generation.name
    hour = now.replace(minute=0, second=0, microsecond=0)
    upcoming = [session for session in _sessions_on(generation, topic, hour, days, centre) if session.start >= now]
    return _result_of(upcoming[0]) if upcoming else None


# A session's result (with its iCalendar text) never changes: built once, not at every answer on its topic.
_result_of = lru_cache(maxsize=512)(session_result)


@lru_cache(maxsize=256)
def _sessions_on(generation: str, topic: str, hour: dt.datetime, days: int, centre: str) -> list[Session]:
    """A centre's sessions of a topic from an hour on (cached: every answer on the topic in that hour asks)."""
    finder = knowledge().workshops
    uids = finder.topic_series(topic, centre)
    if not uids:
        return []
    return finder.sessions(hour, hour + dt.timedelta(days=days, hours=1), uids, centre)


class ActionFindWorkshops(Action):
    def name(self) -> str:
        return "action_find_workshops"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        lang = language_of(tracker)
        query = workshop_query(tracker.latest_message or {}, lang)
        return await send_workshops(dispatcher, query, lang, tracker)


async def send_workshops(dispatcher: CollectingDispatcher, query: str, lang: str, tracker: Tracker) -> list:
    """The matching sessions of the conversation centre's calendar: a one-line lead-in, the card, the next
    step; the found topic as a slot."""
    centre = centre_of(tracker)
    found = await asyncio.to_thread(find_sessions, query, settings.now(centre), centre)
    items = [session_item(result, lang, centre) for result in found.results]
    if not items:
        say(dispatcher, "workshops_none", lang)
        return []
    intro = {
        None: "workshops_found",
        "later": "workshops_later",
        "other_topics": "workshops_other_topics",
        "anything_next": "workshops_anything_next",
    }[found.relaxed]
    say(dispatcher, intro, lang)  # a lead-in: the card lists the sessions, once
    dispatcher.utter_message(json_message={"type": "workshops", "items": items})
    figures.report_for(tracker, ("workshop", "shown"))
    say(dispatcher, "workshops_next_step", lang)
    topics = [topic for item in items for topic in item["topics"]]
    return [SlotSet("topic", topics[0])] if found.relaxed is None and topics else []

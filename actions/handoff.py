"""Handing a visitor to a counsellor: an anonymous code, where to go, how long to wait.

Three roads lead here: the visitor asks (`request_counsellor`), the two-stage fallback's last step
offers it, and distress offers it at once (that ticket is urgent). On a kiosk the visitor is already in
the building, so the ticket is for in person straight away; on the website, while a counsellor of the
conversation's area is online, the visitor may chat live instead. The counsellor receives a summary and
a transcript built only from redacted text, and the visitor is never asked who they are.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import settings
from actions.centre import centre_of
from actions.channel import channel_of
from actions.desk_client import DeskUnavailable, Ticket, TicketRequest, TicketStatus, desk
from actions.history import main_question
from actions.language import language_of
from actions.localize import clock, day_label
from actions.messages import render, say, text
from actions.practical import hours_reply
from actions.questions import topic_named, valid_topic
from actions.summary import need_summary, transcript, visitor_turns
from actions.ticket_code import find_code, normalize
from common import clients
from common.opening_hours import next_opening, open_status, seen_before_closing
from common.site import Site
from common.topics import load_taxonomy

_log = logging.getLogger(__name__)

MODES = ("in_person", "live_chat")
OPEN_STATUSES = ("waiting", "called", "in_progress")
# A distressed visitor with no other topic is routed to the area that handles well-being at work.
DISTRESS_TOPIC = "work_wellbeing"


def default_area() -> str:
    """The area of a request that names no topic: the centre's first-contact area (configurable)."""
    area = os.environ.get("CDM_HANDOFF_DEFAULT_AREA", "orientation")
    if area not in load_taxonomy().areas:
        raise ValueError(f"CDM_HANDOFF_DEFAULT_AREA={area!r} is not an area of common/topics.yml")
    return area


def client_key_of(tracker: Tracker) -> str | None:
    """The key the channel derived from the visitor's address (latest message), for the desk's limits."""
    key = ((tracker.latest_message or {}).get("metadata") or {}).get(clients.METADATA_FIELD)
    return key if isinstance(key, str) and key else None


def conversation_topic(tracker: Tracker) -> str | None:
    """The need a ticket is about: the topic the request itself names ("can I see someone about my CV?",
    by entity or through the synonym table), else the main question's (the last one the resource base
    answered: a later workshop search or small talk does not change the need), else the topic the
    conversation settled on (a workshop search, a browsed topic)."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    named = topic_named(tracker) if intent == "request_counsellor" else None
    return named or valid_topic(main_question(tracker).topic) or valid_topic(tracker.get_slot("topic"))


def route(topic: str | None, urgent: bool) -> tuple[str | None, str]:
    """(topic, area) of a ticket: the topic's area; a distressed visitor's default is well-being at work."""
    if topic is None and urgent:
        topic = DISTRESS_TOPIC
    taxonomy = load_taxonomy()
    if topic is not None and taxonomy.is_topic(topic):
        return topic, taxonomy.area_of(topic).id
    return None, default_area()


def requested_mode(tracker: Tracker) -> str | None:
    """The mode a visitor chose with a button (`/request_counsellor{"handoff_mode": ...}`), if any."""
    mode = next(tracker.get_latest_entity_values("handoff_mode"), None)
    return mode if mode in MODES else None


def where_of(site: Site, area: str, lang: str) -> str:
    return site.text(site.areas[area], lang) if area in site.areas else ""


def _parse(moment: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(moment) if moment else None
    except ValueError:
        return None


def when_label(moment: dt.datetime, now: dt.datetime, lang: str) -> str:
    """'aujourd'hui' / 'demain' / 'le lundi 28 décembre' (and English), relative to `now`."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return text("when_today", lang)
    if days == 1:
        return text("when_tomorrow", lang)
    return text("when_on_day", lang, day=day_label(moment.date(), lang))


def wait_phrase(minutes: int | None, lang: str) -> str:
    """The estimated wait in words: "about 25 min", and not "about 0 minutes" for an empty queue."""
    if minutes is None:
        return render("wait_unknown", lang)[0]
    if minutes < 1:
        return render("wait_none", lang)[0]
    return render("wait_minutes", lang, minutes=minutes)[0]


def ticket_message(ticket: Ticket, site: Site, now: dt.datetime, lang: str) -> tuple[str, dict[str, Any]]:
    """The catalogue message and values that tell the visitor where to go and when, given opening hours.

    Open with time to spare: go now. Open but closing before the visitor would be seen: say how long is
    left and when to come back with the same code. Closed: when to come with the code."""
    local = now.astimezone(site.timezone)
    label = load_taxonomy().label(ticket.area, lang) if ticket.area in load_taxonomy().areas else ticket.area
    values: dict[str, Any] = {
        "code": ticket.code,
        "area": label,
        "where": where_of(site, ticket.area, lang) or ticket.where,
        "wait": wait_phrase(ticket.wait_minutes, lang),
        "position": ticket.position,
    }
    if ticket.mode == "live_chat":
        return "handoff_live_chat", values
    closes_at = _parse(ticket.opening.closes_at)
    if ticket.opening.open_now and closes_at is not None:
        if seen_before_closing(closes_at, local, ticket.wait_minutes):
            return "handoff_in_person", values
        minutes_left = int((closes_at.astimezone(site.timezone) - local).total_seconds() // 60)
        reopens = next_opening(site, closes_at, lang)
        values |= {"minutes": max(minutes_left, 0), "closes": clock(closes_at.astimezone(site.timezone))}
        if reopens is None:
            return "handoff_closing_soon_no_reopening", values
        return "handoff_closing_soon", values | {"when": when_label(reopens, local, lang), "opens": clock(reopens)}
    reopens = _parse(ticket.opening.next_opening)
    if reopens is None:
        reopens = next_opening(site, local, lang)
    if reopens is None:
        return "handoff_closed_no_reopening", values
    reopens = reopens.astimezone(site.timezone)
    return "handoff_closed", values | {"when": when_label(reopens, local, lang), "opens": clock(reopens)}


def handoff_payload(ticket: Ticket) -> dict[str, Any]:
    """The `handoff` custom payload: what the widget shows, and the secret it keeps for a live chat."""
    return {
        "type": "handoff",
        "code": ticket.code,
        "area": ticket.area,
        "where": ticket.where,
        "wait_minutes": ticket.wait_minutes,
        "mode": ticket.mode,
        "token": ticket.token,
        "desk_url": desk().settings.public_url,
    }


def build_request(tracker: Tracker, *, area: str, topic: str | None, mode: str, urgent: bool) -> TicketRequest:
    lang = language_of(tracker)
    turns = visitor_turns(tracker)
    main = main_question(tracker)
    shown = tracker.get_slot("shown_resources") or []
    return TicketRequest(
        conversation_id=tracker.sender_id,
        area=area,
        topic=topic,
        language=lang,
        channel=channel_of(tracker),
        urgent=urgent,
        mode=mode,  # type: ignore[arg-type]
        summary=need_summary(
            turns, topic, main.text or tracker.get_slot("last_query"), lang, from_main_question=topic == main.topic
        ),
        transcript=transcript(tracker),
        resources=[str(item) for item in shown if isinstance(item, str)],
        centre=centre_of(tracker),
        client_key=client_key_of(tracker),
    )


def send_walk_in(dispatcher: CollectingDispatcher, site: Site, area: str, lang: str) -> None:
    """No code could be had: the visitor still learns where to go and when, and may try again."""
    key, values = hours_reply(site, settings.now().astimezone(site.timezone), lang, None)
    hours, _ = render(key, lang, **values)
    label = load_taxonomy().label(area, lang) if area in load_taxonomy().areas else area
    say(dispatcher, "handoff_unavailable", lang, area=label, where=where_of(site, area, lang), hours=hours)


def status_reply(status: TicketStatus, site: Site, now: dt.datetime, lang: str) -> tuple[str, dict[str, Any]]:
    """The catalogue message and values for a code's status. While the centre is closed, a waiting
    code is told when to come rather than a wait counted in hours of closure."""
    values: dict[str, Any] = {
        "code": status.code,
        "position": status.position if status.position is not None else "?",
        "wait": wait_phrase(status.wait_minutes, lang),
        "desk": status.desk or "",
    }
    if status.status == "called" and not status.desk:
        return "ticket_called_no_desk", values
    if status.status == "waiting":
        hours = open_status(site, now, lang)
        if not hours.open_now and hours.next_open is not None:
            local = now.astimezone(site.timezone)
            when = when_label(hours.next_open, local, lang)
            return "ticket_waiting_closed", values | {"when": when, "opens": clock(hours.next_open)}
    return f"ticket_{status.status}", values


class ActionRequestCounsellor(Action):
    """Create the ticket (or offer the live chat first) and tell the visitor where to go."""

    def name(self) -> str:
        return "action_request_counsellor"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        centre, lang = centre_of(tracker), language_of(tracker)
        site = settings.site(centre)
        urgent = bool(tracker.get_slot("handoff_urgent"))
        topic, area = route(await asyncio.to_thread(conversation_topic, tracker), urgent)
        client = desk()
        try:
            existing = tracker.get_slot("ticket_code")
            if existing:
                status = await asyncio.to_thread(client.status, existing)
                if status.status in OPEN_STATUSES:
                    say(dispatcher, "handoff_existing", lang, code=existing)
                    key, values = status_reply(status, site, settings.now(centre), lang)
                    say(dispatcher, key, lang, **values)
                    return []
            mode = requested_mode(tracker)
            live_possible = False
            if mode != "in_person" and channel_of(tracker) == "web" and not urgent:
                live_possible = (await asyncio.to_thread(client.availability, area, centre)).live_chat
            if mode is None and live_possible:
                say(dispatcher, "handoff_choose_mode", lang, area=load_taxonomy().label(area, lang))
                return []
            if mode == "live_chat" and not live_possible:
                # A button pressed after the counsellors went offline (or on a kiosk): in person instead.
                say(dispatcher, "handoff_live_chat_gone", lang)
            mode = "live_chat" if mode == "live_chat" and live_possible else "in_person"
            request = build_request(tracker, area=area, topic=topic, mode=mode, urgent=urgent)
            ticket = await asyncio.to_thread(client.create_ticket, request)
        except DeskUnavailable as error:
            _log.warning("handoff: desk unavailable (%s); walk-in directions given instead", error)
            send_walk_in(dispatcher, site, area, lang)
            return []
        key, values = ticket_message(ticket, site, settings.now(centre), lang)
        say(dispatcher, key, lang, **values)
        dispatcher.utter_message(json_message=handoff_payload(ticket))
        return [SlotSet("ticket_code", ticket.code), SlotSet("handoff_mode", ticket.mode)]


class ActionCheckTicket(Action):
    """The status of a code: the one the visitor typed, or the one issued in this conversation."""

    def name(self) -> str:
        return "action_check_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lang = language_of(tracker)
        message = tracker.latest_message or {}
        typed = next(tracker.get_latest_entity_values("ticket_code"), None)
        code = normalize(typed) or find_code(message.get("text") or "") or normalize(tracker.get_slot("ticket_code"))
        if code is None:
            say(dispatcher, "ticket_ask_code", lang)
            return []
        try:
            status = await asyncio.to_thread(desk().status, code)
        except DeskUnavailable as error:
            _log.warning("check ticket: desk unavailable (%s)", error)
            say(dispatcher, "ticket_status_unavailable", lang, code=code)
            return []
        centre = centre_of(tracker)
        key, values = status_reply(status, settings.site(centre), settings.now(centre), lang)
        say(dispatcher, key, lang, **values)
        return []

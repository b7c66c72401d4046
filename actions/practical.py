"""Practical answers about the centre: what it offers, where it is, its access conditions and hours.

All facts come from the conversation centre's site.yml (knowledge_base/centres/<id>/); all wording comes
from the domain's responses, whose language variation Rasa picks from the `language` slot. This module
only computes the values.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import settings
from actions.centre import centre_of
from actions.language import language_of
from actions.localize import clock, day_label, join_periods, weekday_label
from actions.messages import say, text
from actions.questions import offer_related_resources, topic_named
from common.dates import resolve_day
from common.opening_hours import day_hours, open_status
from common.site import Site
from common.topics import load_taxonomy


def areas_list(site: Site, lang: str) -> str:
    """One line per counselling area: its label and where it sits in the building."""
    taxonomy = load_taxonomy()
    return "\n".join(
        text("area_line", lang, area=taxonomy.label(area_id, lang), where=site.text(where, lang))
        for area_id, where in site.areas.items()
    )


def week_summary(site: Site, lang: str) -> str:
    """The usual weekly hours, one line per weekday, closed days included."""
    closed = text("day_closed", lang)
    lines = []
    for weekday in range(7):
        periods = site.weekly_hours.get(weekday, ())
        hours = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in periods) or closed
        lines.append(text("week_line", lang, day=weekday_label(weekday, lang), hours=hours))
    return "\n".join(lines)


def _why_closed(reason: str | None, lang: str) -> str:
    return text("why_today_reason", lang, reason=reason) if reason else text("why_today", lang)


def hours_reply(site: Site, now: dt.datetime, lang: str, asked_day: dt.date | None) -> tuple[str, dict[str, Any]]:
    """The response name and its values for an opening-hours question asked at `now`.

    With a day in the question ("samedi", "on 25 December") the answer is about that day; otherwise it
    is about right now: open until when, or when it opens next.
    """
    local_now = now.astimezone(site.timezone)
    if asked_day is not None and asked_day != local_now.date():
        hours = day_hours(site, asked_day, lang)
        label = day_label(asked_day, lang)
        if hours.is_open:
            return "hours_on_day_open", {"day": label, "periods": join_periods(hours.periods, lang)}
        reason = hours.closure_reason
        return "hours_on_day_closed", {"day": label, "reason": f" ({reason})" if reason else ""}
    status = open_status(site, local_now, lang)
    if status.open_now:
        return "hours_open_now", {"closes": clock(status.closes_at)}
    if status.next_open is None:
        return "hours_on_day_closed", {"day": day_label(local_now.date(), lang), "reason": ""}
    opens = clock(status.next_open)
    next_day = status.next_open.date()
    if next_day == local_now.date():
        return "hours_opens_later_today", {"opens": opens}
    why = _why_closed(status.today.closure_reason, lang)
    if local_now.date() != next_day and status.today.is_open:
        why = text("why_for_today", lang)
    if next_day == local_now.date() + dt.timedelta(days=1):
        return "hours_closed_reopens_tomorrow", {"why": why, "opens": opens}
    return "hours_closed_reopens_on", {
        "why": why,
        "day": day_label(next_day, lang),
        "opens": opens,
    }


class ActionTellOpeningHours(Action):
    def name(self) -> str:
        return "action_tell_opening_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        centre, lang = centre_of(tracker), language_of(tracker)
        site, now = settings.site(centre), settings.now(centre)
        asked = next(tracker.get_latest_entity_values("time"), None)
        asked_day = resolve_day(asked, now, lang, site.holidays_country) if asked else None
        response, values = hours_reply(site, now, lang, asked_day)
        say(dispatcher, response, lang, **values)
        if asked_day is None:
            say(dispatcher, "hours_week", lang, week=week_summary(site, lang))
        return []


class SiteFactAction(Action, ABC):
    """An answer that fills one catalogue message with facts from site.yml, in the visitor's language."""

    action_name: str
    message_key: str
    # Whether resources on what the question also names are offered beside the answer ("what can France
    # Travail do for me here?"); not for directions, where a resource would only be a coincidence.
    offers_related: bool = True

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def values(self, site: Site, lang: str) -> dict[str, str]:
        """The placeholders of `message_key`, computed from the site's configuration."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        site, lang = settings.site(centre_of(tracker)), language_of(tracker)
        say(dispatcher, self.message_key, lang, **self.values(site, lang))
        if self.offers_related:
            await offer_related_resources(dispatcher, tracker, lang)
        return []


class ActionTellServices(SiteFactAction):
    action_name, message_key = "action_tell_services", "services"

    def values(self, site: Site, lang: str) -> dict[str, str]:
        return {"services": site.text(site.services, lang), "areas": areas_list(site, lang)}


class ActionTellLocation(SiteFactAction):
    action_name, message_key = "action_tell_location", "location"
    offers_related = False

    def values(self, site: Site, lang: str) -> dict[str, str]:
        return {
            "name": site.name_in(lang),
            "address": site.one_line_address(),
            "access": site.text(site.access, lang),
        }

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        """The address, then, when the visitor named a subject ("which floor is business creation on?"),
        where that subject's counselling area sits in the building and the resources of its partners."""
        await super().run(dispatcher, tracker, domain)
        topic = await asyncio.to_thread(topic_named, tracker)
        site, lang, taxonomy = settings.site(centre_of(tracker)), language_of(tracker), load_taxonomy()
        area_id = taxonomy.area_of(topic).id if topic else None
        if area_id in site.areas:
            where = site.text(site.areas[area_id], lang)
            say(dispatcher, "area_location", lang, area=taxonomy.label(area_id, lang), where=where)
            await offer_related_resources(dispatcher, tracker, lang)
        return []


class ActionTellAccessConditions(SiteFactAction):
    action_name, message_key = "action_tell_access_conditions", "access_conditions"

    def values(self, site: Site, lang: str) -> dict[str, str]:
        return {"conditions": site.text(site.access_conditions, lang)}

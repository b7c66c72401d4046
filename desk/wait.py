"""How long a visitor will wait, and when the centre opens and closes around that wait.

Plain functions of the queue position, the area's recent handling times and the centre's hours, so
that the handoff message can say "about 20 minutes" or "we close in 20 minutes; come tomorrow from
10:00" from the same figures the dashboard shows.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from common.opening_hours import day_hours, next_opening, open_status, seen_before_closing
from common.site import Site

RECENT_HANDLINGS = 20  # how many recent closed tickets of an area give its typical handling time


@dataclass(frozen=True)
class Opening:
    open_now: bool
    closes_at: dt.datetime | None
    next_opening: dt.datetime | None

    def as_json(self) -> dict:
        return {
            "open_now": self.open_now,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "next_opening": self.next_opening.isoformat() if self.next_opening else None,
        }


def opening(site: Site, now: dt.datetime) -> Opening:
    """Open now and until when; the next opening is given even while open (after today's closing)."""
    status = open_status(site, now)
    if status.open_now and status.closes_at is not None:
        return Opening(True, status.closes_at, next_opening(site, status.closes_at))
    return Opening(False, None, status.next_open)


def typical_handling_minutes(recent_seconds: Sequence[int], default_minutes: int) -> float:
    """The median of the area's recent handling times (robust to one long case), or the default."""
    usable = [seconds for seconds in recent_seconds if seconds and seconds > 0]
    if not usable:
        return float(default_minutes)
    return max(1.0, statistics.median(usable) / 60)


def wait_minutes(ahead: int, handling_minutes: float, counsellors: int, now_opening: Opening, now: dt.datetime) -> int:
    """Minutes until a counsellor sees the visitor: the people ahead shared among the area's counsellors,
    plus, when the centre is closed, the time until it opens."""
    if ahead < 0:
        raise ValueError("ahead cannot be negative")
    queue = math.ceil(ahead * handling_minutes / max(1, counsellors))
    if now_opening.open_now or now_opening.next_opening is None:
        return queue
    until_open = math.ceil((now_opening.next_opening - now).total_seconds() / 60)
    return max(0, until_open) + queue


def end_of_next_opening_day(site: Site, after: dt.datetime, lookahead_days: int = 60) -> dt.datetime:
    """The closing time of the first opening day that ends after `after`: when an unclaimed ticket expires.
    Falls back to a day later when the site has no opening within the look-ahead (a misconfiguration)."""
    local = after.astimezone(site.timezone)
    for offset in range(lookahead_days):
        day = local.date() + dt.timedelta(days=offset)
        periods = day_hours(site, day).periods
        if not periods:
            continue
        end = dt.datetime.combine(day, periods[-1][1], tzinfo=site.timezone)
        if end > local:
            return end
    return after + dt.timedelta(days=1)


def unclaimed_expiry(site: Site, now: dt.datetime, wait: int) -> dt.datetime:
    """When a ticket nobody claims is deleted: the end of the opening day the visitor is told to come.

    The same rule as the bot's message: open, and seen before closing, means today; otherwise (closing
    too soon, or closed) the visitor is told to come back at the next opening with the same code, so the
    ticket lives until the end of that day, not the end of this one."""
    now_opening = opening(site, now)
    closes_at = now_opening.closes_at if now_opening.open_now else None
    if closes_at is not None and seen_before_closing(closes_at, now, wait):
        return end_of_next_opening_day(site, now)
    come_back = now_opening.next_opening
    return end_of_next_opening_day(site, come_back if come_back is not None else now)

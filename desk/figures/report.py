"""From counters to what a page, the JSON and the CSV show: periods, sections, labels, and the one
function that hides small cells.

Every number leaves the desk through `shown`: a count under `SMALL_CELL` becomes the text "< 5", in
the JSON, the pages, the charts' tables and the CSV alike, so that a rare combination (one kiosk visitor
on a Sunday evening who spoke Italian) cannot point at a person. Totals are sums of the stored cells and
are suppressed the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from babel.dates import get_day_names

from common.figures import DIMENSIONS
from common.languages import STAFF, locale_of, name_of
from common.topics import load_taxonomy
from desk.figures.store import Cell

LABELS_FILE = Path(__file__).with_name("labels.yml")
SMALL_CELL = 5
SUPPRESSED = "< 5"
PERIODS = ("this_month", "last_month", "this_year", "custom")
LANGS = STAFF  # the staff pages' languages (common/languages.py)
# Sections whose values are the whole closed list (zeros included); the open-ended ones list what occurred.
LISTED_SECTIONS = ("intent", "topic")


def shown(count: int) -> int | str:
    """A count as it may be shown: "< 5" under the threshold, the number itself otherwise."""
    return SUPPRESSED if count < SMALL_CELL else count


@cache
def labels() -> dict:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def word(key: str, lang: str) -> str:
    """A page word of labels.yml in `lang`."""
    return labels()["page"][key][lang]


def section_title(section: str, lang: str) -> str:
    return labels()["sections"][section][lang]


def value_label(section: str, value: str, lang: str) -> str:
    """The label of a counted value: topics and areas from the taxonomy, languages' names from their
    declaration, weekdays (0 is Monday) from Babel's locale, everything else from labels.yml."""
    if section in ("topic", "handoff_area"):
        return load_taxonomy().label(value, lang)
    if section == "language":
        name = name_of(value, lang) if value in LANGS else value
        return name[:1].upper() + name[1:]
    if section == "weekday" and value.isdigit() and int(value) < 7:
        return str(get_day_names("wide", locale=locale_of(lang))[int(value)])
    entry = labels()["values"].get(section, {}).get(value)
    return entry[lang] if entry else value


@dataclass(frozen=True)
class Period:
    """Whole local days [first, last] of a centre, and the UTC instants that bound them."""

    kind: str
    first: dt.date
    last: dt.date
    tz: ZoneInfo

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), self.tz).astimezone(dt.UTC)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), self.tz).astimezone(dt.UTC)


class BadPeriod(ValueError):
    """A period the picker cannot make: the message says why (the web layer answers 422)."""


MAX_DAYS = 3 * 366 + 1  # the longest period a page reads: the counters are kept about three years


def period(
    kind: str, today: dt.date, tz: ZoneInfo, first: dt.date | None = None, last: dt.date | None = None
) -> Period:
    """The period the picker names, in the centre's own calendar."""
    if kind == "this_month":
        return Period(kind, today.replace(day=1), today, tz)
    if kind == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return Period(kind, end.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1]), tz)
    if kind == "this_year":
        return Period(kind, today.replace(month=1, day=1), today, tz)
    if kind == "custom":
        if first is None or last is None:
            raise BadPeriod("a custom period needs both dates, from and to")
        if last < first:
            raise BadPeriod("the period ends before it starts")
        if (last - first).days > MAX_DAYS:
            raise BadPeriod(f"a period is at most {MAX_DAYS} days")
        return Period(kind, first, last, tz)
    raise BadPeriod(f"period must be one of {', '.join(PERIODS)}")


def _activity_of() -> dict[str, str]:
    return {intent: activity for activity, intents in labels()["activities"].items() for intent in intents}


def raw_sections(cells: list[Cell], hours: list[Cell], zones: dict[str, ZoneInfo]) -> dict[str, dict[str, int]]:
    """Counts per section and value, before suppression: the stored dimensions, plus conversations by
    type of activity (from intents), local hour of day and weekday (from the hour of each counter)."""
    sections: dict[str, dict[str, int]] = {}
    for dimension, values in DIMENSIONS.items():
        listed = dimension in LISTED_SECTIONS
        sections[dimension] = {} if listed else dict.fromkeys(values(), 0)
    for cell in cells:
        counts = sections.setdefault(cell.dimension, {})
        counts[cell.value] = counts.get(cell.value, 0) + cell.count
    activity = dict.fromkeys([*labels()["activities"], "other"], 0)
    by_intent = _activity_of()
    for intent, n in sections["intent"].items():
        activity[by_intent.get(intent, "other")] += n
    sections["activity"] = activity
    hour_of_day, weekday = dict.fromkeys(map(str, range(24)), 0), dict.fromkeys(map(str, range(7)), 0)
    for cell in hours:
        assert cell.hour is not None
        local = cell.hour.astimezone(zones[cell.centre])
        hour_of_day[str(local.hour)] += cell.count
        weekday[str(local.weekday())] += cell.count
    sections["hour_of_day"], sections["weekday"] = hour_of_day, weekday
    for name in LISTED_SECTIONS:
        sections[name] = dict(sorted(sections[name].items(), key=lambda item: (-item[1], item[0])))
    return sections


# The order sections appear in on a page (and in the JSON).
PAGE_ORDER = (
    "channel", "language", "hour_of_day", "weekday", "activity", "intent", "topic", "answer", "workshop",
    "handoff_area", "handoff_wait", "handoff_handling", "distress", "helped", "next_step",
)  # fmt: skip


def conversations(sections: dict[str, dict[str, int]]) -> int:
    """Conversations started: each is counted once by channel."""
    return sum(sections["channel"].values())


def suppressed(sections: dict[str, dict[str, int]]) -> dict[str, dict[str, int | str]]:
    """Every count of every section through `shown`."""
    return {name: {value: shown(n) for value, n in sections[name].items()} for name in PAGE_ORDER}


def per_centre(cells: list[Cell]) -> dict[str, dict[str, int]]:
    """The network page's table: conversations, handoffs, refused answers and workshops shown, per centre."""
    rows: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(PER_CENTRE_COLUMNS, 0))
    for cell in cells:
        row = rows[cell.centre]
        if cell.dimension == "channel":
            row["conversations"] += cell.count
        elif cell.dimension == "handoff_area":
            row["handoffs"] += cell.count
        elif (cell.dimension, cell.value) == ("answer", "refused"):
            row["refused"] += cell.count
        elif (cell.dimension, cell.value) == ("workshop", "shown"):
            row["workshops_shown"] += cell.count
    return dict(sorted(rows.items()))


PER_CENTRE_COLUMNS = ("conversations", "handoffs", "refused", "workshops_shown")


def csv_rows(centre_sections: dict[str, dict[str, dict[str, int]]], chosen: Period, lang: str) -> list[list[str | int]]:
    """The CSV in the categories of the network's annual activity report: one row per centre, category,
    section and value, every count through `shown`. `centre_sections` maps a centre (or "all") to its sections."""
    header: list[str | int] = ["centre", "from", "to", "category", "section", "item", "count"]
    rows = [header]
    for centre, sections in centre_sections.items():
        for group in labels()["report"]:
            for section in group["sections"]:
                for value, n in sections[section].items():
                    rows.append(
                        [
                            centre,
                            chosen.first.isoformat(),
                            chosen.last.isoformat(),
                            group["category"][lang],
                            section_title(section, lang),
                            value_label(section, value, lang),
                            shown(n),
                        ]
                    )
    return rows

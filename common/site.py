"""A centre's own description (`knowledge_base/centres/<id>/site.yml`), loaded into typed objects.

Everything the assistant and the desk say about a centre itself (hours, access, areas, emergency
numbers) comes from its file, so that a centre adapts the product by editing one file, not code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from common.centres import default_centre, site_file
from common.languages import DEFAULT
from common.topics import load_taxonomy

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

Period = tuple[dt.time, dt.time]
Localized = dict[str, str]


class SiteConfigError(ValueError):
    """site.yml is missing a field or holds a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class DayException:
    date: dt.date
    periods: tuple[Period, ...]
    reason: Localized


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: Localized


@dataclass(frozen=True)
class Site:
    name: Localized
    timezone: ZoneInfo
    holidays_country: str | None
    holidays_subdivision: str | None
    address: dict[str, str]
    access: Localized
    website: str
    weekly_hours: dict[int, tuple[Period, ...]]
    exceptions: dict[dt.date, DayException]
    access_conditions: Localized
    services: Localized
    areas: dict[str, Localized]
    emergency_numbers: tuple[EmergencyNumber, ...] = field(default_factory=tuple)

    def text(self, localized: Localized, lang: str) -> str:
        """A localized field in `lang`, falling back to the default language's (the centre's first)."""
        return localized.get(lang) or localized[DEFAULT]

    def name_in(self, lang: str) -> str:
        """The centre's name in `lang` (French when it has none in that language)."""
        return self.text(self.name, lang)

    def one_line_address(self) -> str:
        return f"{self.address['street']}, {self.address['postcode']} {self.address['city']}"


def _parse_time(value: str, where: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise SiteConfigError(f"site.yml: {where}: {value!r} is not a time like 09:30") from exc


def _parse_periods(raw: list, where: str) -> tuple[Period, ...]:
    periods = []
    for item in raw or []:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise SiteConfigError(f"site.yml: {where}: each period is [opens, closes], got {item!r}")
        opens, closes = _parse_time(item[0], where), _parse_time(item[1], where)
        if closes <= opens:
            raise SiteConfigError(f"site.yml: {where}: period {item!r} closes before it opens")
        periods.append((opens, closes))
    return tuple(sorted(periods))


def _localized(raw: object, where: str) -> Localized:
    if not isinstance(raw, dict) or DEFAULT not in raw:
        raise SiteConfigError(f"site.yml: {where} needs at least a text in the default language, under {DEFAULT!r}")
    return {str(k): str(v).strip() for k, v in raw.items()}


def parse_site(raw: dict) -> Site:
    """Validate the parsed YAML and build a Site; every error names the field at fault."""
    if not isinstance(raw, dict):
        raise SiteConfigError("site.yml: the file must hold a mapping of fields")
    try:
        timezone = ZoneInfo(raw.get("timezone", "Europe/Paris"))
    except Exception as exc:  # ZoneInfoNotFoundError or a malformed key
        raise SiteConfigError(f"site.yml: timezone {raw.get('timezone')!r} is unknown") from exc
    weekly: dict[int, tuple[Period, ...]] = {}
    for day, periods in (raw.get("opening_hours") or {}).items():
        if day not in WEEKDAYS:
            raise SiteConfigError(f"site.yml: opening_hours: {day!r} is not a weekday name")
        weekly[WEEKDAYS.index(day)] = _parse_periods(periods, f"opening_hours.{day}")
    exceptions = {}
    for item in raw.get("exceptions") or []:
        try:
            day = dt.date.fromisoformat(str(item["date"]))
        except (KeyError, ValueError) as exc:
            raise SiteConfigError(f"site.yml: exceptions: bad or missing date in {item!r}") from exc
        reason = _localized(item.get("reason") or {DEFAULT: ""}, f"exceptions {day} reason")
        exceptions[day] = DayException(day, _parse_periods(item.get("hours"), f"exceptions {day}"), reason)
    taxonomy = load_taxonomy()
    areas = {}
    for area_id, where in (raw.get("areas") or {}).items():
        if area_id not in taxonomy.areas:
            raise SiteConfigError(f"site.yml: areas: {area_id!r} is not an area of topics.yml")
        areas[area_id] = _localized(where, f"areas.{area_id}")
    missing = sorted(set(taxonomy.areas) - set(areas))
    if missing:
        raise SiteConfigError(f"site.yml: areas: no location given for {', '.join(missing)}")
    numbers = tuple(
        EmergencyNumber(str(item["number"]), _localized(item["label"], f"emergency number {item['number']}"))
        for item in raw.get("emergency_numbers") or []
    )
    address = raw.get("address") or {}
    for key in ("street", "postcode", "city"):
        if not address.get(key):
            raise SiteConfigError(f"site.yml: address.{key} is missing")
    return Site(
        name=_localized(raw.get("name"), "name"),
        timezone=timezone,
        holidays_country=raw.get("holidays_country"),
        holidays_subdivision=raw.get("holidays_subdivision"),
        address={k: str(v) for k, v in address.items()},
        access=_localized(raw.get("access"), "access"),
        website=str(raw.get("website", "")),
        weekly_hours=weekly,
        exceptions=exceptions,
        access_conditions=_localized(raw.get("access_conditions"), "access_conditions"),
        services=_localized(raw.get("services"), "services"),
        areas=areas,
        emergency_numbers=numbers,
    )


def load_site(path: Path | None = None) -> Site:
    """Read and validate a site.yml (the default centre's without a path); raises SiteConfigError naming
    the problem."""
    path = path or site_file(default_centre())
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SiteConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise SiteConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SiteConfigError(f"{path}: not valid YAML: {exc}") from exc
    return parse_site(raw)


@lru_cache(maxsize=64)
def site_of(centre: str) -> Site:
    """A centre's configuration, read once per process: one action server and one desk serve every
    centre, and each turn asks for the conversation's centre. `centre` must be a resolved id
    (`common.centres.resolve_centre`), never a client's raw value."""
    return load_site(site_file(centre))

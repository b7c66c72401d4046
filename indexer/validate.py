"""Checks resource and workshop metadata against `topics.yml` and the knowledge base README's enums.

Every reader hands its raw metadata here, so the rules are written once and an error reads the same
whatever the format: file, line where known, and the reason in words staff can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from common.topics import load_taxonomy
from indexer.records import AUDIENCES, KINDS, LANGS, Resource, Section, SourceError

ID_PATTERN = re.compile(r"^[a-z0-9-]+$")
REQUIRED = ("id", "title", "kind", "topics", "lang", "audience", "where", "updated")


def as_list(value: Any, separator: str = ",") -> list[str]:
    """Metadata lists arrive as YAML lists, or as separated strings (HTML meta, PDF info, CSV)."""
    if value is None:
        return []
    items = [str(item) for item in value] if isinstance(value, list | tuple) else str(value).split(separator)
    return [item.strip() for item in items if item and item.strip()]


def check_topics(topics: Iterable[str]) -> tuple[str, ...]:
    """Topic ids, each known to the taxonomy; at least one."""
    taxonomy = load_taxonomy()
    topics = tuple(topics)
    if not topics:
        raise ValueError("`topics` is empty: give one or more topic ids of topics.yml")
    unknown = [topic for topic in topics if not taxonomy.is_topic(topic)]
    if unknown:
        raise ValueError(f"unknown topic id(s) {', '.join(map(repr, unknown))}: not in topics.yml")
    return topics


def check_audience(audience: Iterable[str]) -> tuple[str, ...]:
    audience = tuple(audience)
    if not audience:
        raise ValueError("`audience` is empty: give one or more of " + ", ".join(AUDIENCES))
    unknown = [value for value in audience if value not in AUDIENCES]
    if unknown:
        raise ValueError(f"unknown audience {', '.join(map(repr, unknown))}: use " + ", ".join(AUDIENCES))
    return audience


def check_lang(lang: Any) -> str:
    lang = str(lang).strip() if lang is not None else ""
    if lang not in LANGS:
        raise ValueError(f"`lang` is {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def check_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"`updated` is {text!r}: use an ISO date such as 2025-09-01") from None


def make_resource(
    meta: Mapping[str, Any],
    sections: Iterable[Section],
    source: str,
    *,
    lines: Mapping[str, int] | None = None,
    line: int | None = None,
    list_separator: str = ",",
) -> Resource:
    """Build a Resource from raw metadata, or raise SourceError naming the field and its line.

    `lines` maps a field name to the line it sits on, so an unknown topic points at the topics line.
    """
    lines = lines or {}

    def fail(field_name: str, reason: str) -> SourceError:
        return SourceError(reason, lines.get(field_name, line))

    missing = [name for name in REQUIRED if meta.get(name) in (None, "", [])]
    if missing:
        raise SourceError(f"missing required field(s): {', '.join(missing)}", line)
    resource_id = str(meta["id"]).strip()
    if not ID_PATTERN.match(resource_id):
        raise fail("id", f"`id` {resource_id!r} is not a slug of lowercase letters, digits and dashes")
    kind = str(meta["kind"]).strip()
    if kind not in KINDS:
        raise fail("kind", f"`kind` is {kind!r}: use one of " + ", ".join(KINDS))
    checks = {
        "topics": lambda: check_topics(as_list(meta["topics"], list_separator)),
        "audience": lambda: check_audience(as_list(meta["audience"], list_separator)),
        "lang": lambda: check_lang(meta["lang"]),
        "updated": lambda: check_date(meta["updated"]),
    }
    values: dict[str, Any] = {}
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValueError as error:
            raise fail(name, str(error)) from None
    sections = tuple(section for section in sections if section.text.strip())
    if not sections:
        raise SourceError("no text: the resource has metadata but an empty body", line)
    publisher = meta.get("publisher")
    return Resource(
        id=resource_id,
        title=" ".join(str(meta["title"]).split()),
        kind=kind,
        topics=values["topics"],
        lang=values["lang"],
        audience=values["audience"],
        where=str(meta["where"]).strip(),
        updated=values["updated"],
        source=source,
        sections=sections,
        publisher=str(publisher).strip() if publisher else None,
        sources=tuple(_source_text(item) for item in meta.get("sources") or ()),
        line=line,
    )


def _source_text(item: Any) -> str:
    """`sources` entries may be strings or small mappings (title, url, consulted)."""
    if isinstance(item, Mapping):
        return " ".join(str(value) for value in item.values())
    return str(item)

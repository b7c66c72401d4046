"""The controlled vocabulary of counselling areas and topics (`topics.yml`).

The file is a copy of the shared contract and is the project's source of truth: every resource,
workshop and handoff carries topic ids from it, and a handoff is routed to the topic's area.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from common.languages import DEFAULT

TOPICS_FILE = Path(__file__).with_name("topics.yml")


@dataclass(frozen=True)
class Area:
    id: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Topic:
    id: str
    area: str
    labels: dict[str, str]


@dataclass(frozen=True)
class Taxonomy:
    areas: dict[str, Area]
    topics: dict[str, Topic]

    def area_of(self, topic_id: str) -> Area:
        """The counselling area a topic belongs to (KeyError for an unknown topic)."""
        return self.areas[self.topics[topic_id].area]

    def label(self, topic_or_area_id: str, lang: str) -> str:
        """Visitor-facing label of a topic or an area, in `lang` (falls back to French)."""
        item = self.topics.get(topic_or_area_id) or self.areas[topic_or_area_id]
        return item.labels.get(lang) or item.labels[DEFAULT]

    def is_topic(self, topic_id: str) -> bool:
        return topic_id in self.topics


def parse_taxonomy(raw: dict) -> Taxonomy:
    """Build a Taxonomy from the parsed YAML, checking that every topic names a known area."""
    areas = {area_id: Area(area_id, {k: str(v) for k, v in labels.items()}) for area_id, labels in raw["areas"].items()}
    topics: dict[str, Topic] = {}
    for topic_id, spec in raw["topics"].items():
        area = spec["area"]
        if area not in areas:
            raise ValueError(f"topics.yml: topic {topic_id!r} names unknown area {area!r}")
        topics[topic_id] = Topic(topic_id, area, {k: str(v) for k, v in spec.items() if k != "area"})
    return Taxonomy(areas, topics)


@cache
def load_taxonomy(path: Path = TOPICS_FILE) -> Taxonomy:
    """Load and cache the taxonomy; the file is small and never changes while running."""
    with path.open(encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle))

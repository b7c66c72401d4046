"""The vocabulary of the anonymous figures: what may be counted, each with its closed list of values.

Written once for both sides: the action server names events with it, and the desk refuses any event
outside it (desk/figures/). A counted value is always one of a known, finite set (a channel, a language,
an intent, a topic, a verdict, a button's payload), so no visitor text can ever become a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import yaml

from common.env import ROOT
from common.languages import CODES
from common.topics import load_taxonomy

DOMAIN_DIR = ROOT / "bot" / "domain"

CHANNELS = ("web", "kiosk")
LANGUAGES = CODES  # the declared languages (common/languages.py)
VERDICTS = ("answered", "may_help", "refused")
WORKSHOP_EVENTS = ("shown", "ics")
# The optional end-of-conversation question: "did this help you?" and "what will you do next?".
HELPED = ("yes", "partly", "no")
NEXT_STEPS = ("apply", "partner", "centre", "workshop", "search", "unsure")
# Waits and handling times of handoffs, in minutes: coarse buckets, upper bounds exclusive.
WAIT_BUCKETS = ((5, "under5"), (15, "5to15"), (30, "15to30"), (60, "30to60"), (None, "over60"))
HANDLING_BUCKETS = ((10, "under10"), (20, "10to20"), (40, "20to40"), (None, "over40"))


def bucket(minutes: float, buckets: tuple[tuple[int | None, str], ...]) -> str:
    """The bucket a duration falls in (the last one has no upper bound)."""
    for upper, name in buckets:
        if upper is None or minutes < upper:
            return name
    raise AssertionError("the last bucket has no upper bound")


@cache
def intents() -> tuple[str, ...]:
    """The bot's intents, read from its domain files, and Rasa's own fallback intent."""
    names: set[str] = {"nlu_fallback"}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in raw.get("intents") or []:
            names.add(next(iter(item)) if isinstance(item, dict) else str(item))
    return tuple(sorted(names))


def _topics() -> tuple[str, ...]:
    return tuple(load_taxonomy().topics)


def _areas() -> tuple[str, ...]:
    return tuple(load_taxonomy().areas)


# Each dimension and where its closed list comes from. `channel` and `language` count conversations
# started (one event per conversation, at its first message); the others count what happened.
DIMENSIONS: dict[str, Callable[[], tuple[str, ...]]] = {
    "channel": lambda: CHANNELS,
    "language": lambda: LANGUAGES,
    "intent": intents,
    "topic": _topics,
    "answer": lambda: VERDICTS,
    "workshop": lambda: WORKSHOP_EVENTS,
    "distress": lambda: ("counted",),
    "helped": lambda: HELPED,
    "next_step": lambda: NEXT_STEPS,
    "handoff_area": _areas,
    "handoff_wait": lambda: tuple(name for _, name in WAIT_BUCKETS),
    "handoff_handling": lambda: tuple(name for _, name in HANDLING_BUCKETS),
}


def is_known(dimension: str, value: str) -> bool:
    """Whether `value` is on the closed list of `dimension`."""
    values = DIMENSIONS.get(dimension)
    return values is not None and value in values()

"""Run by tests/privacy/test_tracker_stores.py under .venv-rasa (Rasa needs Python 3.10): drives one of
bot/tracker_stores.py's stores through a conversation, an "erase everything" and an expiry, and prints
what it saw as one JSON line. Usage: stores_in_rasa.py ephemeral | stores_in_rasa.py redis HOST PORT"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.tracker_stores import EphemeralTrackerStore, ErasingRedisTrackerStore

EXPIRY_S = 2
MARKER = "marker-before-erase"


def dump(tracker: DialogueStateTracker | None) -> str:
    return json.dumps(tracker.current_state(EventVerbosity.ALL) if tracker else None)


async def main(kind: str, host: str | None, port: str | None) -> dict:
    domain = Domain.empty()
    if kind == "ephemeral":
        store = EphemeralTrackerStore(domain, host=None, expire_after_seconds=str(EXPIRY_S))
    else:
        store = ErasingRedisTrackerStore(domain, host=host, port=port, record_exp=str(EXPIRY_S), key_prefix="test")
    seen: dict = {}

    tracker = DialogueStateTracker.from_events(
        "visitor", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    )
    tracker.update(UserUttered(f"{MARKER} one"))
    tracker.update(BotUttered(f"{MARKER} reply"))
    await store.save(tracker)
    tracker = await store.retrieve("visitor")
    tracker.update(UserUttered(f"{MARKER} two"))
    await store.save(tracker)
    seen["kept_before_erase"] = MARKER in dump(await store.retrieve_full_tracker("visitor"))

    tracker = await store.retrieve("visitor")
    tracker.update(UserUttered("efface tout"))
    tracker.update(ActionExecuted("action_end_session"))
    tracker.update(BotUttered("C'est fait"))
    tracker.update(Restarted())
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)
    full = await store.retrieve_full_tracker("visitor")
    seen["after_erase"] = [event["event"] for event in full.current_state(EventVerbosity.ALL)["events"]]
    seen["trace_after_erase"] = any(word in dump(full) for word in (MARKER, "efface tout", "C'est fait"))
    if kind == "redis":
        raw = store.red.get(store.key_prefix + "visitor")
        seen["raw_trace_after_erase"] = any(word in raw for word in (MARKER, "efface tout"))
        seen["redis_ttl"] = store.red.ttl(store.key_prefix + "visitor")

    tracker = await store.retrieve("visitor")
    tracker.update(UserUttered("une nouvelle question"))
    await store.save(tracker)
    seen["kept_after_erase"] = "une nouvelle question" in dump(await store.retrieve_full_tracker("visitor"))

    deadline = time.monotonic() + 30 * EXPIRY_S
    while await store.retrieve("visitor") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    seen["expired"] = await store.retrieve("visitor") is None
    seen["keys_after_expiry"] = list(await store.keys())
    return seen


if __name__ == "__main__":
    arguments = [*sys.argv[1:], None, None]
    print(json.dumps(asyncio.run(main(arguments[0], arguments[1], arguments[2]))))

"""Run by tests/privacy/test_tracker_stores.py under .venv-rasa (Rasa needs Python 3.10): drives one of
bot/tracker_stores.py's stores through a conversation, an "erase everything" and an expiry, and prints
what it saw as one JSON line. Usage: stores_in_rasa.py ephemeral | stores_in_rasa.py redis HOST PORT.
`stores_in_rasa.py turns HOST PORT` plays the same turns on Rasa's Redis store and on ours, and prints
the Redis commands each turn cost and the conversation each store ended with."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.core.tracker_store import RedisTrackerStore
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


def commands(store: RedisTrackerStore) -> dict[str, int]:
    """Calls so far of the commands a tracker store sends, as Redis itself counts them."""
    stats = store.red.info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "set", "del", "multi")}


async def turns(store: RedisTrackerStore) -> dict:
    """A new conversation's turn, a returning turn, a turn in a second session saved twice (as Rasa does
    when an action runs), and a save of a tracker the store never handed out: the commands each cost."""
    costs: list[dict[str, int]] = []

    async def turn(play) -> None:
        before = commands(store)
        await play()
        after = commands(store)
        costs.append({name: after[name] - before[name] for name in after})

    async def new_conversation() -> None:
        tracker = await store.get_or_create_tracker("visitor", append_action_listen=False)
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
            tracker.update(event)
        tracker.update(UserUttered("bonjour"))
        tracker.update(BotUttered("Bonjour !"))
        await store.save(tracker)

    async def returning() -> None:
        tracker = await store.retrieve("visitor")
        tracker.update(UserUttered("les horaires"))
        tracker.update(BotUttered("De 9 h à 17 h"))
        await store.save(tracker)

    async def second_session() -> None:
        tracker = await store.retrieve("visitor")
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
            tracker.update(event)
        await store.save(tracker)
        tracker = await store.retrieve("visitor")  # the last session only, from now on
        tracker.update(UserUttered("un atelier CV"))
        await store.save(tracker)
        tracker.update(BotUttered("Mardi à 10 h"))
        await store.save(tracker)

    async def outsider() -> None:
        tracker = DialogueStateTracker.from_events("visitor", [UserUttered("écrit par un autre")])
        await store.save(tracker)

    for play in (new_conversation, returning, second_session, outsider):
        await turn(play)
    full = await store.retrieve_full_tracker("visitor")
    events = full.current_state(EventVerbosity.ALL)["events"]
    kept = [(event["event"], event.get("text") or event.get("name") or "") for event in events]
    return {"costs": costs, "events": kept}


async def compare(host: str, port: str) -> dict:
    domain = Domain.empty()
    rasa = RedisTrackerStore(domain, host=host, port=int(port), record_exp=60, key_prefix="rasa")
    ours = ErasingRedisTrackerStore(domain, host=host, port=port, record_exp="60", key_prefix="ours")
    return {"rasa": await turns(rasa), "ours": await turns(ours)}


if __name__ == "__main__":
    arguments = [*sys.argv[1:], None, None]
    if arguments[0] == "turns":
        print(json.dumps(asyncio.run(compare(arguments[1], arguments[2]))))
    else:
        print(json.dumps(asyncio.run(main(arguments[0], arguments[1], arguments[2]))))

"""Run by tests/privacy/test_lock_stores.py under .venv-rasa (Rasa needs Python 3.10) against a real Redis.

`locks_in_rasa.py turn HOST PORT` takes and releases one conversation's lock with Rasa's `RedisLockStore`
and with `bot.lock_stores.AtomicRedisLockStore`, and prints the Redis commands each used.
`locks_in_rasa.py hammer HOST PORT NAME` is one "replica": many turns on one conversation at once, each
counting itself in and out of Redis while it holds the lock, and prints the most it saw inside at once."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.lock_stores import AtomicRedisLockStore

COMMANDS = ("get", "set", "del", "watch", "multi", "exec")
TASKS, ROUNDS = 8, 6


def atomic(host: str, port: str) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(EndpointConfig(url=host, port=port, db=0, key_prefix="cdm", type="x"))


def commands(store: RedisLockStore) -> dict[str, int]:
    stats = store.red.info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in COMMANDS}


async def turn(host: str, port: str) -> dict:
    costs = {}
    for name, store in (("rasa", RedisLockStore(host=host, port=int(port), db=0)), ("ours", atomic(host, port))):
        before = commands(store)
        async with store.lock(f"turn-{name}"):
            pass
        after = commands(store)
        costs[name] = {command: after[command] - before[command] for command in COMMANDS}
        costs[name]["left"] = store.red.exists(store.key_prefix + f"turn-{name}")
    return costs


async def hammer(host: str, port: str) -> dict:
    store = atomic(host, port)
    inside = store.red  # the counter lives in the same Redis, beside the lock
    most = 0

    async def one() -> None:
        nonlocal most
        for _ in range(ROUNDS):
            async with store.lock("shared", wait_time_in_seconds=0.005):
                most = max(most, inside.incr("holders"))
                await asyncio.sleep(0.003)
                inside.decr("holders")

    await asyncio.gather(*(one() for _ in range(TASKS)))
    return {"most_inside": most, "turns": TASKS * ROUNDS}


if __name__ == "__main__":
    mode, host, port = sys.argv[1:4]
    print(json.dumps(asyncio.run(turn(host, port) if mode == "turn" else hammer(host, port))))

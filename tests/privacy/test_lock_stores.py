"""bot/lock_stores.py: Rasa's Redis lock store with atomic changes, driven under .venv-rasa against a real
Redis server (Debian's redis-server, started for the session by pytest-redis)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = Path(__file__).with_name("locks_in_rasa.py")


def start(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(RASA_PYTHON), str(SCRIPT), *arguments], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def result(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.splitlines()[-1])


def test_a_turn_takes_fewer_round_trips_and_leaves_no_lock(redis_proc):
    costs = result(start("turn", redis_proc.host, str(redis_proc.port)))
    rasa, ours = costs["rasa"], costs["ours"]
    assert not rasa["left"] and not ours["left"]
    # Rasa: every command is its own round trip. Ours: a transaction is WATCH, GET, then MULTI-write-EXEC
    # sent together; a ticket served at once is not read back.
    rasa_trips = rasa["get"] + rasa["set"] + rasa["del"]
    ours_trips = ours["watch"] + ours["get"] + ours["exec"]
    assert (ours["watch"], ours["exec"]) == (2, 2)  # taking the ticket, giving it back
    assert ours_trips < rasa_trips


def test_replicas_never_hold_one_conversation_at_once(redis_proc):
    replicas = [start("hammer", redis_proc.host, str(redis_proc.port), f"replica-{n}") for n in range(3)]
    seen = [result(replica) for replica in replicas]
    assert all(one["most_inside"] == 1 and one["turns"] > 0 for one in seen)

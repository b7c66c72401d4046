"""bot/tracker_stores.py: conversations kept briefly, and erased for good on "efface tout".

Rasa runs on Python 3.10 only, so each store is driven by tests/privacy/stores_in_rasa.py under
.venv-rasa: the real in-memory store, and the real Redis store against a real Redis server (Debian's
redis-server, started for the session by pytest-redis). The whole Rasa server with these stores is
tested in tests/integration/test_privacy.py and test_redis_tracker_store.py.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = Path(__file__).with_name("stores_in_rasa.py")


def drive(*arguments: str) -> dict:
    done = subprocess.run(
        [str(RASA_PYTHON), str(SCRIPT), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def check_erased_then_expired(seen: dict) -> None:
    assert seen["kept_before_erase"]
    # only the restart and what follows it are left: no earlier message, reply or the erase request itself
    assert seen["after_erase"] == ["restart", "action"]
    assert not seen["trace_after_erase"]
    assert seen["kept_after_erase"]
    assert seen["expired"]
    assert seen["keys_after_expiry"] == []


def test_in_memory_store_erases_on_restart_and_expires():
    check_erased_then_expired(drive("ephemeral"))


def test_redis_store_erases_on_restart_and_redis_expires_the_record(redis_proc):
    seen = drive("redis", redis_proc.host, str(redis_proc.port))
    check_erased_then_expired(seen)
    assert not seen["raw_trace_after_erase"]
    assert 0 < seen["redis_ttl"] <= 2


def test_redis_store_keeps_what_rasas_keeps_with_fewer_round_trips(redis_proc):
    """The same turns on Rasa's Redis store and on ours: the same conversation stored, and a record read
    back only when the store cannot know it (a tracker it never handed out)."""
    seen = drive("turns", redis_proc.host, str(redis_proc.port))
    rasa, ours = seen["rasa"], seen["ours"]
    assert ours["events"] == rasa["events"]
    assert ["user", "bonjour"] in ours["events"] and ["user", "écrit par un autre"] in ours["events"]
    new, returning, second_session, outsider = ours["costs"]
    assert (new["get"], new["set"]) == (1, 2)  # the read that found nothing; created; the turn
    assert (returning["get"], returning["set"]) == (1, 1)
    assert (second_session["get"], second_session["set"]) == (2, 3)  # one read per retrieve
    assert outsider["get"] == 1  # not handed out by the store: read back and merged
    assert sum(cost["get"] for cost in ours["costs"]) < sum(cost["get"] for cost in rasa["costs"])
    assert [cost["set"] for cost in ours["costs"]] == [cost["set"] for cost in rasa["costs"]]

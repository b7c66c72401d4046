"""A ticket whose creation the desk acknowledged survives the desk being killed (SIGKILL) mid-burst,
on SQLite (WAL, synchronous=FULL) and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.desk.conftest import LOG_DIR
from tests.desk.server import add_counsellor, running_desk, start_desk, stop_desk

WORKERS = 8
KILL_AFTER = 40  # acknowledged creations before the kill


def test_sigkill_during_a_burst_loses_no_acknowledged_ticket(database_url: str, tmp_path: Path) -> None:
    add_counsellor(database_url, "alex", "--role", "admin")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"desk-durability-{database_url.split(':', 1)[0]}.log"
    server = start_desk(database_url, log)
    acknowledged: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    def create_until_killed(worker: int) -> None:
        for i in range(1000):
            try:
                response = server.create_ticket(conversation_id=f"kill-{worker}-{i}", timeout=60)
            except requests.RequestException:
                return  # the desk is gone: this creation was never acknowledged
            if response.status_code != 201:
                failures.append(f"{response.status_code} {response.text[:100]}")
                return
            with lock:
                acknowledged.append(response.json()["code"])
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    try:
        assert server.create_ticket().status_code == 201  # the redaction model is loaded: a real burst follows
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for worker in range(WORKERS):
                pool.submit(create_until_killed, worker)
            assert enough.wait(timeout=300), f"only {len(acknowledged)} tickets created: {failures[:3]}"
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait()
            with lock:
                survivors_needed = set(acknowledged)
    finally:
        stop_desk(server)
    assert not failures
    assert len(survivors_needed) >= KILL_AFTER
    with running_desk(database_url, log) as restarted:
        queued = restarted.counsellor("alex").get(f"{restarted.url}/api/tickets", timeout=30).json()["tickets"]
    assert survivors_needed <= {item["code"] for item in queued}

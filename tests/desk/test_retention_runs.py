"""Retention as operators meet it: `cdm desk purge`, and the purge the service runs on its own schedule."""

from __future__ import annotations

import os
import subprocess
import time

import requests

from deploy.stack import ROOT
from desk import auth, queue
from desk.db import Database, migrate
from tests.desk.conftest import LOG_DIR
from tests.desk.server import add_counsellor, running_desk
from tests.desk.test_queue import OPEN, ctx, new_ticket

LATER = "2026-11-25T12:00:00+01:00"  # an hour after the tickets below were handled


def test_cdm_desk_purge_deletes_what_is_past_its_time(database_url: str) -> None:
    database = Database(database_url)
    migrate(database.engine)
    closed = queue.create_ticket(database, new_ticket(), ctx())
    kept = queue.create_ticket(database, new_ticket(), ctx())
    with database.transaction() as session:
        camille = auth.add_counsellor(session, "camille", "a long enough password", "counsellor", [], OPEN)
        queue.claim(session, kept.code, camille, ctx())
        queue.close(session, closed.code, camille, "answered", ctx())
    env = {**os.environ, "DATABASE_URL": database_url, "CDM_DESK_RETENTION_HOURS": "0", "CDM_FIXED_NOW": LATER}
    run = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "cdm"), "desk", "purge"], env=env, capture_output=True, text=True, check=True
    )
    assert "deleted 1 closed and 0 unclaimed tickets" in run.stdout
    with database.transaction() as session:
        assert queue.public_status(session, closed.code, ctx())["status"] == "unknown"
        assert queue.public_status(session, kept.code, ctx())["status"] == "in_progress"
    database.dispose()


def test_the_service_purges_on_its_own_schedule(database_url: str) -> None:
    add_counsellor(database_url, "camille")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    settings = {"CDM_DESK_RETENTION_HOURS": "0", "CDM_DESK_PURGE_SECONDS": "1"}
    with running_desk(database_url, LOG_DIR / "desk-retention.log", settings) as desk:
        code = desk.create_ticket().json()["code"]
        camille = desk.counsellor("camille")
        camille.post(f"{desk.url}/desk/api/tickets/{code}/close", json={"outcome": "no_show"}, timeout=10)
        statuses = []
        for _ in range(30):  # the purge runs every second; give it a few rounds
            statuses.append(requests.get(f"{desk.url}/api/tickets/{code}/status", timeout=10).json()["status"])
            if statuses[-1] == "unknown":
                break
            time.sleep(0.5)
    assert statuses[0] in ("closed", "unknown") and statuses[-1] == "unknown"

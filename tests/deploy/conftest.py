"""`make run-prod`'s topology, started once per test session by the same runner (deploy/prod.py), with
its door and every process on free loopback ports and its state (PostgreSQL cluster, logs,
processes.json) in a temporary folder, so that it runs beside a developer's own `make run-prod`."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from deploy import prod
from deploy.stack import ROOT


@dataclass
class RunProd:
    door: str
    state: Path
    runner: subprocess.Popen

    def processes(self) -> list[dict]:
        return json.loads((self.state / "processes.json").read_text())

    def process(self, name: str) -> dict:
        return next(entry for entry in self.processes() if entry["name"] == name)

    def wait_replaced(self, name: str, old_pid: int, timeout: float = prod.START_TIMEOUT_S) -> dict:
        """The entry of `name` once the runner has restarted it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.runner.poll() is None, "the runner stopped"
            entry = next((e for e in self.processes() if e["name"] == name), None)
            if entry is not None and entry["pid"] != old_pid:
                return entry
            time.sleep(0.5)
        raise AssertionError(f"{name} was not restarted within {timeout} s")


@pytest.fixture(scope="session")
def run_prod() -> Iterator[RunProd]:
    try:
        with prod.running(ROOT / "var" / "test-logs" / "run-prod") as (door, state, runner):
            assert requests.get(f"{door}/door-health", timeout=5).status_code == 200
            yield RunProd(door, state, runner)
    except RuntimeError as error:
        pytest.fail(str(error))

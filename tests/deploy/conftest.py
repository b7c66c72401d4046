"""`make run-prod`'s topology, started once per test session by the same runner (deploy/prod.py), with
its door and every process on free loopback ports and its state (PostgreSQL cluster, logs,
processes.json) in a temporary folder, so that it runs beside a developer's own `make run-prod`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from deploy.stack import ROOT, free_port, trained_model

START_TIMEOUT_S = 900


@dataclass
class RunProd:
    door: str
    state: Path
    runner: subprocess.Popen

    def processes(self) -> list[dict]:
        return json.loads((self.state / "processes.json").read_text())

    def process(self, name: str) -> dict:
        return next(entry for entry in self.processes() if entry["name"] == name)

    def wait_replaced(self, name: str, old_pid: int, timeout: float = START_TIMEOUT_S) -> dict:
        """The entry of `name` once the runner has restarted it and it answers again."""
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
    state = Path(tempfile.mkdtemp(prefix="cdm-run-prod-"))
    port = free_port()
    log = (state / "runner.log").open("w")
    runner = subprocess.Popen(
        [sys.executable, "-m", "deploy.prod", "--state", str(state), "--port", str(port), "--free-ports"],
        cwd=ROOT,
        env={**os.environ, "CDM_MODEL": trained_model()},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    door = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "The production topology is up" not in (state / "runner.log").read_text():
            if runner.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"run-prod did not come up:\n{(state / 'runner.log').read_text()[-4000:]}")
            time.sleep(1)
        assert requests.get(f"{door}/door-health", timeout=5).status_code == 200
        yield RunProd(door, state, runner)
    finally:
        runner.send_signal(signal.SIGTERM)
        try:
            runner.wait(timeout=120)
        except subprocess.TimeoutExpired:
            runner.kill()
        log.close()
        logs = ROOT / "var" / "test-logs" / "run-prod"
        shutil.rmtree(logs, ignore_errors=True)
        shutil.copytree(state / "log", logs, dirs_exist_ok=True)
        shutil.rmtree(state, ignore_errors=True)

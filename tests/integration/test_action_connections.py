"""bot/action_endpoint.py: Rasa's calls to the action server reuse one connection, and carry the same
token, headers and replies as Rasa's own endpoint (driven under .venv-rasa against a loopback server)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = Path(__file__).with_name("action_calls_in_rasa.py")


def test_pooled_action_calls_reuse_one_connection_and_change_nothing_else():
    done = subprocess.run([str(RASA_PYTHON), str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    calls = len(seen["replies"])
    assert seen["connections"] == {"rasa": calls, "pooled": 1}
    assert seen["same_replies"]
    assert seen["replies"][-1] == {"events": [], "echo": {"n": calls - 1}}
    assert seen["seen"] == [{"token": "t0ken", "header": "demo"}] * (2 * calls)
    assert seen["adopt_is_idempotent"]

"""`make run`'s demo counsellor: created once through `cdm desk add-counsellor` in a real (temporary)
SQLite database, then the same sign-in printed on every later run."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from deploy.demo_account import ensure_demo_account


def test_the_demo_account_is_created_once_and_remembered(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}"}
    account_file = tmp_path / "var" / "desk-demo-account"
    first = ensure_demo_account(account_file, env)
    assert first.username == "demo" and first.password and len(first.password) >= 12
    assert stat.S_IMODE(account_file.stat().st_mode) == 0o600
    assert ensure_demo_account(account_file, env) == first

    # The file lost but the account still there: no second account, and no made-up password.
    account_file.unlink()
    again = ensure_demo_account(account_file, env)
    assert again.username == "demo" and again.password is None

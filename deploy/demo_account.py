"""The demo counsellor account `make run` creates on a fresh machine, so the desk can be tried at once.

Created once through the operator command (`cdm desk add-counsellor`), with a random password kept in
`var/desk-demo-account` (readable by the owner only), so every later `make run` prints the same sign-in.
A centre deleting that file and the account, or creating its own accounts, is never overridden.
"""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_FILE = ROOT / "var" / "desk-demo-account"
DEMO_USERNAME = "demo"
CDM = ROOT / ".venv" / "bin" / "cdm"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str | None  # None: the account exists but its password was not created by `make run`


def _read(path: Path) -> DemoAccount | None:
    try:
        username, password = path.read_text(encoding="utf-8").strip().split("\n", 1)
    except (OSError, ValueError):
        return None
    return DemoAccount(username.strip(), password.strip())


def ensure_demo_account(path: Path = ACCOUNT_FILE, env: dict[str, str] | None = None) -> DemoAccount:
    """The demo account's sign-in, creating the account first when `make run` never did.

    Raises RuntimeError with the command's own message when the account cannot be created."""
    known = _read(path)
    if known is not None:
        return known
    password = secrets.token_urlsafe(12)
    result = subprocess.run(
        [str(CDM), "desk", "add-counsellor", DEMO_USERNAME, "--role", "admin", "--password-stdin", "--if-missing"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"cdm desk add-counsellor failed: {(result.stderr or result.stdout).strip()}")
    if "already exists" in result.stdout:
        return DemoAccount(DEMO_USERNAME, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(f"{DEMO_USERNAME}\n{password}\n", encoding="utf-8")
    return DemoAccount(DEMO_USERNAME, password)

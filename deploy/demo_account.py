"""The demo counsellor account `make run` creates on a fresh machine, so the desk can be tried at once.

Created once through the operator command (`cdm desk add-counsellor`), with a random password kept in
`var/desk-demo-account` (readable by the owner only), so every later `make run` prints the same sign-in.
A centre deleting that file and the account, or creating its own accounts, is never overridden.
One account per centre: `demo` for the default centre, `demo-<centre>` (file
`var/desk-demo-account-<centre>`) for each other, so that each centre's dashboard can be tried.
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


def demo_account_of(centre: str, default: str) -> tuple[str, Path]:
    """The demo account's username and sign-in file for a centre."""
    if centre == default:
        return DEMO_USERNAME, ACCOUNT_FILE
    return f"{DEMO_USERNAME}-{centre}", ACCOUNT_FILE.with_name(f"{ACCOUNT_FILE.name}-{centre}")


def ensure_demo_account(
    path: Path = ACCOUNT_FILE,
    env: dict[str, str] | None = None,
    username: str = DEMO_USERNAME,
    centre: str | None = None,
) -> DemoAccount:
    """A demo account's sign-in (an admin of `centre`, the default centre when None), creating the
    account first when `make run` never did.

    Raises RuntimeError with the command's own message when the account cannot be created."""
    known = _read(path)
    if known is not None:
        return known
    password = secrets.token_urlsafe(12)
    command = [str(CDM), "desk", "add-counsellor", username, "--role", "admin", "--password-stdin", "--if-missing"]
    if centre:
        command += ["--centre", centre]
    result = subprocess.run(
        command,
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
        return DemoAccount(username, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(f"{username}\n{password}\n", encoding="utf-8")
    return DemoAccount(username, password)

"""How every process reads its settings from the environment: a whole number with a floor, and a token
that `make run` keeps under var/. One home, so that the Rasa server's, the action server's and the desk's
settings modules only say which variables they read, and read them alike."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tokens `deploy/run.sh` generates once: the action server's for the desk, and Rasa's HTTP API's.
DESK_TOKEN_FILE = ROOT / "var" / "desk-token"
RASA_TOKEN_FILE = ROOT / "var" / "rasa-token"


def whole_number(name: str, default: int, minimum: int = 0) -> int:
    """`name` as a whole number, `default` when unset or blank; ValueError naming the variable otherwise."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise ValueError(f"{name}={raw!r} is not a whole number") from error
    if value < minimum:
        raise ValueError(f"{name}={value} is below the minimum {minimum}")
    return value


def token(name: str, file: Path) -> str | None:
    """A token from the environment, else from the file `make run` generates under var/, else None."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if file.is_file():
        return file.read_text(encoding="utf-8").strip() or None
    return None

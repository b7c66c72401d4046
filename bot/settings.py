"""The Rasa process's own settings (its channels), read once from the environment, with defaults that
work on a laptop. Rasa's command-line options (port, token, CORS) are set where Rasa is started."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from common import clients

ROOT = Path(__file__).resolve().parent.parent
RASA_TOKEN_FILE = ROOT / "var" / "rasa-token"


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError as error:
        raise ValueError(f"{name}={raw!r} is not a whole number") from error
    if value < minimum:
        raise ValueError(f"{name}={value} is below the minimum {minimum}")
    return value


def _client_key_secret() -> str:
    """The Rasa API token (shared by every replica, so a visitor's key is the same on each); a process's
    own random secret when there is none (keys then differ between replicas, limits are per replica)."""
    token = os.environ.get("CDM_RASA_TOKEN", "").strip()
    if not token and RASA_TOKEN_FILE.is_file():
        token = RASA_TOKEN_FILE.read_text(encoding="utf-8").strip()
    return token or secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ChannelSettings:
    # Bounds on what a client sends, checked before anything is parsed further or redacted, so one
    # request costs at most about as much as a long message.
    max_body_bytes: int
    max_metadata_depth: int
    max_metadata_leaves: int
    max_metadata_chars: int
    # Reverse proxies whose X-Forwarded-For names the visitor (common/clients.py); none by default.
    trusted_proxies: tuple[clients.IPNetwork, ...]
    client_key_secret: str

    @classmethod
    def from_env(cls) -> ChannelSettings:
        proxies = [item for item in os.environ.get("CDM_TRUSTED_PROXIES", "").split(",") if item.strip()]
        try:
            trusted = clients.networks(proxies)
        except ValueError as error:
            raise ValueError(f"CDM_TRUSTED_PROXIES: {error}") from error
        return cls(
            max_body_bytes=_int("CDM_RASA_MAX_BODY_BYTES", 65536, 1024),
            max_metadata_depth=_int("CDM_RASA_MAX_METADATA_DEPTH", 4, 1),
            max_metadata_leaves=_int("CDM_RASA_MAX_METADATA_LEAVES", 50, 1),
            max_metadata_chars=_int("CDM_RASA_MAX_METADATA_CHARS", 2000, 100),
            trusted_proxies=trusted,
            client_key_secret=_client_key_secret(),
        )


@cache
def channel_settings() -> ChannelSettings:
    return ChannelSettings.from_env()

"""The Rasa process's own settings (its channels), read once from the environment, with defaults that
work on a laptop. Rasa's command-line options (port, token, CORS) are set where Rasa is started."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache

from common import clients, env


def _client_key_secret() -> str:
    """The Rasa API token (shared by every replica, so a visitor's key is the same on each); a process's
    own random secret when there is none (keys then differ between replicas, limits are per replica)."""
    return env.token("CDM_RASA_TOKEN", env.RASA_TOKEN_FILE) or secrets.token_urlsafe(32)


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
            max_body_bytes=env.whole_number("CDM_RASA_MAX_BODY_BYTES", 65536, 1024),
            max_metadata_depth=env.whole_number("CDM_RASA_MAX_METADATA_DEPTH", 4, 1),
            max_metadata_leaves=env.whole_number("CDM_RASA_MAX_METADATA_LEAVES", 50, 1),
            max_metadata_chars=env.whole_number("CDM_RASA_MAX_METADATA_CHARS", 2000, 100),
            trusted_proxies=trusted,
            client_key_secret=_client_key_secret(),
        )


@cache
def channel_settings() -> ChannelSettings:
    return ChannelSettings.from_env()

"""The action server's settings, read once from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from common.site import DEFAULT_SITE_FILE, Site, load_site


@dataclass(frozen=True)
class ActionSettings:
    site_file: Path
    # A fixed clock (ISO 8601 with offset) for demonstrations and tests; None means the real time.
    fixed_now: dt.datetime | None

    @classmethod
    def from_env(cls) -> ActionSettings:
        fixed = os.environ.get("CDM_FIXED_NOW")
        return cls(
            site_file=Path(os.environ.get("CDM_SITE_FILE", DEFAULT_SITE_FILE)),
            fixed_now=dt.datetime.fromisoformat(fixed) if fixed else None,
        )


@cache
def settings() -> ActionSettings:
    return ActionSettings.from_env()


@cache
def site() -> Site:
    """The centre's configuration, loaded once per process (a bad file fails at start, naming the field)."""
    return load_site(settings().site_file)


def now() -> dt.datetime:
    """The current time in the centre's time zone (or the fixed clock when one is configured)."""
    moment = settings().fixed_now or dt.datetime.now(dt.UTC)
    return moment.astimezone(site().timezone)

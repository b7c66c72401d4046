"""The action server's settings, read once from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache

from common.centres import centre_ids, default_centre
from common.site import Site, site_of


@dataclass(frozen=True)
class ActionSettings:
    # A fixed clock (ISO 8601 with offset) for demonstrations and tests; None means the real time.
    fixed_now: dt.datetime | None

    @classmethod
    def from_env(cls) -> ActionSettings:
        fixed = os.environ.get("CDM_FIXED_NOW")
        return cls(fixed_now=dt.datetime.fromisoformat(fixed) if fixed else None)


@cache
def settings() -> ActionSettings:
    return ActionSettings.from_env()


def site(centre: str | None = None) -> Site:
    """A centre's configuration (the default centre's without one), loaded once per centre and process;
    `centre` comes from `actions.centre.centre_of`, which only returns ids this deployment serves."""
    return site_of(centre or default_centre())


def check_sites() -> None:
    """Load every centre's site.yml at start, so that a bad file stops the server naming the field."""
    for centre in centre_ids():
        site(centre)


def now(centre: str | None = None) -> dt.datetime:
    """The current time in a centre's time zone (or the fixed clock when one is configured)."""
    moment = settings().fixed_now or dt.datetime.now(dt.UTC)
    return moment.astimezone(site(centre).timezone)

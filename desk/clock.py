"""The desk's clock: real time, or a fixed starting moment (`CDM_FIXED_NOW`) from which time runs on.

The action server freezes its clock for tests; the desk cannot freeze it entirely, since handling times,
session expiry and lock-outs are measured between moments. So a fixed start is honoured for opening hours
("open now?", "closes at") while seconds keep passing from there.
"""

from __future__ import annotations

import datetime as dt
import time


class Clock:
    def __init__(self, fixed_start: dt.datetime | None = None) -> None:
        self._fixed_start = fixed_start
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        """The current moment, always timezone-aware (UTC unless anchored to a fixed start)."""
        if self._fixed_start is None:
            return dt.datetime.now(dt.UTC)
        return self._fixed_start + dt.timedelta(seconds=time.monotonic() - self._started)

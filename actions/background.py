"""Work the action server hands to the desk after a visitor's answer: one bounded queue per purpose, one
daemon thread draining it.

Counting figures and reporting knowledge gaps must never keep a visitor waiting, and one visitor firing
messages must not start threads or pile up work that every other visitor's turns then share: a full queue
drops the new job (logged), as a desk that is down for long would lose it anyway.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

_log = logging.getLogger(__name__)


class BackgroundQueue:
    """Jobs run one after another on a daemon thread; at most `backlog` wait."""

    def __init__(self, name: str, backlog: int) -> None:
        self.name = name
        self.backlog = backlog
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue(maxsize=backlog)
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # a failed job must not stop the thread that runs every later one
                _log.exception("%s: a background job failed", self.name)

    def submit(self, job: Callable[[], None]) -> bool:
        """Queue `job`; False (and a warning) when the backlog is full and the job is dropped."""
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            _log.warning("%s: %d jobs already wait for the desk; this one is dropped", self.name, self.backlog)
            return False
        return True

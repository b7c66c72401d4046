"""The action server's one handle on the index: loaded once per process, reloaded in the background.

Loading the index and the embedding model takes seconds and about a gigabyte, so it happens once, at
start-up, in a background thread (the server answers greetings meanwhile; a knowledge question waits
for the load instead of failing). A watcher thread then follows `cdm index` rebuilds, and each query
also reads the `current` link (one readlink): a question asked right after a rebuild (a counsellor
publishing a resource for a knowledge gap) waits for the new generation rather than missing it.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from functools import cache

from indexer.search import Searcher
from indexer.workshops import WorkshopFinder

log = logging.getLogger(__name__)
RELOAD_INTERVAL_SECONDS = float(os.environ.get("CDM_INDEX_RELOAD_SECONDS", "2"))


@dataclass(frozen=True)
class Knowledge:
    searcher: Searcher
    workshops: WorkshopFinder


class _Loader:
    """Loads the index once, in a thread, and hands it to every caller when it is ready."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._knowledge: Knowledge | None = None
        self._error: BaseException | None = None
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._load, name="index-loader", daemon=True).start()

    def _load(self) -> None:
        try:
            searcher = Searcher(reload_on_query=True)
            searcher.search("formation", k=1)  # first query pays the lazy costs (spaCy, torch kernels)
            searcher.watch(RELOAD_INTERVAL_SECONDS)
            self._knowledge = Knowledge(searcher, WorkshopFinder(searcher))
            self._knowledge.workshops.relevant_series("atelier CV")
            log.info("index loaded: generation %s", searcher.generation.name)
        except BaseException as error:
            self._error = error
            log.error("the index could not be loaded: %s", error)
        finally:
            self._ready.set()

    def get(self, timeout: float = 120.0) -> Knowledge:
        self.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the index is still loading")
        if self._knowledge is None:
            raise RuntimeError(f"the index could not be loaded: {self._error}")
        return self._knowledge


@cache
def _loader() -> _Loader:
    return _Loader()


def warm_up() -> None:
    """Start loading the index now (called when the action package is imported)."""
    _loader().start()


def knowledge() -> Knowledge:
    """The loaded index; blocks while it is still loading, raises if it cannot be loaded."""
    return _loader().get()

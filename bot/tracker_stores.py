"""Where the Rasa server keeps conversations: briefly, and with "erase everything" meaning erase.

Two stores, chosen in the endpoints file (`tracker_store: type: bot.tracker_stores.<Class>`):
- `EphemeralTrackerStore` (bot/endpoints.yml, the default): in this process's memory only, and each
  conversation dropped `expire_after_seconds` after its last message, so a kiosk or an abandoned chat
  leaves nothing behind, even in a long-running server.
- `ErasingRedisTrackerStore` (deploy/endpoints.production.yml): Rasa's Redis store, whose records expire
  `record_exp` seconds after the last message (Redis deletes them itself).
Both erase on restart: Rasa's `Restarted` event (returned by `action_end_session`) only resets the
dialogue state and leaves every earlier message in the tracker, where the HTTP API still shows it. When a
tracker to be saved holds a restart, these stores keep only what follows the last one, and drop the
stored record first (Rasa's Redis store would otherwise merge the old events back in).
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_EXPIRY_SECONDS = 1800.0


def forget_before_restart(tracker: DialogueStateTracker) -> DialogueStateTracker | None:
    """A copy of `tracker` that starts at its last restart, or None when nothing precedes one."""
    events = list(tracker.events)
    restarts = [index for index, event in enumerate(events) if isinstance(event, Restarted)]
    if not restarts or restarts[-1] == 0:
        return None
    kept = tracker.init_copy()
    kept.update_with_events(events[restarts[-1] :], domain=None, override_timestamp=False)
    return kept


def _positive_seconds(value: Any, field: str) -> float:
    """A strictly positive number of seconds from the endpoints file (where env values are strings)."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"tracker_store.{field} must be a number of seconds, not {value!r}") from None
    if not seconds > 0:
        raise ValueError(f"tracker_store.{field} must be more than 0 seconds, not {value!r}")
    return seconds


class EphemeralTrackerStore(InMemoryTrackerStore):
    """Rasa's in-memory store, with conversations expiring and erased on restart."""

    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        expire_after_seconds: Any = DEFAULT_EXPIRY_SECONDS,
        **_endpoint_fields: Any,  # `host` (always passed to custom stores) means nothing here
    ) -> None:
        super().__init__(domain, event_broker)
        self.expire_after_seconds = _positive_seconds(expire_after_seconds, "expire_after_seconds")
        self._last_saved: dict[str, float] = {}

    def _drop_expired(self) -> None:
        deadline = time.monotonic() - self.expire_after_seconds
        for sender_id in [sender for sender, saved in self._last_saved.items() if saved <= deadline]:
            self.store.pop(sender_id, None)
            del self._last_saved[sender_id]

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._drop_expired()
        erased = forget_before_restart(tracker)
        if erased is not None:
            self.store.pop(tracker.sender_id, None)
            tracker = erased
        await super().save(tracker)
        self._last_saved[tracker.sender_id] = time.monotonic()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._drop_expired()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self._drop_expired()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> list[str]:
        self._drop_expired()
        return list(self.store.keys())


class ErasingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis store, with a required record expiry and conversations erased on restart."""

    def __init__(
        self,
        domain: Domain,
        record_exp: Any = None,
        port: Any = 6379,
        db: Any = 0,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            domain,
            record_exp=int(_positive_seconds(record_exp, "record_exp")),
            port=int(port),
            db=int(db),
            password=password or None,
            **kwargs,
        )

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        erased = forget_before_restart(tracker)
        if erased is not None:
            self.red.delete(self.key_prefix + tracker.sender_id)
            tracker = erased
        await super().save(tracker, timeout)

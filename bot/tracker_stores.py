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

The Redis store also saves round trips and work on every turn: Rasa's store reads a record back from
Redis before each write, to merge in earlier sessions that `retrieve` left out. Rasa handles a turn
under the conversation's lock (the lock store), retrieving the tracker before it saves that same
object, so nothing else writes the record in between: `ErasingRedisTrackerStore` remembers what the
record held when it handed a tracker out (or last wrote it) and reads it again only when it must.
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

DEFAULT_EXPIRY_SECONDS = 1800.0
# Conversations whose record the Redis store remembers (one entry each, the oldest dropped first).
KNOWN_RECORDS = 4096
# How long "no record" stays believed: only for the save that creates the tracker right after the read.
ABSENT_SECONDS = 1.0


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


@dataclass(frozen=True)
class _Known:
    """What a conversation's record held when this store last read or wrote it."""

    tracker: weakref.ref | None  # the tracker handed out or saved then (None: there was no record)
    events: int  # how many events the record held
    complete: bool  # the tracker held every one of them (False: `retrieve` left earlier sessions out)
    record: str | None  # the record itself, when it has to be merged
    at: float


class ErasingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis store, with a required record expiry, conversations erased on restart, and the
    record read back before a write only when the tracker being saved may not hold all of it."""

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
        self._known: OrderedDict[str, _Known] = OrderedDict()

    def _remember(self, sender_id: str, tracker: DialogueStateTracker | None, known: dict[str, Any]) -> None:
        reference = weakref.ref(tracker) if tracker is not None else None
        self._known[sender_id] = _Known(reference, at=time.monotonic(), **known)
        self._known.move_to_end(sender_id)
        while len(self._known) > KNOWN_RECORDS:
            self._known.popitem(last=False)

    def _recall(self, tracker: DialogueStateTracker) -> _Known | None:
        """What the record holds, if this store knows it for the tracker about to be saved."""
        known = self._known.pop(tracker.sender_id, None)
        if known is None:
            return None
        if known.tracker is None:  # no record a moment ago: the tracker is being created
            return known if time.monotonic() - known.at <= ABSENT_SECONDS else None
        if known.tracker() is not tracker or (known.complete and len(tracker.events) < known.events):
            return None
        return known

    async def _retrieve(self, sender_id: str, fetch_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's retrieval (the last session, or all of them), remembering what the record held."""
        stored = self.red.get(self.key_prefix + sender_id)
        if stored is None:
            self._remember(sender_id, None, {"events": 0, "complete": True, "record": None})
            return None
        tracker = self.deserialise_tracker(sender_id, stored)
        if tracker is None:
            return None
        handed = tracker
        if not fetch_all_sessions:
            sessions = get_trackers_for_conversation_sessions(tracker)
            handed = sessions[-1] if len(sessions) > 1 else tracker
        complete = handed is tracker
        known = {"events": len(tracker.events), "complete": complete, "record": None if complete else stored}
        self._remember(sender_id, handed, known)
        return handed

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """Rasa's save (earlier sessions merged in, the record's expiry renewed) in one write when the
        record is known; an erasing save drops the record and writes the rest in one transaction."""
        await self.stream_events(tracker)
        expiry = timeout or self.record_exp
        key = self.key_prefix + tracker.sender_id
        erased = forget_before_restart(tracker)
        if erased is not None:
            self._known.pop(tracker.sender_id, None)
            with self.red.pipeline(transaction=True) as pipe:
                pipe.delete(key)
                pipe.set(key, self.serialise_tracker(erased), ex=expiry)
                pipe.execute()
            return
        known = self._recall(tracker)
        stored = self.red.get(key) if known is None else known.record
        merged = tracker
        if stored is not None:
            merged = self._merge_trackers(self.deserialise_tracker(tracker.sender_id, stored), tracker)
        record = self.serialise_tracker(merged)
        self.red.set(key, record, ex=expiry)
        # The caller goes on with its own tracker: when earlier sessions were merged in, the record holds
        # more than it does, and its next save merges again.
        complete = merged is tracker
        known_now = {"events": len(merged.events), "complete": complete, "record": None if complete else record}
        self._remember(tracker.sender_id, tracker, known_now)

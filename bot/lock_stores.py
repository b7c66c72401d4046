"""Where the Rasa replicas queue for a conversation: Rasa's Redis lock store, with each change atomic.

Rasa's `RedisLockStore` reads a conversation's lock, changes it in Python and writes it back, in separate
commands: two replicas taking a ticket at the same moment can both read the same lock and both be given
the same ticket (then both process the conversation at once), and a ticket taken while another replica
releases the lock can be written over. `AtomicRedisLockStore` keeps Rasa's lock (its `TicketLock`, the
same keys and JSON) and makes each read-change-write one optimistic transaction (`WATCH`, retried when
another replica changed the lock meanwhile). It also spares the commands the outcome already tells: a
ticket that is served at once is not read back, and a release writes or deletes the lock in one step.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis import WatchError

# Attempts at one transaction before giving up: each failed one means another replica changed this very
# conversation's lock in the few microseconds between a read and a write.
ATTEMPTS = 100


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, each ticket taken or released in one transaction."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # built from the endpoints file (`type: bot.lock_stores....`)
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self._served_at_once: dict[tuple[str, int], TicketLock] = {}

    def _transaction(self, conversation_id: str, change: Callable[[TicketLock | None], TicketLock | None]) -> Any:
        """Apply `change` to the stored lock atomically: it returns the lock to store (None: delete it)."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(ATTEMPTS):
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    result = change(lock)
                    pipe.multi()
                    if result is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, result.dumps())
                    pipe.execute()
                    return result
                except WatchError:
                    continue
        raise LockError(f"The lock of conversation '{conversation_id}' kept changing; no ticket taken.")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued: list[int] = []

        def take(lock: TicketLock | None) -> TicketLock:
            lock = lock or self.create_lock(conversation_id)
            issued[:] = [lock.issue_ticket(lock_lifetime)]
            return lock

        lock = self._transaction(conversation_id, take)
        ticket = issued[0]
        if not lock.is_locked(ticket):
            # Served at once: nobody else can take the turn from a ticket being served (later tickets
            # queue behind it), so waiting for the lock need not read it back.
            self._served_at_once[(conversation_id, ticket)] = lock
        return ticket

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        lock = self._served_at_once.pop((conversation_id, ticket), None)
        if lock is not None:
            return lock
        return await super()._acquire_lock(conversation_id, ticket, wait_time_in_seconds)

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (while a ticket waits), in one transaction when there are any."""
        lock = self.get_lock(conversation_id)
        if lock is None or not any(ticket.has_expired() for ticket in lock.tickets):
            return

        def drop_expired(lock: TicketLock | None) -> TicketLock | None:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock

        self._transaction(conversation_id, drop_expired)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back, and delete the lock when nobody else holds one, in one transaction."""
        self._served_at_once.pop((conversation_id, ticket_number), None)

        def release(lock: TicketLock | None) -> TicketLock | None:
            if lock is None:
                return None
            lock.remove_ticket_for(ticket_number)
            return lock if lock.is_someone_waiting() else None

        self._transaction(conversation_id, release)

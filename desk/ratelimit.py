"""Rate limits on sign-in, ticket creation and code look-up (the `limits` library, moving windows).

Kept in memory: the desk is one process, and a restart forgetting the counts is acceptable. Keys are the
client's address, so one noisy client cannot lock out the others. Tickets come from the action server
(one address for every visitor), so they are also counted per visitor: per conversation, and per client
as the action server names it (a key derived from the visitor's address, never the address itself).
"""

from __future__ import annotations

import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from common import clients

MAX_KEY_CHARS = 128


class RateLimits:
    def __init__(
        self,
        sign_in: str,
        tickets: str,
        status: str,
        tickets_client: str = "20/hour",
        tickets_conversation: str = "3/hour",
        ics: str = "30/hour",
    ) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {
            "sign_in": parse(sign_in),
            "tickets": parse(tickets),
            "status": parse(status),
            "tickets_client": parse(tickets_client),
            "tickets_conversation": parse(tickets_conversation),
            "ics": parse(ics),
        }

    def _hit(self, name: str, key: str) -> None:
        """Count one hit for `key`; HTTP 429 with Retry-After once over the limit, naming it."""
        item = self._items[name]
        if not self._limiter.hit(item, name, key):
            reset_at, _remaining = self._limiter.get_window_stats(item, name, key)
            raise HTTPException(
                status_code=429,
                detail=f"too many requests ({name}: {item}); try again shortly",
                headers={"Retry-After": str(max(1, int(reset_at - time.time())))},
            )

    def check(self, name: str, request: Request) -> None:
        """Count one hit for this caller's address."""
        self._hit(name, request.client.host if request.client else "unknown")

    def check_ticket(self, request: Request, conversation_id: str) -> None:
        """A new ticket: the caller's overall limit, the visitor's client, then the conversation's.

        A client is charged once per conversation that asks for a ticket, not per request: a retried or
        repeated request of the same conversation is that conversation's business, not a flood of
        conversations. Without the header (an older action server), the client limit is not applied."""
        self.check("tickets", request)
        item = self._items["tickets_conversation"]
        _reset, remaining = self._limiter.get_window_stats(item, "tickets_conversation", conversation_id)
        client = request.headers.get(clients.HEADER, "").strip()[:MAX_KEY_CHARS]
        if client and remaining == item.amount:  # this conversation's first ticket in the window
            self._hit("tickets_client", client)
        self._hit("tickets_conversation", conversation_id)

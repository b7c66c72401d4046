"""Rate limits on sign-in, ticket creation and code look-up (the `limits` library, moving windows).

Kept in memory: the desk is one process, and a restart forgetting the counts is acceptable. Keys are the
client's address, so one noisy client cannot lock out the others.
"""

from __future__ import annotations

import time

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimits:
    def __init__(self, sign_in: str, tickets: str, status: str) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {
            "sign_in": parse(sign_in),
            "tickets": parse(tickets),
            "status": parse(status),
        }

    def check(self, name: str, request: Request) -> None:
        """Count one hit for this client; HTTP 429 with Retry-After once over the limit."""
        item = self._items[name]
        client = request.client.host if request.client else "unknown"
        if not self._limiter.hit(item, name, client):
            reset_at, _remaining = self._limiter.get_window_stats(item, name, client)
            raise HTTPException(
                status_code=429,
                detail=f"too many requests ({item}); try again shortly",
                headers={"Retry-After": str(max(1, int(reset_at - time.time())))},
            )

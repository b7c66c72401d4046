"""Live updates: an in-process publish/subscribe for server-sent events, and pausing the bot.

The dashboard subscribes to the `queue` channel and refetches the queue when told something changed; a
live-chat visitor and the counsellor's open ticket subscribe to `ticket:<code>`. The desk runs as one
process (one uvicorn worker), so an in-process broker is enough; publishing is thread-safe because the
queue functions run in FastAPI's worker threads.

While a counsellor holds a live chat, the bot must not answer too: the desk appends Rasa's `pause`
event to the conversation's tracker, and `resume` when the ticket closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from urllib.parse import quote

import httpx
from starlette.concurrency import run_in_threadpool

from desk.settings import DeskSettings

_log = logging.getLogger(__name__)
SUBSCRIBER_BACKLOG = 500
QUEUE_CHANNEL = "queue"


def ticket_channel(code: str) -> str:
    return f"ticket:{code}"


class Broker:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, channel: str) -> Subscription:
        """Register now (before the response starts, so no event slips between the answer's headers and
        the first read); leave with `with subscription:` or `close()`."""
        queue: asyncio.Queue = asyncio.Queue(SUBSCRIBER_BACKLOG)
        self._subscribers[channel].add(queue)
        return Subscription(self, channel, queue)

    def unsubscribe(self, channel: str, queue: asyncio.Queue) -> None:
        self._subscribers[channel].discard(queue)

    def publish(self, channel: str, event: str, data: dict | None = None) -> None:
        """Deliver to every subscriber of `channel`; callable from any thread."""
        if self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._deliver, channel, event, data or {})

    def _deliver(self, channel: str, event: str, data: dict) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            try:
                queue.put_nowait((event, data))
            except asyncio.QueueFull:
                _log.warning("live: a slow subscriber of %s missed an event", channel.split(":")[0])


class Subscription:
    def __init__(self, broker: Broker, channel: str, queue: asyncio.Queue) -> None:
        self.broker, self.channel, self.queue = broker, channel, queue

    def close(self) -> None:
        self.broker.unsubscribe(self.channel, self.queue)

    def __enter__(self) -> asyncio.Queue:
        return self.queue

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def set_conversation_paused(settings: DeskSettings, conversation_id: str, paused: bool) -> bool:
    """Append `pause` or `resume` to the conversation's tracker; False (logged) when Rasa refuses or is down."""
    return _append_event(settings, conversation_id, "pause" if paused else "resume")


def erase_conversation(settings: DeskSettings, conversation_id: str) -> bool:
    """Append `restart` to the conversation's tracker: it lifts a pause (a paused conversation ignores the
    visitor's own "end and erase") and the bot's tracker stores keep nothing from before a restart."""
    return _append_event(settings, conversation_id, "restart")


def _append_event(settings: DeskSettings, conversation_id: str, name: str) -> bool:
    """Through Rasa's HTTP API, with its token as the `token` query parameter (the one way Rasa accepts it)."""
    if not settings.rasa_url:
        return False
    url = f"{settings.rasa_url}/conversations/{quote(conversation_id, safe='')}/tracker/events"
    try:
        response = httpx.post(url, json={"event": name}, params={"token": settings.rasa_token or ""}, timeout=5.0)
        response.raise_for_status()
        return True
    except httpx.HTTPError as error:
        _log.warning("live: could not %s the conversation in Rasa: %s", name, type(error).__name__)
        return False


async def ticket_ended(
    broker: Broker, settings: DeskSettings, code: str, mode: str, conversation_id: str, erase: bool = False
) -> None:
    """Tell the ticket's live chat and the dashboards that a ticket closed without a counsellor closing
    it, and give the conversation back to the bot (erased when the visitor asked for it)."""
    broker.publish(ticket_channel(code), "closed")
    broker.publish(QUEUE_CHANNEL, "changed", {"code": code})
    if erase:
        await run_in_threadpool(erase_conversation, settings, conversation_id)
    elif mode == "live_chat":
        await run_in_threadpool(set_conversation_paused, settings, conversation_id, False)

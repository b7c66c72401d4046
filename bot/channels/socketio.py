"""The socket.io channel, with visitor text made safe, bounded and redacted before the NLU sees it.

Same events and options as Rasa's own socket.io channel (`user_uttered` in, `bot_uttered` out); the
only change is that each incoming message (and its metadata) goes through `safe_text` (`safe_metadata`),
exactly as on the REST channel, so that no channel is a way around the redaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.action_endpoint import pool_action_connections
from bot.channels.rest import prepare_rasa_process, safe_metadata, safe_text


class CleanSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (same name, same path) with `safe_text` applied to each message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        prepare_rasa_process()
        super().__init__(*args, **kwargs)

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def on_safe_message(message: UserMessage) -> Any:
            message.text = safe_text(message.text)
            metadata = safe_metadata(message.metadata)
            message.metadata = metadata if isinstance(metadata, dict) else None
            return await on_new_message(message)

        blueprint = super().blueprint(on_safe_message)
        self._replace_session_request()
        pool_action_connections(blueprint)
        return blueprint

    def _replace_session_request(self) -> None:
        """Rasa 3.6's handler calls `sio.enter_room` without awaiting it, but python-socketio 5 made it a
        coroutine: the visitor's connection never joins its session's room, and with
        `session_persistence` every reply goes to an empty room. Same handler, with the await."""
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

"""The socket.io channel, with visitor text made safe, bounded and redacted before the NLU sees it.

Same events and options as Rasa's own socket.io channel (`user_uttered` in, `bot_uttered` out); the
only change is that each incoming message (and its metadata) goes through `safe_text` (`safe_metadata`),
exactly as on the REST channel, so that no channel is a way around the redaction. Metadata outside
the bounds of `bot.bounds` is dropped before it is redacted (a socket.io event has no status
to refuse it with), and the Rasa server's body limit is set here too for the long-polling transport.
Each message's metadata gets the client key of the connection it came by, as on the REST channel.
Out: Rasa 3.6's output channel passes a custom payload to `emit` as keyword arguments, which fails
and loses the payload (and the turn's later messages); here each one is a `bot_uttered` message in
Rasa's own shapes (`standard_messages`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic

from bot import bounds
from bot.action_endpoint import pool_action_connections
from bot.channels.rest import client_key_of, metadata_with_client, prepare_rasa_process, safe_text
from bot.channels.standard_messages import standard_message
from bot.settings import channel_settings

_log = logging.getLogger(__name__)
# The client key of the connection whose `user_uttered` event is being handled (set around Rasa's handler).
_client_key: ContextVar[str | None] = ContextVar("socketio_client_key", default=None)


class CleanSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom payloads sent as messages a standard client can show."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, standard_message(json_message))


class CleanSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (same name, same path) with `safe_text` applied to each message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        prepare_rasa_process()
        super().__init__(*args, **kwargs)

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        """The output for messages the server sends by itself (reminders, `/conversations/.../execute`)."""
        return CleanSocketIOOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = channel_settings()

        async def on_safe_message(message: UserMessage) -> Any:
            message.text = safe_text(message.text)
            metadata = message.metadata
            try:
                bounds.check_metadata(metadata or {}, settings)
            except bounds.Rejected as refused:
                _log.warning("socket.io: metadata dropped: %s", refused.error)
                metadata = None
            message.metadata = metadata_with_client(metadata, _client_key.get())
            if self.sio is not None:
                message.output_channel = CleanSocketIOOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        blueprint = super().blueprint(on_safe_message)
        self._tag_messages_with_client()

        @blueprint.listener("before_server_start")
        async def bound_requests(app: Sanic, _loop: object) -> None:
            bounds.install(app, settings)

        self._replace_session_request()
        pool_action_connections(blueprint)
        return blueprint

    def _tag_messages_with_client(self) -> None:
        """Rasa's `user_uttered` handler, run with the client key of the sending connection at hand."""
        namespace = self.namespace or "/"
        handle_message = self.sio.handlers[namespace][self.user_message_evt]

        async def with_client_key(sid: str, data: Any) -> Any:
            request = (self.sio.get_environ(sid, namespace) or {}).get("sanic.request")
            token = _client_key.set(client_key_of(request) if request is not None else None)
            try:
                return await handle_message(sid, data)
            finally:
                _client_key.reset(token)

        self.sio.handlers[namespace][self.user_message_evt] = with_client_key

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

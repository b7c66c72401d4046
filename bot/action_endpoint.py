"""The Rasa server's calls to the action server, over connections kept open between turns.

Rasa 3.6's `EndpointConfig.request` opens a new aiohttp session, hence a new TCP connection, for every
action it runs, and closes it afterwards: connecting and tearing down shows up among the Rasa server's
costliest work per turn. `PooledEndpointConfig` is the same endpoint (URL, headers, token, timeout)
whose sessions share one connector per event loop without owning it, so each call borrows a kept-alive
connection. The channels install it once the server has loaded its agent (`pool_action_connections`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig
from sanic import Blueprint, Sanic

# An idle connection is dropped before the action server would drop it (Sanic's keep-alive limit, and
# the door's balancer's `keepalive_timeout`), so a call never goes out on a connection being closed.
IDLE_SECONDS = 3.0
MAX_CONNECTIONS = 64


class PooledEndpointConfig(EndpointConfig):
    """An `EndpointConfig` whose requests reuse connections (one connector per event loop)."""

    _connector: aiohttp.TCPConnector | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def adopt(cls, endpoint: EndpointConfig) -> PooledEndpointConfig:
        """The same endpoint, pooled (returned as is when it already is)."""
        if isinstance(endpoint, cls):
            return endpoint
        pooled = cls(
            endpoint.url,
            endpoint.params,
            endpoint.headers,
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            **endpoint.kwargs,
        )
        pooled.type = endpoint.type
        return pooled

    def connector(self) -> aiohttp.TCPConnector:
        """This event loop's connector, made on first use (a connector belongs to one loop)."""
        loop = asyncio.get_running_loop()
        if self._connector is None or self._connector.closed or self._loop is not loop:
            self._connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS, keepalive_timeout=IDLE_SECONDS)
            self._loop = loop
        return self._connector

    def session(self) -> aiohttp.ClientSession:
        """Rasa's session for one request, on the shared connector, which closing it leaves open."""
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        return aiohttp.ClientSession(
            connector=self.connector(),
            connector_owner=False,
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        )

    async def close(self) -> None:
        if self._connector is not None and not self._connector.closed:
            await self._connector.close()


def pool_action_connections(blueprint: Blueprint) -> None:
    """Have the server's action endpoint pooled once its agent is loaded, and closed when it stops.

    Rasa loads the agent in a `before_server_start` listener, so it exists by `after_server_start`; the
    agent's own endpoint is replaced too, as that is the one it gives a processor it makes later. Both
    channels call this; the second call finds the endpoint pooled already."""

    async def install(app: Sanic, _loop: Any) -> None:
        agent = getattr(app.ctx, "agent", None)
        if agent is None or agent.action_endpoint is None:
            return
        pooled = PooledEndpointConfig.adopt(agent.action_endpoint)
        agent.action_endpoint = pooled
        if agent.processor is not None:
            agent.processor.action_endpoint = pooled

    async def close(app: Sanic, _loop: Any) -> None:
        agent = getattr(app.ctx, "agent", None)
        endpoint = getattr(agent, "action_endpoint", None)
        if isinstance(endpoint, PooledEndpointConfig):
            await endpoint.close()

    blueprint.listener("after_server_start")(install)
    blueprint.listener("before_server_stop")(close)

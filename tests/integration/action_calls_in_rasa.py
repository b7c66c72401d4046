"""Run by tests/integration/test_action_connections.py under .venv-rasa (Rasa needs Python 3.10): serves a
loopback HTTP endpoint with aiohttp, calls it through Rasa's `EndpointConfig` and through
`bot.action_endpoint.PooledEndpointConfig`, and prints, as one JSON line, what the endpoint received
and how many connections each opened."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.action_endpoint import PooledEndpointConfig

CALLS = 5


async def main() -> dict:
    peers: dict[str, set] = {}
    seen: list[dict] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.setdefault(request.query["run"], set()).add(request.transport.get_extra_info("peername"))
        seen.append({"token": request.query.get("token"), "header": request.headers.get("X-Centre")})
        return web.json_response({"events": [], "echo": await request.json()})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    config = {"url": f"http://127.0.0.1:{port}/webhook", "token": "t0ken", "headers": {"X-Centre": "demo"}}
    rasa = EndpointConfig.from_dict(config)
    pooled = PooledEndpointConfig.adopt(EndpointConfig.from_dict(config))
    replies = {}
    for run, endpoint in (("rasa", rasa), ("pooled", pooled)):
        replies[run] = [await endpoint.request(json={"n": n}, params={"run": run}) for n in range(CALLS)]
    await pooled.close()
    await runner.cleanup()
    return {
        "connections": {run: len(addresses) for run, addresses in peers.items()},
        "same_replies": replies["rasa"] == replies["pooled"],
        "replies": replies["pooled"],
        "seen": seen,
        "adopt_is_idempotent": PooledEndpointConfig.adopt(pooled) is pooled,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))

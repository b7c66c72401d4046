"""The desk's FastAPI application: wiring only. Routes live in `api`, `dashboard` and `pages`; the queue
logic in plain modules. Start-up migrates the database, binds the live broker to the event loop, warms
the redaction model in the background and schedules the retention purge.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from common.centres import centre_ids, default_centre
from common.site import site_of
from desk import api, dashboard, db, gaps_routes, live, pages, qr, resources, retention
from desk.clock import Clock
from desk.figures import routes as figures
from desk.live import Broker
from desk.queue import Context
from desk.ratelimit import RateLimits
from desk.security import LiveApiCors, SecurityHeaders
from desk.settings import DeskSettings
from privacy.logging import install_redacting_logs

_log = logging.getLogger("desk")


@dataclass
class DeskState:
    settings: DeskSettings
    database: db.Database
    clock: Clock
    broker: Broker
    limits: RateLimits

    def context(self, centre: str | None = None) -> Context:
        """A fresh reading of the clock with everything the queue functions need, for a centre (a
        resolved id; the default centre's when None)."""
        centre = centre or default_centre()
        return Context(
            site=site_of(centre),
            centre=centre,
            now=self.clock.now(),
            code_length=self.settings.code_length,
            default_handling_minutes=self.settings.default_handling_minutes,
            online_window=self.settings.online_window,
        )


async def _purge_forever(state: DeskState) -> None:
    settings = state.settings
    while True:
        try:
            done = await run_in_threadpool(
                retention.purge,
                state.database,
                state.context(),
                settings.retention_closed,
                settings.retention_claimed,
                settings.retention_figures,
                settings.gaps.retention,
            )
            if done.closed or done.unclaimed or done.auto_closed:
                _log.info(
                    "retention: closed %d forgotten tickets, deleted %d closed and %d unclaimed tickets",
                    len(done.auto_closed),
                    done.closed,
                    done.unclaimed,
                )
            for ticket in done.auto_closed:
                await live.ticket_ended(state.broker, settings, ticket.code, ticket.mode, ticket.conversation_id)
        except Exception:  # a failed purge is retried at the next interval, never fatal to the service
            _log.exception("retention: purge failed")
        await asyncio.sleep(state.settings.purge_interval_s)


def _warm_up_redaction() -> None:
    import privacy

    privacy.warm_up()


def create_app(settings: DeskSettings | None = None) -> FastAPI:
    install_redacting_logs()  # visitor text in a log line (an error, a debug trace) is redacted first
    settings = settings or DeskSettings.from_env()
    for centre in centre_ids():
        site_of(centre)  # a wrong site.yml stops the desk at start, naming the centre's file and field
    state = DeskState(
        settings=settings,
        database=db.Database(settings.database_url),
        clock=Clock(settings.fixed_now),
        broker=Broker(),
        limits=RateLimits(
            settings.rate_sign_in,
            settings.rate_tickets,
            settings.rate_status,
            settings.rate_tickets_client,
            settings.rate_tickets_conversation,
            settings.rate_ics,
        ),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(db.migrate, state.database.engine)
        state.broker.bind(asyncio.get_running_loop())
        warm = asyncio.create_task(run_in_threadpool(_warm_up_redaction))
        purge = asyncio.create_task(_purge_forever(state))
        try:
            yield
        finally:
            purge.cancel()
            warm.cancel()
            state.database.dispose()

    app = FastAPI(title="Cité des métiers desk", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.desk = state
    app.add_middleware(GZipMiddleware, minimum_size=800)
    app.add_middleware(LiveApiCors, origins=settings.allowed_origins)
    app.add_middleware(SecurityHeaders, rasa_origin=settings.rasa_public_url)
    app.include_router(api.router)
    app.include_router(dashboard.router)
    app.include_router(gaps_routes.router)
    app.include_router(pages.router)
    app.include_router(resources.router)
    app.include_router(qr.router)
    app.include_router(figures.router)
    app.mount("/desk/static", StaticFiles(directory=Path(__file__).with_name("static")), name="desk-static")
    return app

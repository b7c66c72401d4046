"""`python -m desk`: serve the desk with uvicorn on the configured host and port (one worker: the live
broker is in-process)."""

from __future__ import annotations

import logging

import uvicorn

from desk.settings import DeskSettings


def main() -> None:
    settings = DeskSettings.from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        "desk.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=1,
        proxy_headers=True,
        forwarded_allow_ips=list(settings.trusted_proxies),  # none: the peer's own address counts
        access_log=False,  # URLs carry ticket codes and live-chat tokens; do not write them to a log
    )


if __name__ == "__main__":
    main()

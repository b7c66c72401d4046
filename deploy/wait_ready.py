"""Waits until every service of the local stack answers, then prints where to reach them.

Runs as one process of the Procfile; it stays alive afterwards because honcho stops the whole stack
when any of its processes ends (which is what we want if a service fails to come up).
"""

from __future__ import annotations

import os
import signal
import sys
import time
import urllib.error
import urllib.request

START_TIMEOUT_S = float(os.environ.get("CDM_START_TIMEOUT", "180"))


def services() -> dict[str, str]:
    host = os.environ.get("CDM_HOST", "127.0.0.1")
    return {
        "Rasa server (REST: POST /webhooks/rest/webhook)": f"http://{host}:{os.environ['RASA_PORT']}/",
        "Action server": f"http://{host}:{os.environ['ACTION_PORT']}/health",
    }


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    deadline = time.monotonic() + START_TIMEOUT_S
    pending = dict(services())
    while pending and time.monotonic() < deadline:
        pending = {name: url for name, url in pending.items() if not answers(url)}
        if pending:
            time.sleep(1)
    if pending:
        print(f"Not up after {START_TIMEOUT_S:.0f} s: {', '.join(pending)}", file=sys.stderr)
        return 1
    print("\nThe assistant is up:")
    for name, url in services().items():
        print(f"  {name:<50} {url}")
    print("Stop everything with Ctrl-C.\n", flush=True)
    signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Waits until every service of the local stack answers, then prints where to reach them.

Runs as one process of the Procfile; it stays alive afterwards because honcho stops the whole stack
when any of its processes ends (which is what we want if a service fails to come up).
"""

from __future__ import annotations

import os
import signal
import subprocess
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
        "Desk: counsellors' dashboard": f"http://{host}:{os.environ.get('CDM_DESK_PORT', '8000')}/desk",
    }


def visitor_pages() -> dict[str, str]:
    """Pages the desk serves for visitors (printed, not waited for: the desk's health covers them)."""
    base = f"http://{os.environ.get('CDM_HOST', '127.0.0.1')}:{os.environ.get('CDM_DESK_PORT', '8000')}"
    return {"Demo website with the chat widget": f"{base}/", "Kiosk page": f"{base}/kiosk"}


def demo_sign_in() -> str:
    """The demo counsellor's sign-in line (the account is created on the first run)."""
    from deploy.demo_account import ensure_demo_account

    try:
        account = ensure_demo_account()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        return f"no demo counsellor account: {error}"
    if account.password is None:
        return f"user {account.username!r} (created earlier; its password is not known to make run)"
    return f"user {account.username!r}, password {account.password!r} (kept in var/desk-demo-account)"


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
    sign_in = demo_sign_in()
    print("\nThe assistant is up:")
    for name, url in (services() | visitor_pages()).items():
        print(f"  {name:<50} {url}")
    print(f"  {'Demo counsellor sign-in':<50} {sign_in}")
    print("Stop everything with Ctrl-C.\n", flush=True)
    signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())

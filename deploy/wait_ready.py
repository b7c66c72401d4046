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
    from common.centres import centre_ids

    pages = {}
    for centre in centre_ids():  # one deployment serves every centre: each page takes ?centre=
        pages[f"Demo website with the chat widget ({centre})"] = f"{base}/?centre={centre}"
        pages[f"Kiosk page ({centre})"] = f"{base}/kiosk?centre={centre}"
    return pages


def demo_sign_in() -> str:
    """The demo counsellors' sign-in lines, one per centre (the accounts are created on the first run)."""
    from common.centres import centre_ids, default_centre
    from deploy.demo_account import demo_account_of, ensure_demo_account

    lines = []
    for centre in centre_ids():
        username, path = demo_account_of(centre, default_centre())
        try:
            account = ensure_demo_account(path, username=username, centre=centre)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            lines.append(f"no demo counsellor account for {centre}: {error}")
            continue
        if account.password is None:
            lines.append(
                f"{centre}: user {account.username!r} (created earlier; its password is not known to make run)"
            )
        else:
            lines.append(f"{centre}: user {account.username!r}, password {account.password!r} (kept in {path.name})")
    return "\n    ".join(lines)


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

"""Debian's Chromium under Playwright, launched the one way every browser test uses.

The machine has no internet: Playwright's own browser download is never used (`make browser-deps`
installs Debian's `chromium` with apt-get), and the flags keep Chromium from calling home.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # the machine's network is closed: no calls home
    "--disable-component-update",
]


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """A headless Chromium for the block; a clear failure when Debian's package is missing."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium chromium-driver)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

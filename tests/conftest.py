"""Session-wide fixtures: the real stack is started once per test session, never once per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from deploy.stack import ROOT, Stack, running_stack
from indexer.build import CURRENT, current_generation
from tests.chromium import launched_chromium

# A fixed clock for the action server: Friday 25 December 2026, 11:00 in Paris (a public holiday).
FIXED_NOW = "2026-12-25T11:00:00+01:00"


@pytest.fixture(scope="session")
def stack_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the shipped index (built by `make index`), which tests may rebuild freely."""
    source = current_generation(ROOT / "var" / "index")
    if source is None:
        pytest.fail("no index under var/index: run `make index` (make test does it first)")
    index_dir = tmp_path_factory.mktemp("index")
    shutil.copytree(source, index_dir / "generations" / source.name)
    os.symlink(f"generations/{source.name}", index_dir / CURRENT)
    return index_dir


@pytest.fixture(scope="session")
def stack(stack_index_dir: Path) -> Iterator[Stack]:
    env = {"CDM_FIXED_NOW": FIXED_NOW, "CDM_INDEX_DIR": str(stack_index_dir), "CDM_INDEX_RELOAD_SECONDS": "0.5"}
    # With the desk: handoffs create real tickets (tests/integration/test_handoff.py, the browser tests).
    with running_stack(ROOT / "var" / "test-logs", env, with_desk=True) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session: Playwright's sync API allows one running instance per thread."""
    with launched_chromium() as chromium:
        yield chromium

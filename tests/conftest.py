"""Session-wide fixtures: the real stack is started once per test session, never once per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deploy.stack import ROOT, Stack, running_stack

# A fixed clock for the action server: Friday 25 December 2026, 11:00 in Paris (a public holiday).
FIXED_NOW = "2026-12-25T11:00:00+01:00"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with running_stack(ROOT / "var" / "test-logs", {"CDM_FIXED_NOW": FIXED_NOW}) as running:
        yield running

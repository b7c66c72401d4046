"""Shared fixtures: one Builder (models loaded once), a fixture knowledge base, the shipped one.

Indexes are built once per session and copied or reused; tests that change files work on their own
copy of the small fixture base so the expensive shipped index is built exactly once.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from indexer.build import Builder
from indexer.search import Searcher
from indexer.settings import REPO_ROOT, load_settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_KB = FIXTURES / "kb"
BAD = FIXTURES / "bad"
SHIPPED_KB = REPO_ROOT / "knowledge_base"


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def builder(settings) -> Builder:
    return Builder(settings)


@pytest.fixture(scope="session")
def fixture_index(builder, tmp_path_factory) -> Path:
    """The fixture base, indexed once, never modified."""
    out = tmp_path_factory.mktemp("fixture-index")
    report = builder.build(FIXTURE_KB, out)
    assert report.exit_status == 0, report.problems
    return out


@pytest.fixture(scope="session")
def fixture_searcher(fixture_index, builder, settings) -> Searcher:
    return Searcher(fixture_index, settings, analyzer=builder.analyzer, embedder=builder.embedder)


@pytest.fixture()
def kb_copy(tmp_path) -> Path:
    """A private copy of the fixture base that a test may change."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture(scope="session")
def shipped_index(builder, tmp_path_factory) -> Path:
    """The shipped knowledge base, indexed once per test session."""
    out = tmp_path_factory.mktemp("shipped-index")
    builder.build(SHIPPED_KB, out)
    return out


@pytest.fixture(scope="session")
def shipped_searcher(shipped_index, builder, settings) -> Searcher:
    return Searcher(shipped_index, settings, analyzer=builder.analyzer, embedder=builder.embedder)

"""A knowledge gap closed by a counsellor, through the real stack (Rasa, the action server, the desk) on
a copy of the knowledge base with its own index: a visitor's question the base cannot answer is refused,
the desk shows it grouped, a counsellor drafts and publishes a resource for it, and the next visitor who
asks, in a new conversation and other words, gets that resource cited. No restart in between."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.stack import ROOT, Stack, new_sender, running_stack
from indexer.store import CURRENT, current_generation
from tests.conftest import FIXED_NOW
from tests.desk.server import DeskServer, add_counsellor

pytestmark = pytest.mark.integration
RESOURCE = "rivemont-devenir-pompier-volontaire"


def cited(messages: list[dict]) -> list[str]:
    return [
        item["id"]
        for message in messages
        if (message.get("custom") or {}).get("type") == "resources"
        for item in message["custom"]["items"]
    ]


@pytest.fixture(scope="module")
def gap_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Path]]:
    """The stack on a copy of the knowledge base and of the shipped index (so re-indexing is incremental)."""
    base = tmp_path_factory.mktemp("gap-stack")
    kb_dir, index_dir = base / "kb", base / "index"
    shutil.copytree(ROOT / "knowledge_base", kb_dir)
    source = current_generation(ROOT / "var" / "index")
    if source is None:
        pytest.fail("no index under var/index: run `make index` (make test does it first)")
    shutil.copytree(source, index_dir / "generations" / source.name)
    os.symlink(f"generations/{source.name}", index_dir / CURRENT)
    env = {
        "CDM_FIXED_NOW": FIXED_NOW,
        "CDM_KB_DIR": str(kb_dir),
        "CDM_INDEX_DIR": str(index_dir),
        "CDM_INDEX_RELOAD_SECONDS": "600",  # the watcher sleeps: only the per-question check can find the new index
    }
    with running_stack(ROOT / "var" / "test-logs" / "gaps", env, with_desk=True) as stack:
        yield stack, kb_dir


def test_a_published_gap_is_cited_to_the_next_visitor(gap_stack: tuple[Stack, Path]) -> None:
    stack, kb_dir = gap_stack
    assert stack.desk_dir is not None and stack.desk_url is not None
    database_url = f"sqlite:///{stack.desk_dir / 'desk.sqlite3'}"
    add_counsellor(database_url, "camille")
    desk_service = next(service for service in stack.services if service.name == "desk")
    desk = DeskServer(stack.desk_url, database_url, desk_service.process, desk_service.log)
    camille = desk.counsellor("camille")

    first = stack.send(new_sender(), "comment devenir pompier volontaire ? je suis Marie Dupont")
    assert RESOURCE not in cited(first)

    deadline = time.monotonic() + 60
    groups: list[dict] = []
    while time.monotonic() < deadline and not groups:
        groups = camille.get(f"{desk.url}/desk/api/gaps", timeout=30).json()["groups"]
        time.sleep(0.5)
    [group] = groups
    assert any("pompier volontaire" in example for example in group["examples"])
    assert not any("Dupont" in example for example in group["examples"])

    draft = camille.post(f"{desk.url}/desk/api/gaps/{group['id']}/draft", timeout=30).json()
    fields = {
        **draft["fields"],
        "resource_id": RESOURCE,
        "title": "Devenir sapeur-pompier volontaire",
        "kind": "faq",
        "topics": "discover_jobs",
        "audience": "all",
        "body": "## Réponse\n\nSapeur-pompier volontaire : on s'engage auprès du service départemental d'incendie "
        "et de secours (SDIS) de son département, dès 16 ans, à côté de son emploi ou de ses études. "
        "L'engagement dure cinq ans, renouvelable, après une visite médicale et une formation initiale. "
        "Les pompiers volontaires perçoivent des indemnités horaires, non imposables.\n",
    }
    edited = camille.put(f"{desk.url}/desk/api/drafts/{draft['id']}", json=fields, timeout=30).json()
    assert edited["problems"] == []
    published = camille.post(f"{desk.url}/desk/api/drafts/{draft['id']}/publish", timeout=900)
    assert published.status_code == 200, published.text
    assert (kb_dir / published.json()["file"]).is_file()

    later = stack.send(new_sender(), "je voudrais m'engager chez les sapeurs-pompiers en plus de mon boulot")
    assert RESOURCE in cited(later), later

"""Knowledge gaps through the real desk: the action server's report, the counsellors' page and API, a
draft published into a copy of the knowledge base, re-indexed incrementally, and found by a searcher
that was already running; another centre's gap is a 403; every step is in the audit log."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from deploy.stack import ROOT
from indexer.search import Searcher
from indexer.store import current_generation
from tests.desk.server import SERVICE_TOKEN, DeskServer, add_counsellor, running_desk

LOG_DIR = ROOT / "var" / "test-logs" / "desk"
HOUR = "2026-11-25T10:00:00+00:00"
QUESTION = "comment financer mon permis de conduire ?"


@dataclass
class GapDesk:
    server: DeskServer
    kb_dir: Path
    index_dir: Path


def lay_out_knowledge_base(target: Path) -> None:
    """A small base laid out by centre (knowledge_base/centres/<id>/), as common.centres expects."""
    centre = target / "centres" / "rivemont"
    shutil.copytree(ROOT / "tests" / "fixtures" / "kb" / "resources", centre / "resources")
    shutil.copy(ROOT / "knowledge_base" / "centres" / "rivemont" / "site.yml", centre / "site.yml")


def cdm_index(kb_dir: Path, index_dir: Path) -> None:
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "cdm.cli",
            "index",
            "--kb",
            str(kb_dir),
            "--out",
            str(index_dir),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def gap_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GapDesk]:
    base = tmp_path_factory.mktemp("gaps")
    kb_dir, index_dir = base / "kb", base / "index"
    lay_out_knowledge_base(kb_dir)
    cdm_index(kb_dir, index_dir)
    url = f"sqlite:///{base / 'desk.sqlite3'}"
    add_counsellor(url, "camille")
    add_counsellor(url, "valentin")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    env = {"CDM_KB_DIR": str(kb_dir), "CDM_INDEX_DIR": str(index_dir)}
    with running_desk(url, LOG_DIR / "desk-gaps.log", env) as server:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:  # a counsellor of another centre
            connection.execute("UPDATE counsellors SET centre = 'valmeuse' WHERE username = 'valentin'")
        yield GapDesk(server, kb_dir, index_dir)


def report(desk: DeskServer, text: str, vector: list[float], **fields: object) -> requests.Response:
    body = {"text": text, "language": "fr", "centre": "rivemont", "hour": HOUR, "verdict": "none", "vector": vector}
    return requests.post(
        f"{desk.url}/api/gaps",
        json={**body, **fields},
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
        timeout=30,
    )


def test_bad_reports_are_refused_clearly(gap_desk: GapDesk) -> None:
    desk = gap_desk.server
    vector = [0.1] * 32
    assert requests.post(f"{desk.url}/api/gaps", json={}, timeout=30).status_code == 401
    assert report(desk, QUESTION, vector, hour="2026-11-25T10:17:00+00:00").status_code == 422  # finer than the hour
    assert report(desk, QUESTION, vector, centre="atlantis").status_code == 422
    assert report(desk, QUESTION, [0.1] * 4).status_code == 422  # too short to be an embedding
    body = {"text": QUESTION, "language": "fr", "centre": "rivemont", "hour": HOUR, "verdict": "none"}
    not_finite = json.dumps({**body, "vector": [float("nan")] * 32})  # Python's json writes NaN; browsers do not
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}", "Content-Type": "application/json"}
    assert requests.post(f"{desk.url}/api/gaps", data=not_finite, headers=headers, timeout=30).status_code == 422
    assert report(desk, "x" * 5000, vector).status_code == 422
    assert report(desk, QUESTION, vector, verdict="sure").status_code == 422


def test_a_gap_is_grouped_drafted_published_and_found(gap_desk: GapDesk) -> None:
    desk = gap_desk.server
    searcher = Searcher(gap_desk.index_dir, reload_on_query=True)  # as the action server runs: loaded before
    vector = searcher.question_vector(QUESTION).tolist()
    assert report(desk, f"Je suis Marie Dupont. {QUESTION}", vector).status_code == 204
    similar = searcher.question_vector("aide pour payer le permis de conduire").tolist()
    assert report(desk, "aide pour payer le permis de conduire", similar, verdict="may_help").status_code == 204

    camille = desk.counsellor("camille")
    assert camille.get(f"{desk.url}/desk/gaps", timeout=30).status_code == 200
    [group] = camille.get(f"{desk.url}/desk/api/gaps", timeout=30).json()["groups"]
    assert (group["count"], group["refused"]) == (2, 1)
    assert not any("Dupont" in example for example in group["examples"])

    valentin = desk.counsellor("valentin")
    assert valentin.get(f"{desk.url}/desk/api/gaps", timeout=30).json()["groups"] == []
    assert valentin.post(f"{desk.url}/desk/api/gaps/{group['id']}/draft", timeout=30).status_code == 403

    draft = camille.post(f"{desk.url}/desk/api/gaps/{group['id']}/draft", timeout=30).json()
    assert {problem["field"] for problem in draft["problems"]} >= {"topics", "body"}
    assert valentin.get(f"{desk.url}/desk/api/drafts/{draft['id']}", timeout=30).status_code == 403
    refused = camille.post(f"{desk.url}/desk/api/drafts/{draft['id']}/publish", timeout=30)
    assert refused.status_code == 422 and "topics" in str(refused.json())

    fields = {
        **draft["fields"],
        "title": "Financer son permis de conduire",
        "resource_id": "rivemont-financer-permis-conduire",
        "topics": "training_funding",
        "audience": "all,jobseekers",
        "body": "## Réponse\n\nLe permis de conduire B se finance avec le compte personnel de formation (CPF), "
        "avec l'aide au permis de France Travail pour les demandeurs d'emploi, ou avec l'aide de la région. "
        "Un conseiller du pôle Formation vérifie avec vous quelle aide s'applique.\n",
    }
    edited = camille.put(f"{desk.url}/desk/api/drafts/{draft['id']}", json=fields, timeout=30).json()
    assert edited["problems"] == [] and "publisher:" in edited["preview"]
    before = current_generation(gap_desk.index_dir)
    published = camille.post(f"{desk.url}/desk/api/drafts/{draft['id']}/publish", timeout=600)
    assert published.status_code == 200, published.text
    assert published.json()["file"] == "centres/rivemont/resources/fr/rivemont-financer-permis-conduire.md"
    assert (gap_desk.kb_dir / published.json()["file"]).is_file()
    assert current_generation(gap_desk.index_dir) != before

    found = searcher.search("j'ai besoin d'argent pour passer le permis B", k=3)
    assert found[0].id == "rivemont-financer-permis-conduire"
    [closed] = camille.get(f"{desk.url}/desk/api/gaps", timeout=30).json()["groups"]
    assert closed["status"] == "closed"

    with sqlite3.connect(desk.database_url.removeprefix("sqlite:///")) as connection:
        audit = connection.execute(
            "SELECT action, detail FROM audit_log WHERE action LIKE 'gap%' ORDER BY id"
        ).fetchall()
    assert [action for action, _ in audit] == ["gap_draft_created", "gap_draft_edited", "gap_published"]
    assert all(f"group={group['id']}" in detail and "Dupont" not in detail for _, detail in audit)


def test_a_draft_from_a_ticket_and_a_discard(gap_desk: GapDesk) -> None:
    desk = gap_desk.server
    ticket = desk.create_ticket(summary="Question sur le permis", transcript=[{"who": "visitor", "text": QUESTION}])
    code = ticket.json()["code"]
    camille = desk.counsellor("camille")
    draft = camille.post(f"{desk.url}/desk/api/drafts", json={"ticket": code}, timeout=30)
    assert draft.status_code == 201 and QUESTION in draft.json()["fields"]["body"]
    assert (
        desk.counsellor("valentin").post(f"{desk.url}/desk/api/drafts", json={"ticket": code}, timeout=30).status_code
        == 403
    )
    discarded = camille.post(f"{desk.url}/desk/api/drafts/{draft.json()['id']}/discard", timeout=30).json()
    assert discarded["status"] == "discarded"
    assert camille.post(f"{desk.url}/desk/api/drafts/{draft.json()['id']}/publish", timeout=30).status_code == 409

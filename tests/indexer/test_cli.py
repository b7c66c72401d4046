"""The `cdm` command end to end, through real subprocesses (exit codes, JSON shapes, batch mode)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BAD, FIXTURE_KB

CDM = [sys.executable, "-m", "cdm.cli"]
SEARCH_FIELDS = {
    "id",
    "title",
    "kind",
    "topics",
    "lang",
    "score",
    "source",
    "snippet",
    "where",
    "publisher",
    "audience",
}
WORKSHOP_FIELDS = {"id", "title", "start", "end", "topics", "lang", "location", "audience", "ics"}


def cdm(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [*CDM, *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory) -> Path:
    """Built by `cdm index` itself: that is the first thing under test."""
    kb = tmp_path_factory.mktemp("cli") / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    out = kb.parent / "index"
    first = cdm("index", "--kb", str(kb), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "8 read" in first.stdout and "9 resources, 3 workshop series" in first.stdout
    again = cdm("index", "--kb", str(kb), "--out", str(out))
    assert again.returncode == 0 and again.stdout.startswith("nothing changed")
    shutil.copy(BAD / "unknown-topic.md", kb / "resources" / "en" / "unknown-topic.md")
    skipped = cdm("index", "--kb", str(kb), "--out", str(out))
    assert skipped.returncode == 3
    assert "resources/en/unknown-topic.md:5: unknown topic id(s) 'underwater_basket_weaving'" in skipped.stdout
    assert "1 read" in skipped.stdout
    return out


def test_search_json_shape(cli_index):
    result = cdm("search", "je voudrais devenir vendangeuse", "--index", str(cli_index), "--json", "--k", "3")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert 1 <= len(items) <= 3 and items[0]["id"] == "fiche-vendangeur"
    assert set(items[0]) >= SEARCH_FIELDS
    assert isinstance(items[0]["topics"], list) and isinstance(items[0]["score"], float)
    assert items[0]["source"] == "resources/fr/fiche-vendangeur.md" and items[0]["where"] == "Rayon A1"


def test_search_batch_one_json_list_per_line_in_order(cli_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text(
        "how do I write a resume\n\nRQTH aménagement du poste\nvalider mon expérience\n", encoding="utf-8"
    )
    result = cdm("search", "--batch", str(queries), "--index", str(cli_index), "--k", "2", "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4 and lines[1] == []
    assert [line[0]["id"] for line in (lines[0], lines[2], lines[3])] == [
        "cv-guide-en",
        "pdf-aides-handicap",
        "page-vae",
    ]
    assert all(len(line) <= 2 for line in lines)


def test_search_text_output(cli_index):
    text = cdm("search", "bilan de compétences", "--index", str(cli_index), "--k", "1")
    assert text.returncode == 0 and text.stdout.startswith("1. Le bilan de compétences pas à pas")


def test_workshops_json_with_fixed_clock(cli_index):
    result = cdm(
        "workshops", "atelier CV", "--now", "2025-06-04T15:30:00+02:00", "--k", "2", "--json", "--index", str(cli_index)
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [item["start"] for item in items] == ["2025-06-17T10:00:00+02:00", "2025-06-24T10:00:00+02:00"]
    assert set(items[0]) >= WORKSHOP_FIELDS and items[0]["ics"].startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search",), "give a QUERY or --batch FILE"),
        (("search", "x", "--k", "0"), "--k"),
        (("workshops", "x", "--now", "not-a-date"), "not an ISO-8601"),
        (("index", "--kb", "/nonexistent/kb"), "no such folder"),
        (("search", "--batch", "/nonexistent/file"), "no such file"),
        (("eval", "--rome", "--split", "tune", "--rome-dir", "/nonexistent"), "no ROME v4.60 files"),
        (("eval", "--rome", "--set", "tests/data/dev_questions.yml"), "--set does not apply to --rome"),
        (("eval", "--split", "tune", "--set", "tests/data/dev_questions.yml"), "not a visitor-written set"),
    ],
)
def test_usage_errors_exit_2(args, expected):
    result = cdm(*args)
    assert result.returncode == 2 and expected in result.stderr


def test_eval_reads_one_half_of_the_visitor_set(cli_index):
    result = cdm("eval", "--index", str(cli_index), "--split", "heldout", "--limit", "4")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("visitor_messages.yml: answerable messages, heldout")
    assert "| fusion | all | 4 |" in result.stdout and "(4 questions" in result.stdout


def test_missing_index_is_a_clear_failure(tmp_path):
    result = cdm("search", "cv", "--index", str(tmp_path / "none"))
    assert result.returncode == 1 and "run `cdm index` first" in result.stderr


def test_binary_batch_file_is_refused(cli_index, tmp_path):
    batch = tmp_path / "bin"
    batch.write_bytes(b"\xff\xfe\x00\x01")
    result = cdm("search", "--batch", str(batch), "--index", str(cli_index))
    assert result.returncode == 1 and "not UTF-8" in result.stderr

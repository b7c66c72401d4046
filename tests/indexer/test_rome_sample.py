"""ROME retrieval on the committed sample (tests/fixtures/rome): the fusion beats BM25 alone.

The whole referential takes several minutes to index on the project's two cores, so the test indexes
one ROME family in eight (whole families, so that each sheet keeps its close neighbours) and asks the
held-out tenth's job titles of those families (`rome_to_resources --sample`). Fewer sheets compete in
the sample than in the whole: its floor is the issue's hit@3 line applied to the sample, and the README
gives the figures on the whole referential (`cdm eval --rome`). The sample is easier: on 2026-12-06 it gave
fusion hit@1 / hit@3 0.699 / 0.841 (BM25 0.648 / 0.801) while the whole referential's held-out tenth gave
0.631 / 0.780 (BM25 0.561 / 0.728), below the issue's 0.80: this test passing does not say the issue's
line is met.
"""

from __future__ import annotations

import pytest

from indexer.evaluate import evaluate, load_questions
from indexer.search import Searcher
from indexer.tools.rome_to_resources import SAMPLE_OUT

HIT3_FLOOR = 0.80


@pytest.fixture(scope="module")
def rome_table(builder, settings, tmp_path_factory):
    index = tmp_path_factory.mktemp("rome-sample-index")
    report = builder.build(SAMPLE_OUT / "kb", index)
    assert report.exit_status == 0, report.problems
    searcher = Searcher(index, settings, analyzer=builder.analyzer, embedder=builder.embedder)
    questions = load_questions(SAMPLE_OUT / "queries.jsonl")
    assert len(questions) > 150
    return evaluate(searcher, questions)


def test_fusion_beats_bm25_alone_on_the_held_out_titles(rome_table):
    fusion, bm25 = rome_table["fusion"]["all"], rome_table["bm25"]["all"]
    assert fusion.hit1 > bm25.hit1
    assert fusion.hit3 > bm25.hit3
    assert fusion.hit3 >= HIT3_FLOOR


def test_the_sample_is_the_one_the_tool_writes(tmp_path):
    """The committed sample is what the converter makes of the shared corpus (../shared, beside the repository)."""
    from indexer.tools.rome_to_resources import DEFAULT_ROME, convert

    convert(DEFAULT_ROME, tmp_path, sample=True)
    assert (tmp_path / "queries.jsonl").read_bytes() == (SAMPLE_OUT / "queries.jsonl").read_bytes()
    written = sorted(path.name for path in (tmp_path / "kb" / "resources" / "fr").glob("*.md"))
    assert written == sorted(path.name for path in (SAMPLE_OUT / "kb" / "resources" / "fr").glob("*.md"))

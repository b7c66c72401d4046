"""Retrieval quality on the shipped knowledge base (the development question set)."""

from __future__ import annotations

import pytest

from indexer.evaluate import evaluate, format_table, load_questions
from indexer.settings import REPO_ROOT

DEV_SET = REPO_ROOT / "tests" / "data" / "dev_questions.yml"


@pytest.fixture(scope="module")
def questions():
    return load_questions(DEV_SET)


def test_set_is_balanced_and_labels_exist(questions, shipped_searcher):
    known = set(shipped_searcher.generation.position)
    assert len(questions) >= 120
    french = sum(question.lang == "fr" for question in questions)
    assert abs(french - (len(questions) - french)) <= 2
    assert sum(question.cross_language for question in questions) >= 20
    missing = {rid for question in questions for rid in question.relevant if rid not in known}
    assert not missing, f"labels name resources the shipped index lacks: {sorted(missing)}"


def test_fusion_beats_each_retriever_and_reaches_hit3_per_language(questions, shipped_searcher):
    table = evaluate(shipped_searcher, questions)
    report = format_table(table)
    fusion, bm25, dense = table["fusion"]["all"], table["bm25"]["all"], table["dense"]["all"]
    assert fusion.mrr > bm25.mrr and fusion.mrr > dense.mrr, report
    assert fusion.hit3 >= max(bm25.hit3, dense.hit3), report
    for lang in ("fr", "en"):
        assert table["fusion"][lang].hit3 >= 0.9, report
    # Asked in one language, answered only in the other: the fusion must not lose what dense finds.
    assert table["fusion"]["cross"].hit3 >= table["dense"]["cross"].hit3, report

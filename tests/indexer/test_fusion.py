"""Score fusion: min-max normalisation against a fixed depth, weights, and the dense confidence."""

from __future__ import annotations

import pytest

from indexer.fusion import min_max, reciprocal_rank_fusion, score_fusion
from indexer.search import Tuning, dense_confidence


def test_min_max_maps_best_to_one_and_the_reference_depth_to_zero():
    ranking = [("a", 10.0), ("b", 6.0), ("c", 2.0), ("d", 1.0)]
    assert min_max(ranking, depth=2) == [("a", 1.0), ("b", 0.5), ("c", 0.0), ("d", 0.0)]
    # Shorter than the depth: the last score is the floor.
    assert min_max(ranking, depth=50) == [
        ("a", 1.0),
        ("b", pytest.approx(5 / 9)),
        ("c", pytest.approx(1 / 9)),
        ("d", 0.0),
    ]
    assert min_max([("a", 3.0), ("b", 3.0)], depth=5) == [("a", 1.0), ("b", 1.0)]
    assert min_max([], depth=5) == []


def test_score_fusion_keeps_how_far_ahead_a_retriever_best_is():
    # Lexical: "a" towers over the rest. Dense: "b" barely ahead of "a".
    lexical = [("a", 20.0), ("b", 2.0), ("c", 1.0)]
    dense = [("b", 0.50), ("a", 0.49), ("c", 0.10)]
    fused = score_fusion([lexical, dense], [1.0, 1.0])
    assert [item for item, _ in fused] == ["a", "b", "c"]
    # Rank fusion sees only the two orders, a tie it breaks by name: the margin is lost.
    rrf = reciprocal_rank_fusion([[item for item, _ in lexical], [item for item, _ in dense]], k=5)
    assert rrf[0][1] == rrf[1][1]


def test_weights_scale_each_ranking():
    lexical = [("a", 2.0), ("b", 1.0)]
    dense = [("b", 0.9), ("a", 0.1)]
    assert score_fusion([lexical, dense], [1.0, 0.5])[0][0] == "a"
    assert score_fusion([lexical, dense], [0.5, 1.0])[0][0] == "b"
    with pytest.raises(ValueError):
        score_fusion([lexical, dense], [1.0])


def test_dense_confidence_is_the_relative_margin_over_the_fifth():
    clear = [(0, 0.8), (1, 0.5), (2, 0.45), (3, 0.42), (4, 0.4)]
    flat = [(0, 0.41), (1, 0.405), (2, 0.40), (3, 0.40), (4, 0.40)]
    assert dense_confidence(clear) == pytest.approx(0.5)
    assert dense_confidence(flat) < 0.05
    assert dense_confidence(clear[:3]) == 1.0  # too short to judge


def test_tuning_refuses_unknown_fusion_and_bad_values():
    with pytest.raises(ValueError, match="fusion"):
        Tuning(fusion="combmnz")
    with pytest.raises(ValueError):
        Tuning(norm_depth=0)


def test_tuning_folds_keep_a_sheet_together_and_the_grid_has_no_duplicates():
    import numpy as np

    from indexer.evaluate import Question
    from indexer.search import Rankings
    from indexer.tools.tune_fusion import GRID, Case, folds, settings_grid

    empty = Rankings(chunk_bm25=np.zeros(0, dtype=np.float32))
    cases = [
        Case(Question(f"q{n}", "fr" if n % 2 else "en", (f"sheet-{n // 5}",), cross_language=n % 7 == 0), empty, [])
        for n in range(60)
    ]
    split = folds(cases, 5, key=lambda case: case.question.relevant[0])
    assert sorted(position for fold in split for position in fold) == list(range(60))
    for fold in split:
        sheets = {cases[position].question.relevant[0] for position in fold}
        others = {cases[p].question.relevant[0] for other in split if other is not fold for p in other}
        assert not sheets & others
    grid = settings_grid(Tuning())
    # The job-title lane's coverage power only matters when the lane weighs something.
    titles = 1 + (len(GRID["title_weight"]) - 1) * len(GRID["title_coverage_power"])
    shared = len(GRID["dense_weight_fr"]) * len(GRID["dense_confidence_power"]) * titles
    # Score fusion varies its depth, RRF its constant; neither is multiplied by the other's knob.
    assert len(grid) == shared * (len(GRID["norm_depth"]) + len(GRID["rrf_k"]))
    assert {tuning.fusion for tuning in grid} == {"score", "rrf"}
    # A grid over some knobs leaves the others as shipped.
    narrow = settings_grid(Tuning(), ["title_weight"])
    assert [tuning.title_weight for tuning in narrow] == list(GRID["title_weight"])
    assert {(tuning.fusion, tuning.dense_weight_fr) for tuning in narrow} == {("score", Tuning().dense_weight_fr)}

"""Fusing the retrievers' rankings: by normalised score (the default) or by reciprocal rank.

BM25 scores and cosine similarities live on different scales. Reciprocal rank fusion (Cormack,
Clarke & Büttcher, SIGIR 2009) sidesteps that by trusting only each retriever's order, but it then
throws away how far ahead a retriever's first resource is: a BM25 ranking whose best match towers
over the rest counts no more than one whose first ten are a tie. Normalising each ranking's scores
against its own best and a reference depth (min-max), then adding them with weights, keeps that
information and, on our development set and on ROME, ranks better than RRF (as Bruch, Gai &
Ingber, "An Analysis of Fusion Functions for Hybrid Retrieval", TOIS 2023, found on other sets).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Hashable]], k: float = 60.0, weights: Sequence[float] | None = None
) -> list[tuple[Hashable, float]]:
    """Items of all rankings, best first, scored sum(weight / (k + rank)) with ranks from 1."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], str(pair[0])))


def min_max(ranking: Sequence[tuple[Hashable, float]], depth: int) -> list[tuple[Hashable, float]]:
    """Scores of a best-first ranking mapped to [0, 1]: its best is 1, the score at rank `depth` + 1 is 0.

    The floor is taken at a fixed depth rather than at the last item so that the normalised values
    of two rankings of different lengths mean the same thing ("as good as the best" down to "no
    better than the crowd"); below the floor everything is 0. A ranking shorter than that uses its
    last score; a ranking whose scores are all equal gives each item 1.
    """
    if not ranking:
        return []
    top = ranking[0][1]
    floor = ranking[min(len(ranking) - 1, depth)][1]
    if top <= floor:
        return [(item, 1.0) for item, _ in ranking]
    return [(item, max(0.0, (score - floor) / (top - floor))) for item, score in ranking]


def score_fusion(
    rankings: Sequence[Sequence[tuple[Hashable, float]]], weights: Sequence[float], depth: int = 50
) -> list[tuple[Hashable, float]]:
    """Items of all rankings, best first, scored sum(weight * min-max normalised score)."""
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for item, value in min_max(ranking, depth):
            scores[item] = scores.get(item, 0.0) + weight * value
    return sorted(scores.items(), key=lambda pair: (-pair[1], str(pair[0])))

"""Reciprocal rank fusion: combine rankings by rank, not by score.

BM25 scores and cosine similarities live on different scales; RRF only trusts each retriever's order,
which is robust and needs no calibration (Cormack, Clarke & Büttcher, SIGIR 2009).
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

"""Choose the cosine threshold that groups knowledge gaps (desk/gaps.py), on a labelled sample.

    .venv/bin/python bench/gap_threshold.py [--sample tests/data/gap_questions.yml] [--orders 20]

Each question of the sample is embedded as the action server embeds a gap (the model's query vector),
then assigned incrementally as the desk does (nearest centroid, running mean), in several random
orders. For each threshold it prints pairwise precision (questions put together that belong together),
recall (questions that belong together put together), their F1, and the number of groups made.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import yaml

from desk.gaps import merged, nearest, unit
from indexer.dense import Embedder
from indexer.settings import load_settings

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "gap_questions.yml"
THRESHOLDS = [round(0.30 + 0.05 * step, 2) for step in range(13)]


def load_sample(path: Path) -> tuple[list[str], list[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = [(question, label) for label, questions in raw.items() for question in questions]
    return [question for question, _ in pairs], [label for _, label in pairs]


def assign(vectors: list[np.ndarray], threshold: float) -> list[int]:
    """The group each vector joins, in order, as desk.gaps.record assigns them."""
    centroids: list[np.ndarray] = []
    counts: list[int] = []
    groups = []
    for vector in vectors:
        position, similarity = nearest(centroids, vector)
        if position is None or similarity < threshold:
            centroids.append(vector)
            counts.append(1)
            groups.append(len(centroids) - 1)
        else:
            centroids[position] = merged(centroids[position], counts[position], vector)
            counts[position] += 1
            groups.append(position)
    return groups


def pair_scores(labels: list[str], groups: list[int]) -> tuple[float, float]:
    together = same = both = 0
    for a, b in itertools.combinations(range(len(labels)), 2):
        predicted, actual = groups[a] == groups[b], labels[a] == labels[b]
        together += predicted
        same += actual
        both += predicted and actual
    return (both / together if together else 1.0), (both / same if same else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--orders", type=int, default=20)
    args = parser.parse_args()
    questions, labels = load_sample(args.sample)
    embedder = Embedder(load_settings().embedding_model)
    vectors = [unit(embedder.embed_query(question)) for question in questions]
    print(f"{len(questions)} questions in {len(set(labels))} labelled groups, {args.orders} orders")
    print("| threshold | precision | recall | F1 | groups |")
    print("|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        scores = []
        for seed in range(args.orders):
            order = list(range(len(questions)))
            random.Random(seed).shuffle(order)
            groups = assign([vectors[i] for i in order], threshold)
            precision, recall = pair_scores([labels[i] for i in order], groups)
            scores.append((precision, recall, len(set(groups))))
        precision = float(np.mean([s[0] for s in scores]))
        recall = float(np.mean([s[1] for s in scores]))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        made = float(np.mean([s[2] for s in scores]))
        print(f"| {threshold:.2f} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {made:.1f} |")


if __name__ == "__main__":
    main()

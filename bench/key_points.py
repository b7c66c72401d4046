"""What choosing key points costs, lexically (what answers do) and with the embedding model (the road
not taken), against the retrieval that precedes it, in one run on the shipped index.

    .venv/bin/python bench/key_points.py [--questions 60]

For each development question: retrieval, then `actions.answers.compose` (key points by word overlap),
then the same candidate sentences embedded and compared with the question. Prints the medians and the
95th percentiles in milliseconds; nothing is asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actions.answers import choose_citations, compose, reads_as_a_point, sentences
from indexer.search import Searcher

DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev_questions.yml"


def milliseconds(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    questions = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["questions"][: args.questions]
    searcher = Searcher(reload_on_query=False)
    searcher.search("formation", k=1)  # the first query pays the lazy loading
    timings: dict[str, list[float]] = {"retrieval": [], "key points, lexical": [], "key points, embedded": []}
    for question in questions:
        started = time.perf_counter()
        retrieval = searcher.retrieve(question["q"], 8)
        timings["retrieval"].append(milliseconds(started))
        started = time.perf_counter()
        compose(question["q"], retrieval, question["lang"])
        timings["key points, lexical"].append(milliseconds(started))
        started = time.perf_counter()
        candidates = [
            sentence
            for result in choose_citations(retrieval.results)
            for sentence in sentences(result.passage, result.title)
            if reads_as_a_point(sentence)
        ]
        vectors = searcher.embedder.embed([question["q"], *candidates])
        _closest = int(np.argmax(vectors[1:] @ vectors[0])) if candidates else None  # what a choice would take
        timings["key points, embedded"].append(milliseconds(started))
    print(f"{len(questions)} questions; milliseconds per question")
    print("| step | median | p95 |\n|---|---|---|")
    for step, values in timings.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"| {step} | {statistics.median(values):.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()

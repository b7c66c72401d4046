"""Calibrate when the assistant trusts its retrieval enough to answer, and print the trade-off.

A logistic model reads three signals of a query's retrieval (best passage similarity among the first
three results, the share of query words the lexical index knows, how far BM25 and the dense retriever
agree on the five best resources) and is fitted on
the development questions (answerable) and `tests/data/unanswerable.yml` (not answerable). The table
shows, per threshold, the share of development questions answered, the share of those answers citing
a relevant resource among the first three, and the share of unanswerable questions refused; figures
come from 5-fold cross-validated probabilities so that they are not measured on the fitted data.
The chosen threshold is the lowest that refuses at least 90% of the unanswerable questions (a wrong
resource misleads more than an honest "nothing reliable" disappoints; the classifier's out-of-scope
intent stops most of the rest before retrieval); it goes to actions/answer_gate.yml.

Usage: .venv/bin/python bench/answer_threshold.py [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.answers import GATE_FILE, GATE_SIGNALS, choose_citations  # noqa: E402
from indexer.search import Searcher  # noqa: E402

FEATURES = ("similarity", "coverage", "agreement")
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
MIN_REFUSED = 0.9


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def measure(searcher: Searcher, questions: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Features of each question's retrieval, and whether a relevant resource is among the cited."""
    features, correct = [], []
    for question in questions:
        retrieval = searcher.retrieve(question["q"], k=8)
        cited = {result.id for result in choose_citations(retrieval.results)}
        features.append([float(getattr(retrieval, GATE_SIGNALS[name])) for name in FEATURES])
        correct.append(bool(cited & set(question.get("relevant", []))))
    return np.array(features), np.array(correct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the fitted gate to {GATE_FILE.name}")
    args = parser.parse_args()
    searcher = Searcher()
    dev = load(ROOT / "tests" / "data" / "dev_questions.yml")
    unanswerable = load(ROOT / "tests" / "data" / "unanswerable.yml")
    x_dev, correct = measure(searcher, dev)
    x_un, _ = measure(searcher, unanswerable)
    x = np.vstack([x_dev, x_un])
    y = np.array([1] * len(x_dev) + [0] * len(x_un))
    model = LogisticRegression(C=10.0, max_iter=2000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    probability = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    p_dev, p_un = probability[: len(x_dev)], probability[len(x_dev) :]

    print(f"{len(dev)} development questions (answerable), {len(unanswerable)} unanswerable; 5-fold CV")
    print(f"without a gate: {correct.mean():.3f} of development questions cite a relevant resource in the first 3")
    print("| threshold | dev answered | correct among answered | dev answered and correct | unanswerable refused |")
    print("|---|---|---|---|---|")
    best = THRESHOLDS[-1]
    for threshold in THRESHOLDS:
        answered = p_dev >= threshold
        right = answered & correct
        refused = (p_un < threshold).mean()
        precision = right.sum() / max(1, answered.sum())
        print(f"| {threshold:.2f} | {answered.mean():.3f} | {precision:.3f} | {right.mean():.3f} | {refused:.3f} |")
        if refused >= MIN_REFUSED and best == THRESHOLDS[-1]:
            best = threshold
    print(f"chosen threshold: {best}")

    model.fit(x, y)
    coefficients = dict(zip(FEATURES, (float(value) for value in model.coef_[0]), strict=True))
    gate = {
        "intercept": round(float(model.intercept_[0]), 4),
        "weights": {name: round(value, 4) for name, value in coefficients.items()},
        "threshold": best,
    }
    print("gate:", gate)
    if args.write:
        header = (
            "# When the assistant trusts its retrieval enough to answer: a logistic model over signals of\n"
            "# the retrieval (actions/answers.py, GATE_SIGNALS).\n"
            f"# Fitted by bench/answer_threshold.py on {dt.date.today().isoformat()}"
            f" ({len(dev)} development and {len(unanswerable)} unanswerable questions).\n"
            "# Re-run it after changing the embedding model or much of the knowledge base.\n"
        )
        GATE_FILE.write_text(header + yaml.safe_dump(gate, sort_keys=False), encoding="utf-8")
        print(f"written to {GATE_FILE}")


if __name__ == "__main__":
    main()

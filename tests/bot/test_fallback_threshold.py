"""The fallback-threshold refit (bench/fallback_threshold.py) counts what Rasa's FallbackClassifier does."""

from __future__ import annotations

import pytest

from bench.fallback_threshold import operating, sent_to_fallback


def row(gold: str, predicted: str, confidence: float, second: float = 0.0) -> dict:
    return {"gold": gold, "predicted": predicted, "confidence": confidence, "second_confidence": second}


def test_low_confidence_or_close_second_goes_to_the_fallback() -> None:
    assert sent_to_fallback(row("greet", "greet", 0.40), threshold=0.45, ambiguity=0.08)
    assert sent_to_fallback(row("greet", "greet", 0.50, 0.45), threshold=0.45, ambiguity=0.08)
    assert not sent_to_fallback(row("greet", "greet", 0.50, 0.40), threshold=0.45, ambiguity=0.08)


def test_shares_and_criterion() -> None:
    rows = [
        row("greet", "greet", 0.9),  # right, kept
        row("greet", "greet", 0.3),  # right, lost to the fallback
        row("deny", "greet", 0.3),  # wrong, caught
        row("deny", "affirm", 0.8),  # wrong, kept
    ]
    op = operating(rows, threshold=0.45, ambiguity=0.0)
    assert op.to_fallback == pytest.approx(0.5)
    assert op.wrong_caught == pytest.approx(0.5)
    assert op.right_lost == pytest.approx(0.5)
    assert op.criterion == pytest.approx(0.0)
    assert operating(rows, threshold=0.2, ambiguity=0.0).criterion == pytest.approx(0.0)
    assert operating(rows, threshold=0.95, ambiguity=0.0).to_fallback == pytest.approx(1.0)

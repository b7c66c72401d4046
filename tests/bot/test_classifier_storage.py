"""The intent classifier stores its weights without pickle and predicts the same once loaded back.

Rasa runs on Python 3.10 only, so the classifier is driven by tests/bot/classifier_in_rasa.py under
.venv-rasa: fitted, saved through Rasa's own model storage, loaded back, and compared on unseen rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.bot.rasa_script import run_in_rasa

SCRIPT = Path(__file__).with_name("classifier_in_rasa.py")


@pytest.mark.parametrize("n_classes", [2, 7])
def test_weights_are_arrays_and_json_and_predictions_survive_the_round_trip(n_classes: int):
    seen = run_in_rasa(SCRIPT, str(n_classes))
    assert sorted(seen["files"]) == ["intent_classifier.json", "intent_classifier.npz"], sys.version
    assert seen["object_arrays"] == []
    assert seen["same_classes"]
    assert seen["spread"] > 0.1, "the classifier learnt nothing: the comparison would prove nothing"
    assert seen["max_difference"] < 1e-12

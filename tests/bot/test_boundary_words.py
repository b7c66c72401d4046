"""The boundary-word featurizer (bot/components/boundary_words.py): "ciao" first and "ciao" last are two
features, words that open or close too few training messages are none, and the vocabulary survives the
model archive as JSON. Driven by tests/bot/boundary_in_rasa.py under .venv-rasa (Rasa needs Python 3.10)."""

from __future__ import annotations

from pathlib import Path

from tests.bot.rasa_script import run_in_rasa


def test_first_and_last_words_are_features_that_survive_the_archive():
    seen = run_in_rasa(Path(__file__).with_name("boundary_in_rasa.py"))
    assert seen["files"] == ["boundary_words.json"]
    # "ciao" opens three training messages (case folded) and closes two; "dove" and "siete" only one each
    assert seen["vocabulary"] == ["^ciao", "ciao$"]
    before = seen["before"]
    assert before["ciao come va"] == {"sentence": ["^ciao"], "sequence_rows": 3}
    assert before["va bene ciao"] == {"sentence": ["ciao$"], "sequence_rows": 3}
    assert before["ciao"] == {"sentence": ["^ciao", "ciao$"], "sequence_rows": 1}
    assert before["dove siete"] == {"sentence": [], "sequence_rows": 2}
    assert before[""] == {"sentence": [], "sequence_rows": 1}  # the tokenizer's one empty token: nothing set
    assert seen["after"] == before

"""The boundary-word featurizer (bot/components/boundary_words.py): "ciao" first and "ciao" last are two
features, words that open or close too few training messages are none, and the vocabulary survives the
model archive as JSON. Driven by tests/bot/boundary_in_rasa.py under .venv-rasa (Rasa needs Python 3.10)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def test_first_and_last_words_are_features_that_survive_the_archive():
    done = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("boundary_in_rasa.py"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
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

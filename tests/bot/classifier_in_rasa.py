"""Run by tests/bot/test_classifier_storage.py under .venv-rasa (Rasa needs Python 3.10): fits the intent
classifier on sparse counts, saves it through Rasa's model storage, loads it back, and prints one JSON
line: the files written, the largest difference between the probabilities before and after, and whether
the classes match. Usage: classifier_in_rasa.py N_CLASSES"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from bot.components.linear_intent_classifier import LinearIntentClassifier


def sample(rng: np.random.Generator, n_classes: int, per_class: int, n_features: int) -> tuple[sp.csr_matrix, list]:
    """Word counts where each intent favours its own block of features, plus noise, unevenly many per intent."""
    rows, labels = [], []
    for label in range(n_classes):
        for _ in range(per_class + 3 * label):
            counts = rng.poisson(0.05, n_features).astype(float)
            block = slice(label * 5, label * 5 + 8)
            counts[block] += rng.poisson(1.0, 8)
            rows.append(counts)
            labels.append(f"intent_{label}")
    return sp.csr_matrix(np.vstack(rows)), labels


def main(n_classes: int) -> dict:
    rng = np.random.default_rng(7)
    features, labels = sample(rng, n_classes, 12, 60)
    unseen, _ = sample(rng, n_classes, 4, 60)
    with tempfile.TemporaryDirectory() as folder:
        storage = LocalModelStorage(Path(folder))
        resource = Resource("intent_classifier")
        context = ExecutionContext(GraphSchema({}), "intent_classifier")
        config = LinearIntentClassifier.get_default_config()
        trained = LinearIntentClassifier.create(config, storage, resource, context)
        trained.clf.fit(features, np.asarray(labels))
        trained.persist()
        before = trained.clf.predict_proba(unseen)
        loaded = LinearIntentClassifier.load(config, storage, resource, context)
        after = loaded.clf.predict_proba(unseen)
        with storage.read_from(resource) as model_dir:
            files = sorted(path.name for path in model_dir.iterdir())
            arrays_file = next(model_dir.glob("*.npz"))
            with np.load(arrays_file, allow_pickle=False) as arrays:
                object_arrays = [name for name in arrays.files if arrays[name].dtype == object]
    return {
        "files": files,
        "object_arrays": object_arrays,
        "max_difference": float(np.abs(before - after).max()),
        "same_classes": [str(c) for c in trained.clf.classes_] == [str(c) for c in loaded.clf.classes_],
        "spread": float(before.max() - before.min()),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))

"""Run by tests/bot/test_boundary_words.py under .venv-rasa (Rasa needs Python 3.10): trains the boundary-word
featurizer on a few tokenised messages through Rasa's model storage, loads it back, and prints one JSON line:
the files stored, the vocabulary, and per probe message the features set before and after loading."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.boundary_words import BoundaryWordsFeaturizer

TRAINING = ["ciao a tutti", "ciao bot", "grazie ciao", "a domani ciao", "Ciao, ti spiego", "dove siete"]
PROBES = ["ciao come va", "va bene ciao", "ciao", "dove siete", ""]


def tokenised(texts: list[str]) -> list[Message]:
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    return messages


def features(featurizer: BoundaryWordsFeaturizer, text: str) -> dict:
    [message] = featurizer.process(tokenised([text]))
    sequence, sentence = message.get_sparse_features(TEXT)
    if sentence is None:
        return {"sentence": None, "sequence_rows": None}
    columns = sentence.features.tocsr().indices.tolist()
    names = {column: key for key, column in featurizer.vocabulary.items()}
    return {"sentence": sorted(names[c] for c in columns), "sequence_rows": sequence.features.shape[0]}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        storage = LocalModelStorage(Path(folder))
        resource = Resource("boundary_words")
        context = ExecutionContext(GraphSchema({}), "boundary_words")
        config = BoundaryWordsFeaturizer.get_default_config()
        trained = BoundaryWordsFeaturizer.create(config, storage, resource, context)
        trained.train(TrainingData(training_examples=tokenised(TRAINING)))
        before = {text: features(trained, text) for text in PROBES}
        loaded = BoundaryWordsFeaturizer.load(config, storage, resource, context)
        after = {text: features(loaded, text) for text in PROBES}
        with storage.read_from(resource) as model_dir:
            files = sorted(path.name for path in model_dir.iterdir())
    print(json.dumps({"files": files, "vocabulary": sorted(trained.vocabulary), "before": before, "after": after}))


if __name__ == "__main__":
    main()

"""Sentence features for the first and the last word of a message.

The intent classifier reads each message as a bag of words and character n-grams, which loses where a word
stands, and some words change meaning with their place: "ciao" opens an Italian message as a greeting and
closes one as a goodbye ("ciao, ti spiego la mia situazione" / "grazie di tutto, ciao"), as "salut" does in
French and "tchau" after a Portuguese sentence. Rasa's LexicalSyntacticFeaturizer knows the positions but
gives sequence features only, which a classifier of whole messages never sees. This featurizer adds two
sparse sentence features per message, "the first word is w" and "the last word is w", over the words that
open or close at least `min_count` training messages.

The vocabulary is stored as a JSON list (no pickle: a model archive is data, README "Security").
"""

import json
from collections import Counter
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

VOCABULARY_FILE = "boundary_words.json"


def boundary_keys(words: list[str]) -> list[str]:
    """The message's features: its first word marked "^", its last marked "$" (both for a one-word message)."""
    if not words:
        return []
    return [f"^{words[0]}", f"{words[-1]}$"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class BoundaryWordsFeaturizer(SparseFeaturizer, GraphComponent):
    """Adds "first word" and "last word" sentence features to the text of each message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SparseFeaturizer.get_default_config(), "min_count": 2}

    @staticmethod
    def required_components() -> list[type]:
        return []

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vocabulary: list[str] | None = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = {key: column for column, key in enumerate(vocabulary or [])}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "BoundaryWordsFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "BoundaryWordsFeaturizer":
        try:
            with model_storage.read_from(resource) as model_dir:
                vocabulary = json.loads((model_dir / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            vocabulary = []  # not trained: no features, as an untrained CountVectorsFeaturizer gives
        return cls(config, model_storage, resource, execution_context, [str(key) for key in vocabulary])

    def train(self, training_data: TrainingData) -> Resource:
        """The vocabulary: boundary words of at least `min_count` training messages, in a stable order."""
        counts = Counter(key for message in training_data.training_examples for key in self._keys(message))
        kept = sorted(key for key, count in counts.items() if count >= self._config["min_count"])
        self.vocabulary = {key: column for column, key in enumerate(kept)}
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / VOCABULARY_FILE).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT])
            if not tokens:
                continue
            columns = sorted({self.vocabulary[key] for key in self._keys(message) if key in self.vocabulary})
            size = max(len(self.vocabulary), 1)
            sentence = scipy.sparse.coo_matrix(
                (np.ones(len(columns)), (np.zeros(len(columns), dtype=int), columns)), shape=(1, size)
            )
            # no sequence information of its own: zeros, so that the message's sequence features keep one
            # row per token whichever featurizers ran
            sequence = scipy.sparse.coo_matrix((len(tokens), size))
            self.add_features_to_message(sequence, sentence, TEXT, message)
        return messages

    @staticmethod
    def _keys(message: Message) -> list[str]:
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        return boundary_keys([token.text.lower() for token in tokens if token.text])

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config.get("min_count", 2)) < 1:
            raise ValueError("BoundaryWordsFeaturizer: min_count must be at least 1")

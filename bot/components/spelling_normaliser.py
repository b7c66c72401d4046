"""The first NLU step: the visitor's SMS forms and typos corrected (`spelling`) for the classifier and the
entity extractors, so that "jveu fer infirmiere" is featurised as "je veux faire infirmiere".

Where the correction goes: into the tokens, not into `text`. This component stores the corrections on the
message; the tokenizer (`folding_tokenizer.py`) writes each corrected word into the token it replaces,
keeping that token's offsets in the text as written. `text` itself stays the visitor's (redacted) message:
- the distress safety net reads `text`: its crisis lexicon has its own tolerance for typos and must see what
  was written, so that a correction can neither hide a crisis nor make one of a harmless phrase;
- entity offsets keep pointing at the visitor's words, so an entity's value is what was typed (the synonym
  mapper and the actions already accept visitors' spellings);
- the tracker keeps the message as typed: a counsellor reads the visitor's words in the transcript.
The corrected text goes to the parse data as `normalised_text`, where an action can read it; retrieval needs
not, the indexer correcting its queries with the same package.

The message has been redacted by the channel before it gets here (bot/channels/): placeholders such as
[NAME] are never corrected. Button payloads ("/intent") are left alone.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from spelling import Normaliser

NORMALISED_TEXT = "normalised_text"
CHANGES = "spelling_changes"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class SpellingNormaliser(GraphComponent):
    """Corrects each message (training examples alike, so the classifier learns what it will be shown)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpellingNormaliser:
        Normaliser.shared()  # built when the model loads, not on the first visitor's message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        normaliser = Normaliser.shared()
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith("/"):
                continue
            result = normaliser.normalise(text)
            message.set(CHANGES, result.changes)
            message.set(NORMALISED_TEXT, result.text, add_to_output=True)
        return messages

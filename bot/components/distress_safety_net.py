"""The last NLU step: the emergency flow starts on two signals, never on the classifier alone.

Placed after the intent classifier and the FallbackClassifier (config.yml), so that neither a wrong
guess nor an uncertain one can keep a visitor in crisis from the emergency numbers: when the lexicon
(`distress_lexicon.py`) finds a crisis expression, the intent becomes `express_distress` with confidence
1.0 and heads the ranking. The other way round, the classifier's `express_distress` stands only when a
sign of distress in the lexicon confirms it ("je vais vraiment pas bien") and no harmless phrase takes
it back ("je veux en finir avec mon CV"): everyday worry ("j'ai peur de rater mon entretien") then gets
the classifier's next best guess, or the NLU fallback (which searches the resource base first) when that
guess is below the fallback threshold. Otherwise the message is left exactly as the classifier made it.
The lexicon reads the message as written and as the spelling normaliser (spelling/) corrected it at the
head of the pipeline (`normalised_text`; corrected here only when no normaliser ran). The
message also carries `distress_lexicon` in the parse result (the category, the expression found and what
the classifier had said), so that a decision can be traced to the expression behind it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.distress_lexicon import Decision, DistressLexicon
from bot.components.spelling_normaliser import NORMALISED_TEXT
from spelling import normalise

DISTRESS_INTENT = "express_distress"
TRACE_KEY = "distress_lexicon"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DistressSafetyNet(GraphComponent, IntentClassifier):
    """Sets `express_distress` on messages the crisis lexicon recognises."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # the FallbackClassifier's threshold (config.yml), used when taking a harmless phrase's distress back
        return {"fallback_threshold": 0.45}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config
        self.lexicon = DistressLexicon()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DistressSafetyNet:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or text.startswith("/"):
                continue  # a button's payload names its intent itself
            guessed = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            decision, match = self.lexicon.decide(text, guessed == DISTRESS_INTENT)
            if decision is not Decision.CRISIS:  # the crisis expression may be spelt as an SMS ("jpense a me tuer")
                corrected = message.get(NORMALISED_TEXT) or normalise(text).text
                found = self.lexicon.find(corrected) if corrected != text else None
                if found is not None:
                    decision, match = Decision.CRISIS, found
            if decision is Decision.CRISIS:
                self._set_intent(message, {INTENT_NAME_KEY: DISTRESS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0})
            elif decision is Decision.TAKEN_BACK:
                self._set_intent(message, self._next_best(message))
            if match is not None:
                trace = {"category": match.category, "expression": match.expression, "classifier_intent": guessed}
                message.set(TRACE_KEY, trace, add_to_output=True)
        return messages

    def _next_best(self, message: Message) -> dict[str, Any]:
        """The classifier's best intent other than distress if it is confident enough, else the NLU
        fallback (which asks the visitor what they meant), as the FallbackClassifier would decide."""
        others = [
            item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != DISTRESS_INTENT
        ]
        threshold = float(self.component_config["fallback_threshold"])
        if others and others[0].get(PREDICTED_CONFIDENCE_KEY, 0.0) >= threshold:
            return others[0]
        return {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: threshold}

    @staticmethod
    def _set_intent(message: Message, top: dict[str, Any]) -> None:
        """`top` as the intent, heading a ranking without distress (unless `top` is distress)."""
        ranking = [
            item
            for item in message.get(INTENT_RANKING_KEY) or []
            if item.get(INTENT_NAME_KEY) not in (DISTRESS_INTENT, top[INTENT_NAME_KEY])
        ]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)

"""Intent classification by a linear SVM over tf-idf weighted sparse features, with calibrated
probabilities so that the FallbackClassifier's threshold means something.

Chosen by cross-validation (README, bench/nlu_crossval.py): on short, informal, bilingual messages
and a few dozen examples per intent, it beat DIET and Rasa's logistic regression, and trains in
seconds instead of minutes.
"""

from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Same inputs, outputs and ranking as Rasa's LogisticRegressionClassifier; another model."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 1.0,
            "calibration_folds": 3,
        }

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = Pipeline(
            [
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
                (
                    "svm",
                    CalibratedClassifierCV(
                        LinearSVC(
                            C=self.config["C"], class_weight="balanced", random_state=self.config["random_state"]
                        ),
                        cv=self.config["calibration_folds"],
                    ),
                ),
            ]
        )

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the intent examples (labels as an array: the calibration compares them element-wise)."""
        features, labels = self._create_training_matrix(training_data)
        if features.shape[0]:
            self.clf.fit(features, np.asarray(labels))
            self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self.clf, model_dir / f"{self._resource.name}.joblib")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.clf = joblib.load(model_dir / f"{resource.name}.joblib")
        except (ValueError, FileNotFoundError):
            pass  # not trained (no intent examples): stays untrained, as Rasa's own classifier does
        return component

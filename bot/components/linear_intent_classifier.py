"""Intent classification by a linear SVM over tf-idf weighted sparse features, with calibrated
probabilities so that the FallbackClassifier's threshold means something.

Chosen by cross-validation (README, bench/nlu_crossval.py): on short, informal, bilingual messages
and a few dozen examples per intent, it beat DIET and Rasa's logistic regression, and trains in
seconds instead of minutes.

The fitted model is stored as plain arrays (NumPy's `.npz`, read with `allow_pickle=False`) and a JSON
list of intent names, never as a pickle: a model archive is data, and loading one must not run code
(README, Security). On load, the scikit-learn objects are rebuilt from those arrays, so predictions are
the same as before saving.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV, _CalibratedClassifier, _SigmoidCalibration
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
            save_weights(self.clf, model_dir / f"{self._resource.name}.npz", model_dir / f"{self._resource.name}.json")

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
                load_weights(component.clf, model_dir / f"{resource.name}.npz", model_dir / f"{resource.name}.json")
        except (ValueError, FileNotFoundError):
            pass  # not trained (no intent examples): stays untrained, as Rasa's own classifier does
        return component


def save_weights(clf: Pipeline, arrays_file: Path, labels_file: Path) -> None:
    """The fitted pipeline as arrays: the idf vector, then per calibration fold the SVM's weights, the
    indices of the intents that fold saw, and the sigmoid calibrators' two parameters per intent."""
    calibrated: CalibratedClassifierCV = clf.named_steps["svm"]
    classes = [str(label) for label in calibrated.classes_]
    arrays: dict[str, np.ndarray] = {"idf": clf.named_steps["tfidf"].idf_}
    for fold, part in enumerate(calibrated.calibrated_classifiers_):
        svm: LinearSVC = part.base_estimator
        arrays[f"coef_{fold}"] = svm.coef_
        arrays[f"intercept_{fold}"] = svm.intercept_
        arrays[f"classes_{fold}"] = np.searchsorted(calibrated.classes_, svm.classes_)
        arrays[f"sigmoid_{fold}"] = np.array([[c.a_, c.b_] for c in part.calibrators], dtype=np.float64)
    np.savez(arrays_file, **arrays)
    labels = {"classes": classes, "folds": len(calibrated.calibrated_classifiers_)}
    labels_file.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")


def load_weights(clf: Pipeline, arrays_file: Path, labels_file: Path) -> None:
    """Fill the unfitted pipeline built from the component's configuration with the stored arrays."""
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    classes = np.asarray(labels["classes"])
    with np.load(arrays_file, allow_pickle=False) as arrays:
        tfidf: TfidfTransformer = clf.named_steps["tfidf"]
        tfidf.idf_ = arrays["idf"]
        tfidf.n_features_in_ = arrays["idf"].shape[0]
        calibrated: CalibratedClassifierCV = clf.named_steps["svm"]
        parts = []
        for fold in range(int(labels["folds"])):
            svm = LinearSVC()
            svm.coef_, svm.intercept_ = arrays[f"coef_{fold}"], arrays[f"intercept_{fold}"]
            svm.classes_ = classes[arrays[f"classes_{fold}"]]
            svm.n_features_in_ = svm.coef_.shape[1]
            calibrators = []
            for a, b in arrays[f"sigmoid_{fold}"]:
                sigmoid = _SigmoidCalibration()
                sigmoid.a_, sigmoid.b_ = float(a), float(b)
                calibrators.append(sigmoid)
            parts.append(_CalibratedClassifier(svm, calibrators, classes=classes, method=calibrated.method))
    calibrated.classes_ = classes
    calibrated.calibrated_classifiers_ = parts
    calibrated.n_features_in_ = tfidf.n_features_in_

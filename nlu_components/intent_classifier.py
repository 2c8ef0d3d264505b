"""Rasa's logistic regression intent classifier, built and stored without detours.

- Input: Rasa's version stacks each message's sentence features with an empty dense matrix through
  scipy's generic `hstack`, which converts formats several times: more NLU time per message under
  load than the prediction itself (benchmarks/README.md). The matrix is the same.
- Empty input: a message with no features at all (an empty or whitespace-only text, a Telegram
  sticker) made scikit-learn raise "Found array with 0 feature(s)"; such a message gets no intent
  here, and the components after the classifier decide what it means.
- Storage: Rasa's version saves the model with skops, whose import alone walks all of
  scikit-learn: half of the server's start-up. The model is three arrays (weights, intercepts,
  intent names); they are stored with numpy, without pickle, so loading runs no stored code either.
"""

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack

from rasa_runtime import compatibility

compatibility.check()  # _create_X below replaces a private method: refuse to train or serve if it moved

ARRAYS_FILE = "logistic_regression.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentLogisticRegression(LogisticRegressionClassifier):
    def _create_X(self, messages: List[Message]) -> csr_matrix:
        rows = []
        for message in messages:
            # Index 1: sentence features (index 0 is per token).
            sparse, dense = message.get_sparse_features(TEXT)[1], message.get_dense_features(TEXT)[1]
            parts = [csr_matrix(features.features) for features in (sparse, dense) if features]
            rows.append(hstack(parts, format="csr") if len(parts) > 1 else (parts or [csr_matrix((1, 0))])[0])
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")

    def process(self, messages: List[Message]) -> List[Message]:
        readable = [m for m in messages if m.get_sparse_features(TEXT)[1] or m.get_dense_features(TEXT)[1]]
        if readable:
            super().process(readable)
        for message in messages:
            if not any(message is r for r in readable):
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(
                directory / ARRAYS_FILE,
                coef=self.clf.coef_,
                intercept=self.clf.intercept_,
                classes=self.clf.classes_.astype(str),
            )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "IntentLogisticRegression":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                arrays = dict(np.load(directory / ARRAYS_FILE, allow_pickle=False))
        except ValueError:
            return component  # Rasa's sign that nothing was stored: trained without intent examples
        component.clf.coef_, component.clf.intercept_ = arrays["coef"], arrays["intercept"]
        component.clf.classes_ = arrays["classes"]
        component.clf.n_features_in_ = arrays["coef"].shape[1]
        return component

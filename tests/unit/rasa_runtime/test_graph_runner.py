"""The graph runner without dask (rasa_runtime/graph_runner.py) gives the trained model's answers
exactly as Rasa's own runner does: the same reading of each message and the same next action."""

from pathlib import Path

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_runtime.graph_runner import SequentialGraphRunner

MODEL = Path(__file__).resolve().parents[3] / "models" / "certichat.tar.gz"
SENTENCES = [
    "la huella no sirve y la notaria esta parada",
    "quiero poner una queja",
    "ya llame al supervisor y nada",
    "cual es el horario de certigestor?",
    "",
    '/inform_product{"product":"biometria"}',
]


@pytest.fixture(scope="module")
def runners(tmp_path_factory):
    loaded = {}
    for runner_class in (DaskGraphRunner, SequentialGraphRunner):
        storage = tmp_path_factory.mktemp(runner_class.__name__)
        loaded[runner_class] = load_predict_graph_runner(storage, MODEL, LocalModelStorage, runner_class)
    return loaded


def parse(metadata, runner, text):
    results = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)]}, targets=[metadata.nlu_target])
    return results[metadata.nlu_target][0].as_dict(only_output_properties=True)


@pytest.mark.parametrize("text", SENTENCES)
def test_each_message_is_read_as_by_rasas_runner(runners, text):
    dask_reading, sequential_reading = (parse(metadata, runner, text) for metadata, runner in runners.values())
    assert sequential_reading == dask_reading


def test_the_next_action_is_the_one_rasas_runner_predicts(runners):
    metadata, _ = runners[DaskGraphRunner]
    tracker = DialogueStateTracker.from_events(
        "prueba",
        [
            ActionExecuted("action_listen"),
            UserUttered("la huella no sirve", intent={"name": "report_incident", "confidence": 1.0}),
        ],
        slots=metadata.domain.slots,
    )
    predictions = []
    for metadata, runner in runners.values():
        prediction = runner.run(inputs={PLACEHOLDER_TRACKER: tracker}, targets=[metadata.core_target])
        predictions.append(prediction[metadata.core_target])
    assert predictions[0].max_confidence_index == predictions[1].max_confidence_index
    assert predictions[0].probabilities == predictions[1].probabilities


def test_an_input_named_like_a_node_is_refused(runners):
    metadata, runner = runners[SequentialGraphRunner]
    with pytest.raises(GraphRunError):
        runner.run(inputs={PLACEHOLDER_MESSAGE: metadata.nlu_target}, targets=[metadata.nlu_target])


def test_what_the_loaded_model_keeps_is_out_of_the_collectors_way(runners):
    import gc

    assert gc.get_freeze_count() > 0

"""The Rasa internals CertiChat replaces or relies on, checked before any of them is used.

A Rasa upgrade may rename or reshape a private name without notice; CertiChat would then silently
lose a fix, or half-apply it. Every extension that touches one checks the whole list first, and the
process refuses to start with a message that names what no longer fits.
"""

import importlib
import inspect
from functools import lru_cache
from typing import Dict, List, Tuple

SUPPORTED_RASA = "3.6."

# "module:Class.name" -> the parameters CertiChat's code calls it with or replaces it by.
PRIVATE_NAMES: Dict[str, Tuple[str, ...]] = {
    # rasa_runtime/patches.py: the conversation store is not wrapped in FailSafeTrackerStore.
    "rasa.core.agent:Agent._create_tracker_store": ("store", "domain"),
    # rasa_runtime/action_response_check.py: action responses checked with compiled validators.
    "rasa.core.actions.action:RemoteAction._validate_action_result": ("self", "result"),
    # stores/conversation_store.py: the events a save must add, and the ORM objects it writes with.
    "rasa.core.tracker_store:SQLTrackerStore._additional_events": ("self", "session", "tracker"),
    "rasa.core.tracker_store:SQLTrackerStore.SQLEvent": (),
    "rasa.core.tracker_store:SQLTrackerStore.session_scope": ("self",),
    # rasa_runtime/graph_runner.py: the runner MessageProcessor builds, and what it is built with.
    "rasa.core.processor:DaskGraphRunner": (),
    "rasa.engine.runner.dask:DaskGraphRunner.__init__": (
        "self",
        "graph_schema",
        "model_storage",
        "execution_context",
        "hooks",
    ),
    "rasa.engine.graph:GraphSchema.minimal_graph_schema": ("self", "targets"),
    # rasa_runtime/in_process_actions.py: the action call, and the error Rasa reads a rejection from.
    "rasa.utils.endpoints:EndpointConfig.request": ("self", "method", "subpath", "content_type", "compress", "kwargs"),
    "rasa.utils.endpoints:ClientResponseError.__init__": ("self", "status", "message", "text"),
    # rasa_runtime/per_message_overhead.py: the module-level `copy` these two use for debug snapshots.
    "rasa.core.processor:copy": (),
    "rasa.core.policies.rule_policy:copy": (),
    "rasa.shared.core.domain:Domain.is_empty": ("self",),
    "rasa.shared.core.events:Event.resolve_by_type": ("type_name", "default"),
    "rasa.core.policies.rule_policy:RulePolicy._get_possible_keys": ("self", "lookup", "states"),
    "rasa.core.policies.rule_policy:RulePolicy._is_rule_applicable": (
        "self",
        "rule_key",
        "turn_index",
        "conversation_state",
    ),
    "rasa.core.policies.rule_policy:RulePolicy._rule_key_to_state": ("rule_key",),
    # nlu_components/sentence_counts.py: the counts of a batch of tokenized messages.
    "rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer:CountVectorsFeaturizer._create_features": (
        "self",
        "attribute",
        "all_tokens",
    ),
    # nlu_components/intent_classifier.py: the feature matrix of a batch of messages.
    "rasa.nlu.classifiers.logistic_regression_classifier:LogisticRegressionClassifier._create_X": ("self", "messages"),
}


class IncompatibleRasa(RuntimeError):
    pass


def problems() -> List[str]:
    """What does not fit the installed Rasa, one line each; empty when everything does."""
    import rasa

    found = []
    if not rasa.__version__.startswith(SUPPORTED_RASA):
        found.append(f"Rasa {rasa.__version__} instalado; CertiChat está hecho para Rasa {SUPPORTED_RASA}x")
    for name, parameters in PRIVATE_NAMES.items():
        module_name, path = name.split(":")
        owner = importlib.import_module(module_name)
        try:
            for part in path.split("."):
                owner = getattr(owner, part)
        except AttributeError:
            found.append(f"{name} ya no existe")
            continue
        if parameters and callable(owner):
            actual = tuple(inspect.signature(owner).parameters)
            if actual != parameters:
                found.append(f"{name} recibe {actual}; CertiChat espera {parameters}")
    return found


@lru_cache(maxsize=1)
def check() -> None:
    """Raises IncompatibleRasa listing every name that no longer fits; once per process."""
    found = problems()
    if found:
        raise IncompatibleRasa(
            "CertiChat no puede arrancar con esta versión de Rasa:\n  "
            + "\n  ".join(found)
            + "\nFije rasa==3.6.21 (pyproject.toml) o adapte rasa_runtime/ y revise cada cambio."
        )

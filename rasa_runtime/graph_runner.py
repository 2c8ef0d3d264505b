"""Runs the model's graph (NLU, then policies) node after node, without dask.

Rasa hands every message, and every action prediction, to `dask.get`, which rebuilds a task graph,
orders it and schedules it, to run a chain of a dozen components one after the other in one
thread. That bookkeeping cost about a tenth of the server's time under load (benchmarks/README.md).
Here the order of each set of targets is worked out once and the nodes are called in it, with the
same inputs and outputs as under dask.

This runner is built right after the model's components are loaded, which is also when the process
has made nearly every object it will keep: TensorFlow's and Rasa's modules, the model. They are
moved out of the cyclic garbage collector's sight (`gc.freeze`), which otherwise walks all of them
again and again while messages are handled (about a fifth of the throughput, benchmarks/README.md).
"""

import gc
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from rasa_runtime.compatibility import IncompatibleRasa

Plan = List[Tuple[Text, List[Text]]]


class SequentialGraphRunner(DaskGraphRunner):
    """Rasa's graph runner with the nodes it instantiated, called in dependency order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What Rasa's runner keeps and this one runs: checked here, they are set per instance.
        if not isinstance(getattr(self, "_instantiated_nodes", None), dict) or not hasattr(self, "_graph_schema"):
            raise IncompatibleRasa("DaskGraphRunner ya no guarda _instantiated_nodes y _graph_schema")
        self._plans: Dict[Tuple[Text, ...], Plan] = {}
        gc.collect()
        gc.freeze()

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        plan = self._plans.get(tuple(run_targets))
        if plan is None:
            plan = self._plans[tuple(run_targets)] = self._plan(run_targets)
        # Each node's output is (node name, value), as dask passes it on; inputs take the same form.
        values: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(f"Input value '{value}' clashes with a node name.")
            values[name] = (name, value)
        try:
            for node_name, needs in plan:
                values[node_name] = self._instantiated_nodes[node_name](*(values[need] for need in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(values[target] for target in run_targets)

    def _plan(self, targets: List[Text]) -> Plan:
        schema = self._graph_schema.minimal_graph_schema(targets)
        plan: Plan = []
        placed: set = set()

        def place(node_name: Text) -> None:
            if node_name in placed or node_name not in schema.nodes:
                return  # placed already, or an input given to run()
            placed.add(node_name)
            needs = list(schema.nodes[node_name].needs.values())
            for need in needs:
                place(need)
            plan.append((node_name, needs))

        for target in targets:
            place(target)
        return plan


def install() -> None:
    import rasa.core.processor

    # MessageProcessor builds its runner from this module-level name.
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner

"""`rasa` as the launcher starts it: Rasa's own command line, in a process that does not import JAX.

TensorFlow 2.12 requires JAX and its Lite converter imports it when present, falling back when the
import fails. CertiChat's Rasa process uses neither, and importing JAX cost 66 MB of resident memory
and 0.8 s of start-up per process (benchmarks/README.md). A plain `rasa run` works as well, with JAX.

    python -m rasa_runtime.server run --model models/certichat.tar.gz ...
"""

import importlib.abc
import sys
from typing import Any, Optional, Sequence

KEPT_OUT = ("jax", "jaxlib")


class _KeepOut(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Optional[Sequence[str]] = None, target: Any = None) -> None:
        if name.split(".")[0] in KEPT_OUT:
            raise ImportError(f"{name} is kept out of CertiChat's Rasa process (rasa_runtime/server.py)")
        return None


def main() -> None:
    sys.meta_path.insert(0, _KeepOut())
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()

"""Where the Rasa server's time goes during the benchmark, sampled with py-spy (`--profile`).

py-spy reads the server's Python stacks from outside (ptrace), so the server runs unchanged. Each
sample is put in the first stage of the message handling it belongs to.
"""

import collections
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Dict

# (stage, a frame that only appears while the server is in that stage), in the order they are tried.
STAGES = [
    ("leer la conversación", "get_or_create_tracker"),
    ("NLU", "_parse_message_with_graph"),
    ("políticas", "_predict_next_with_tracker"),
    ("acciones (y su llamada HTTP, con CERTICHAT_ACTIONS=server)", "_run_action"),
    ("guardar la conversación", "save_tracker"),
]
OTHER = "resto (HTTP, canal, Rasa)"


class Profiler:
    def __init__(self, pid: int, output: Path):
        self.output = output
        executable = shutil.which("py-spy", path=str(Path(__file__).resolve().parent.parent / ".venv" / "bin"))
        if executable is None:
            raise RuntimeError("py-spy no está instalado: .venv/bin/pip install -e '.[bench]'")
        self.process = subprocess.Popen(
            [executable, "record", "--pid", str(pid), "--rate", "200", "--format", "raw", "--output", str(output)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> Dict[str, float]:
        """Stops sampling and returns the share of busy samples per stage."""
        self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=60)
        if not self.output.exists():
            raise RuntimeError(f"py-spy no pudo muestrear el servidor: {errors.decode(errors='replace')[-300:]}")
        return breakdown(self.output)


def breakdown(raw: Path) -> Dict[str, float]:
    counts: Dict[str, int] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        stage = next((name for name, frame in STAGES if frame in stack), OTHER)
        counts[stage] += int(samples)
    total = sum(counts.values()) or 1
    return {stage: 100 * counts[stage] / total for stage, _ in [*STAGES, (OTHER, "")]}

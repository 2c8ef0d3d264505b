"""The launcher's `rasa` (rasa_runtime/server.py) is Rasa's command line without JAX, and TensorFlow
falls back as it does when JAX is not installed."""

import subprocess
import sys


def test_it_is_rasas_own_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "rasa_runtime.server", "--version"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Rasa Version      :         3.6." in result.stdout


def test_tensorflow_loads_without_jax_and_knows_it():
    script = (
        "import sys; from rasa_runtime.server import _KeepOut; sys.meta_path.insert(0, _KeepOut()); "
        "from tensorflow.lite.python import util; "
        "print(util._xla_computation is None, any(m.split('.')[0] in ('jax', 'jaxlib') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.split()[-2:] == ["True", "False"], result.stderr[-2000:]

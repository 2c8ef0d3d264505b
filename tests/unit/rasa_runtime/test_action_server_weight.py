"""The action server stays light: it never loads Rasa, and with it TensorFlow (hundreds of MB)."""

import subprocess
import sys


def test_the_actions_and_their_server_load_neither_rasa_nor_tensorflow():
    script = (
        "import sys, actions.answers, actions.case_offer, actions.case_form, actions.case_filing, "
        "actions.case_status, actions.forms, actions.conversation, "
        "rasa_runtime.action_server; print(sorted(m for m in ('rasa', 'tensorflow') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "[]", result.stderr[-2000:]

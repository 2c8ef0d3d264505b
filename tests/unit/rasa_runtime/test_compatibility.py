"""CertiChat refuses to start on a Rasa whose private names it relies on have moved."""

import subprocess
import sys

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent

from rasa_runtime import compatibility


def test_the_installed_rasa_fits():
    assert compatibility.problems() == []


def test_a_renamed_private_name_is_named(monkeypatch):
    monkeypatch.delattr(Agent, "_create_tracker_store")
    assert compatibility.problems() == ["rasa.core.agent:Agent._create_tracker_store ya no existe"]


def test_a_reshaped_private_name_is_named(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", lambda self, result, strict: True)
    [problem] = compatibility.problems()
    assert "RemoteAction._validate_action_result recibe ('self', 'result', 'strict')" in problem


def test_another_rasa_version_is_named(monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert compatibility.problems()[0].startswith("Rasa 3.7.0 instalado")


def test_the_process_refuses_to_start_with_the_list():
    """What a Rasa upgrade that renamed a patched method would do to the conversation store."""
    script = (
        "from rasa.core.actions.action import RemoteAction; del RemoteAction._validate_action_result; "
        "from stores.conversation_store import CachingSQLTrackerStore; "
        "CachingSQLTrackerStore(dialect='sqlite', db=':memory:')"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "CertiChat no puede arrancar con esta versión de Rasa" in result.stderr
    assert "RemoteAction._validate_action_result ya no existe" in result.stderr


def test_the_conversation_store_installs_the_fixes_so_plain_rasa_run_gets_them(tmp_path):
    script = (
        "from rasa.core.agent import Agent; from rasa.core.actions.action import RemoteAction; "
        "from stores.conversation_store import CachingSQLTrackerStore; "
        f"store = CachingSQLTrackerStore(dialect='sqlite', db={str(tmp_path / 'c.db')!r}); "
        "import rasa.core.processor; from rasa.utils.endpoints import EndpointConfig; "
        "print(type(Agent._create_tracker_store(store, None)).__name__, "
        "RemoteAction._validate_action_result.__module__, rasa.core.processor.DaskGraphRunner.__name__, "
        "EndpointConfig.request.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == [
        "CachingSQLTrackerStore",
        "rasa_runtime.action_response_check",
        "SequentialGraphRunner",
        "rasa_runtime.in_process_actions",
    ], result.stderr


@pytest.mark.parametrize("name", sorted(compatibility.PRIVATE_NAMES))
def test_every_listed_name_is_one_certichat_uses(name):
    """No stale entry: each listed name appears in the code that relies on it."""
    from pathlib import Path

    attribute = name.split(":")[-1].rsplit(".", 1)[-1]
    root = Path(__file__).resolve().parents[3]
    sources = [
        p
        for d in ("rasa_runtime", "stores", "nlu_components")
        for p in (root / d).glob("*.py")
        if p.name != "compatibility.py"
    ]
    assert any(attribute in p.read_text(encoding="utf-8") for p in sources), name

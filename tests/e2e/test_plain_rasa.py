"""`rasa run` from the project root, as the README shows it: it needs only the widget's secret in
CERTICHAT_SESSION_SECRET (the one setting `certichat run` generates), and without it stops naming it."""

import os
import subprocess
import time

import requests
import yaml

from launcher.processes import free_port
from tests.servers import MODEL, ROOT, VENV_BIN

HUELLA_LINE = "(601) 3906642"


def _plain(tmp_path, environment):
    """`rasa run` as an operator types it in the project root; the conversations in a file of the test's."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["tracker_store"]["db"] = str(tmp_path / "conversations.db")
    (tmp_path / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    port = free_port()
    command = [str(VENV_BIN / "rasa"), "run", "--port", str(port), "--model", str(MODEL)]
    command += ["--endpoints", str(tmp_path / "endpoints.yml")]
    variables = {k: v for k, v in os.environ.items() if not k.startswith(("CERTICHAT_", "TELEGRAM_", "SLACK_"))}
    return port, command, {**variables, **environment, "RASA_TELEMETRY_ENABLED": "false"}


def test_without_the_widget_s_secret_rasa_stops_naming_the_variable(tmp_path):
    _, command, environment = _plain(tmp_path, {})
    stopped = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180)
    assert stopped.returncode != 0
    assert "CERTICHAT_SESSION_SECRET" in stopped.stdout + stopped.stderr


def test_with_it_a_plain_rasa_run_answers_as_the_bot_does(tmp_path):
    port, command, environment = _plain(tmp_path, {"CERTICHAT_SESSION_SECRET": "secreto-de-rasa-run"})
    log = (tmp_path / "rasa.log").open("w")
    rasa = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        url, deadline = f"http://127.0.0.1:{port}/webhooks/rest/webhook", time.monotonic() + 180
        while True:
            assert rasa.poll() is None, (tmp_path / "rasa.log").read_text()[-2000:]
            try:
                answer = requests.post(url, json={"sender": "rasa-run", "message": "la huella no sirve"}, timeout=30)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "rasa run did not answer"
                time.sleep(1)
        assert HUELLA_LINE in "\n".join(m.get("text", "") for m in answer.json())
    finally:
        rasa.terminate()
        rasa.wait(timeout=60)
        log.close()

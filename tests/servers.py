"""A real action server and a real Rasa server, started as a user would, for end-to-end tests."""
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List

import requests
import yaml

from launcher.endpoints import build as build_endpoints

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "certichat.tar.gz"
START_TIMEOUT_SECONDS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningBot:
    """Action server + Rasa server (REST and socketio channels) with the clock pinned by a file."""

    def __init__(self, workdir: Path, channel_settings: Dict[str, str]):
        self.workdir = workdir
        # Environment variables that turn messaging channels on, as an administrator would set them.
        self.channel_settings = channel_settings
        self.clock_file = workdir / "now"
        self.action_port, self.rasa_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.processes: Dict[str, subprocess.Popen] = {}

    @property
    def endpoints_file(self) -> Path:
        """Only the action server: what `rasa test` needs (it keeps its own trackers)."""
        return self.workdir / "action-endpoint.yml"

    @property
    def server_endpoints_file(self) -> Path:
        """The action server and a SQLite tracker store, as in the project's endpoints.yml."""
        return self.workdir / "endpoints.yml"

    def set_clock(self, bogota_time: str) -> None:
        self.clock_file.write_text(bogota_time, encoding="utf-8")

    def _spawn(self, name: str, *args: str) -> None:
        log = open(self.workdir / f"{name}.log", "w")
        env = {**os.environ, **self.channel_settings, "CERTICHAT_FROZEN_NOW": f"@{self.clock_file}",
               "RASA_TELEMETRY_ENABLED": "false"}
        self.processes[name] = subprocess.Popen([str(VENV_BIN / args[0]), *args[1:]], cwd=ROOT, env=env,
                                                stdout=log, stderr=subprocess.STDOUT)

    def start(self) -> "RunningBot":
        if not MODEL.exists():
            raise RuntimeError(f"{MODEL} is missing: run scripts/setup.sh first")
        self.set_clock("2026-11-23T10:00")
        action_endpoint = f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
        self.endpoints_file.write_text(action_endpoint, encoding="utf-8")
        # The server's endpoints come from the project's generator, as scripts/run.sh makes them;
        # without a database URL, each test bot keeps its conversations in its own SQLite file.
        endpoints, _ = build_endpoints({**self.channel_settings,
                                        "CERTICHAT_ACTION_ENDPOINT": f"http://127.0.0.1:{self.action_port}/webhook"})
        if endpoints["tracker_store"].get("dialect") == "sqlite":
            endpoints["tracker_store"]["db"] = str(self.workdir / "conversations.db")
        self.server_endpoints_file.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
        self.start_actions()
        credentials = self.workdir / "credentials.yml"
        subprocess.run([str(VENV_BIN / "python"), "-m", "launcher.credentials", str(credentials)], cwd=ROOT,
                       env={**os.environ, **self.channel_settings}, check=True, capture_output=True)
        self._start_rasa()
        self.wait_for_actions()
        self._wait_until_up(f"{self.url}/", "rasa")
        return self

    def start_actions(self) -> None:
        self._spawn("actions", "python", "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port))

    def stop_actions(self) -> None:
        """Stops the action server, as an outage would; start_actions() brings it back."""
        actions = self.processes.pop("actions")
        actions.kill()
        actions.wait(timeout=20)

    def wait_for_actions(self) -> None:
        self._wait_until_up(f"http://127.0.0.1:{self.action_port}/health", "actions")

    def _start_rasa(self, name: str = "rasa", port: int = 0) -> None:
        self._spawn(name, "certichat-server", "run", "--port", str(port or self.rasa_port), "--model", str(MODEL),
                    "--credentials", str(self.workdir / "credentials.yml"), "--endpoints", str(self.server_endpoints_file))

    def start_second_rasa(self) -> str:
        """Another Rasa process with the same model, channels and stores; returns its URL."""
        port = free_port()
        self._start_rasa("rasa-2", port)
        url = f"http://127.0.0.1:{port}"
        self._wait_until_up(f"{url}/", "rasa-2")
        return url

    def crash_and_restart_rasa(self) -> None:
        """kill -9 of the Rasa server, as a crash would, then a new one on the same port."""
        rasa = self.processes.pop("rasa")
        rasa.kill()
        rasa.wait(timeout=20)
        self._start_rasa()
        self._wait_until_up(f"{self.url}/", "rasa")

    def _wait_until_up(self, url: str, name: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes.values()):
                break
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        tail = (self.workdir / f"{name}.log").read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"{name} server did not start; last log lines:\n{tail}")

    def post(self, body, **kwargs) -> requests.Response:
        return requests.post(f"{self.url}/webhooks/rest/webhook", timeout=60, **({"json": body} if not isinstance(
            body, (bytes, str)) else {"data": body}), **kwargs)

    def send(self, sender: str, text: str) -> List[dict]:
        response = self.post({"sender": sender, "message": text})
        assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
        return response.json()

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

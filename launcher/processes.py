"""Starting, watching and stopping processes: each with its own log, ready when a URL answers."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Mapping, Optional

START_TIMEOUT_SECONDS = 300


class StartFailed(RuntimeError):
    """A process stopped or never answered; the message ends with its last log lines."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


class Processes:
    """Named processes sharing one environment and working directory, stopped together."""

    def __init__(self, logs: Path, environment: Mapping[str, str], cwd: Path):
        # Not a copy: what the owner adds before a start (the cases' database) reaches the process.
        self.logs, self.environment, self.cwd = logs, environment, cwd
        self.running: Dict[str, subprocess.Popen] = {}
        self.ready_urls: Dict[str, str] = {}

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def start(
        self, name: str, command: List[str], ready_url: str, environment: Optional[Dict[str, str]] = None
    ) -> None:
        with open(self.log(name), "w") as log:
            # A session of its own: Ctrl+C in the terminal reaches the launcher, which stops everything in order.
            self.running[name] = subprocess.Popen(
                command,
                cwd=self.cwd,
                env={**self.environment, **(environment or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.ready_urls[name] = ready_url

    def wait_until_ready(self, *names: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        waiting = list(names or self.running)
        deadline = time.monotonic() + timeout
        while waiting:
            stopped = self.first_stopped()
            if stopped:
                raise StartFailed(
                    f"{stopped} se detuvo al arrancar; últimas líneas de {self.log(stopped)}:\n{self.tail(stopped)}"
                )
            if time.monotonic() > deadline:
                raise StartFailed(
                    f"{waiting[0]} no respondió en {timeout:.0f} s en {self.ready_urls[waiting[0]]}; "
                    f"últimas líneas de {self.log(waiting[0])}:\n{self.tail(waiting[0])}"
                )
            waiting = [name for name in waiting if not answers(self.ready_urls[name])]
            if waiting:
                time.sleep(0.5)

    def first_stopped(self) -> Optional[str]:
        return next((name for name, process in self.running.items() if process.poll() is not None), None)

    def tail(self, name: str, characters: int = 3000) -> str:
        return self.log(name).read_text(errors="replace")[-characters:]

    def kill(self, name: str) -> None:
        """kill -9, as a crash would."""
        process = self.running.pop(name)
        process.kill()
        process.wait(timeout=30)

    def stop_all(self) -> None:
        self._stop(list(self.running.values()))
        self.running.clear()

    @staticmethod
    def _stop(processes: List[subprocess.Popen]) -> None:
        for process in processes:
            _signal(process, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL)
                process.wait()


def _signal(process: subprocess.Popen, number: int) -> None:
    """To the process and whatever it started (Rasa's Sanic may fork)."""
    try:
        os.killpg(process.pid, number)
    except ProcessLookupError:
        pass

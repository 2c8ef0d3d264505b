"""The machine's PostgreSQL and Redis for the tests that need them, and a TCP relay that a test can
cut to take a service away in the middle of a conversation."""

import os
import socket
import subprocess
import threading
from typing import List

import pytest

from launcher.processes import free_port, port_in_use

SERVICE_PORTS = {"PostgreSQL": 5432, "Redis": 6379}


def require(*names: str) -> None:
    """Skips the test with the reason where a service is not running; with CERTICHAT_REQUIRE_SERVICES=1
    (as .ci/run sets) fails instead."""
    missing = [name for name in names if not port_in_use(SERVICE_PORTS[name])]
    if missing:
        reason = f"{' y '.join(missing)} no responde en 127.0.0.1; vea 'Escalado' en el README para iniciarlo"
        if os.environ.get("CERTICHAT_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def drop_database(name: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {name}"], capture_output=True
    )


class TcpRelay:
    """Listens on a free port and relays every connection to target_port; cut() closes the listener
    and every open connection, as a database that went away would; restore() listens again."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self._sockets: List[socket.socket] = []
        self._listener = None
        self.restore()

    def restore(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        for each in [self._listener, *self._sockets]:
            try:
                each.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            each.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for each in (source, sink):
            try:
                each.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

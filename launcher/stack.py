"""CertiChat's processes: one or more Rasa servers, the widget's demo page, and the action server when
the actions do not run inside Rasa (CERTICHAT_ACTIONS=server).

The only place that knows how they are started; `certichat run`, the tests and the benchmark all
start them through `CertiChat`.
"""

import os
import secrets
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional

import yaml

from channels.socketio import DEMO_PAGE_ORIGINS
from launcher import credentials, endpoints
from launcher.processes import Processes, free_port
from stores.database import SQLITE_FILE, URL_VARIABLE, url_of
from stores.outbox import SmtpSettings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "certichat.tar.gz"
ACTIONS = "actions"
WIDGET_PAGE = "widget"


# Where the actions run: inside each Rasa process (the default), or in the action server's own process.
ACTIONS_SETTING = "CERTICHAT_ACTIONS"
IN_PROCESS, SERVER = "in-process", "server"

# Tens of KB hold any message, Telegram update or Slack event; a larger body is refused (413) unread.
REQUEST_MAX_BYTES = 64 * 1024


def action_server_command(port: int) -> List[str]:
    # rasa_sdk's application without loading all of Rasa, on loopback only (rasa_runtime/action_server.py).
    return [str(BIN / "python"), "-m", "rasa_runtime.action_server", "--port", str(port)]


# The interface Rasa listens on: every one by default, as Rasa does; 127.0.0.1 behind a proxy on this host.
INTERFACE_VARIABLE = "CERTICHAT_RASA_INTERFACE"


def rasa_server_command(
    port: int,
    credentials_file: Path,
    endpoints_file: Path,
    origins: List[str],
    model: Path = MODEL,
    interface: str = "0.0.0.0",
) -> List[str]:
    # --cors: the pages allowed to talk to the bot from a browser, the widget's among them.
    # Rasa's own command line, without JAX (rasa_runtime/server.py).
    return [
        str(BIN / "python"),
        "-m",
        "rasa_runtime.server",
        "run",
        "--interface",
        interface,
        "--port",
        str(port),
        "--cors",
        *origins,
        "--model",
        str(model),
        "--credentials",
        str(credentials_file),
        "--endpoints",
        str(endpoints_file),
    ]


def widget_page_command(port: int) -> List[str]:
    return [
        str(BIN / "python"),
        "-m",
        "http.server",
        str(port),
        "--bind",
        "127.0.0.1",
        "--directory",
        str(ROOT / "widget"),
    ]


def _write(path: Path, content: Dict) -> Path:
    """Readable by this user only: the files hold tokens, secrets and database passwords."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(yaml.safe_dump(content, allow_unicode=True, sort_keys=False))
    return path


def session_secret(workdir: Path) -> str:
    """The secret that signs the widget's sessions: kept in the working folder so that a restart does
    not end every open conversation, and shared by every process started together."""
    path = workdir / "session-secret"
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    return path.read_text().strip()


class CertiChat:
    """The whole bot, configured from `environment` as an administrator would configure it.

    With Redis (CERTICHAT_REDIS_URL) every Rasa process serves the widget's Socket.IO channel, the
    processes sharing its rooms through Redis; without it only the first one does (a browser's socket
    lives inside one process, and its replies would not reach it from another). Files and logs go to
    `workdir`.
    """

    def __init__(
        self,
        workdir: Path,
        environment: Mapping[str, str],
        processes: int = 1,
        widget: bool = True,
        rasa_port: Optional[int] = None,
        action_port: Optional[int] = None,
        widget_page_port: Optional[int] = None,
        model: Path = MODEL,
    ):
        self.workdir, self.model, self.widget = workdir, model, widget
        self.environment = {**environment, "RASA_TELEMETRY_ENABLED": "false"}
        self.environment.setdefault("CERTICHAT_SESSION_SECRET", session_secret(workdir))
        if widget_page_port:
            # The demo page's own origin is allowed unless the administrator lists the allowed ones.
            self.environment.setdefault(
                "CERTICHAT_ALLOWED_ORIGINS", f"http://localhost:{widget_page_port},http://127.0.0.1:{widget_page_port}"
            )
        self.origins = [
            o.strip()
            for o in self.environment.get("CERTICHAT_ALLOWED_ORIGINS", DEMO_PAGE_ORIGINS).split(",")
            if o.strip()
        ]
        # Given a port, the processes take it and the ones after it (5005, 5006…); else any free ones.
        self.rasa_ports = [rasa_port + index if rasa_port else free_port() for index in range(processes)]
        self.action_port = action_port or free_port()
        self.widget_page_port = widget_page_port
        self.processes = Processes(workdir, self.environment, ROOT)
        self.summary: List[str] = []
        self.actions_mode = self.environment.get(ACTIONS_SETTING, "").strip() or IN_PROCESS

    @property
    def actions_in_process(self) -> bool:
        return self.actions_mode == IN_PROCESS

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[0]}"

    def ports(self) -> List[int]:
        return [*self.rasa_ports, self.action_port, *([self.widget_page_port] if self.widget_page_port else [])]

    def configure(self) -> List[str]:
        """Writes the credentials and endpoints files; returns what is on, one line each.
        ChannelSettingsError or EndpointSettingsError name what is wrong in the environment."""
        if self.actions_mode not in (IN_PROCESS, SERVER):
            raise endpoints.EndpointSettingsError(f"{ACTIONS_SETTING} debe ser {IN_PROCESS} o {SERVER}")
        self.workdir.mkdir(parents=True, exist_ok=True)
        with_widget, channels = credentials.build(self.environment, widget=self.widget)
        without_widget, _ = credentials.build(self.environment, widget=False)
        action_port = None if self.actions_in_process else self.action_port
        stores, where = endpoints.build(self.environment, action_port, self.workdir / SQLITE_FILE)
        # Cases are kept beside the conversations: every process is told where.
        self.environment[URL_VARIABLE] = url_of(stores["tracker_store"])
        _write(self.workdir / "credentials.yml", with_widget)
        _write(self.workdir / "credentials-without-widget.yml", without_widget)
        _write(self.workdir / "endpoints.yml", stores)
        smtp = SmtpSettings.from_environment(self.environment)
        mail = (
            f"{smtp.host}:{smtp.port}" if smtp else "apagado (defina CERTICHAT_SMTP_HOST; los casos se guardan igual)"
        )
        actions = (
            "en cada proceso de Rasa"
            if self.actions_in_process
            else f"servidor de acciones en 127.0.0.1:{self.action_port}"
        )
        self.summary = [
            f"Canales: {', '.join(channels)}",
            f"Acciones: {actions}",
            f"Almacenamiento: {', '.join(where)}",
            f"Correo de los casos: {mail}",
        ]
        return self.summary

    def start(self) -> "CertiChat":
        """Starts everything and returns once every process answers; StartFailed otherwise (all stopped)."""
        if not self.summary:
            self.configure()
        try:
            self.start_servers()
            if self.widget_page_port:
                self.processes.start(
                    WIDGET_PAGE,
                    widget_page_command(self.widget_page_port),
                    f"http://127.0.0.1:{self.widget_page_port}/",
                )
            self.processes.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def start_servers(self) -> None:
        """Starts the action server (unless the actions run in Rasa) and every Rasa process, without
        waiting for them."""
        if not self.actions_in_process:
            self.start_actions()
        self.start_rasa_processes()

    def start_rasa_processes(self) -> None:
        """Starts every Rasa process without waiting for it."""
        for index in range(len(self.rasa_ports)):
            self._start_rasa(index)

    def rasa_name(self, index: int) -> str:
        return f"rasa-{self.rasa_ports[index]}"

    def _start_rasa(self, index: int) -> None:
        shared_widget = bool(self.environment.get("CERTICHAT_REDIS_URL", "").strip())
        files = "credentials.yml" if index == 0 or shared_widget else "credentials-without-widget.yml"
        port = self.rasa_ports[index]
        self.processes.start(
            self.rasa_name(index),
            rasa_server_command(
                port,
                self.workdir / files,
                self.workdir / "endpoints.yml",
                self.origins,
                self.model,
                self.environment.get(INTERFACE_VARIABLE, "").strip() or "0.0.0.0",
            ),
            f"http://127.0.0.1:{port}/",
            self._rasa_environment(),
        )

    def _rasa_environment(self) -> Dict[str, str]:
        """Sanic reads its settings from SANIC_* variables: a body limit, and whom to believe about the
        client's address (a proxy only when the administrator declares how many stand in front)."""
        settings = {"SANIC_REQUEST_MAX_SIZE": str(REQUEST_MAX_BYTES)}
        if self.environment.get("CERTICHAT_TRUSTED_PROXIES"):
            settings["SANIC_PROXIES_COUNT"] = self.environment["CERTICHAT_TRUSTED_PROXIES"]
        return settings

    def start_actions(self) -> None:
        """The action server, for Rasa in server mode, or for `rasa test`, which runs no actions in-process."""
        self.processes.start(
            ACTIONS, action_server_command(self.action_port), f"http://127.0.0.1:{self.action_port}/health"
        )

    def stop_actions(self) -> None:
        """Stops the action server, as an outage would; start_actions() brings it back."""
        self.processes.kill(ACTIONS)

    def add_rasa(self) -> str:
        """One more Rasa process with the same model and stores (Socket.IO only with Redis); returns its URL."""
        self.rasa_ports.append(free_port())
        self._start_rasa(len(self.rasa_ports) - 1)
        self.processes.wait_until_ready(self.rasa_name(len(self.rasa_ports) - 1))
        return f"http://127.0.0.1:{self.rasa_ports[-1]}"

    def crash_and_restart_rasa(self, index: int = 0) -> None:
        """kill -9 of a Rasa server, as a crash would, then a new one on the same port."""
        self.processes.kill(self.rasa_name(index))
        self._start_rasa(index)
        self.processes.wait_until_ready(self.rasa_name(index))

    def stop(self) -> None:
        self.processes.stop_all()

"""The real bot for end-to-end tests, started by the launcher as `certichat run` starts it, with the
Bogotá clock pinned by a file the tests rewrite."""

from pathlib import Path
from typing import Dict, List

import requests

from launcher.processes import free_port  # noqa: F401  (the tests' fake services take ports the same way)
from launcher.stack import BIN as VENV_BIN  # noqa: F401
from launcher.stack import MODEL, ROOT, CertiChat  # noqa: F401


class RunningBot(CertiChat):
    """Rasa server (every channel the settings turn on; the actions inside it, or in an action server
    with CERTICHAT_ACTIONS=server) on free ports."""

    def __init__(self, workdir: Path, settings: Dict[str, str], widget_page: bool = False, model: Path = MODEL):
        self.clock_file = workdir / "now"
        environment = {**_inherited(), **settings, "CERTICHAT_FROZEN_NOW": f"@{self.clock_file}"}
        super().__init__(workdir, environment, widget_page_port=free_port() if widget_page else None, model=model)

    @property
    def widget_page(self) -> str:
        return f"http://127.0.0.1:{self.widget_page_port}"

    @property
    def endpoints_file(self) -> Path:
        """Only the action server: what `rasa test` needs (it keeps its own conversations and runs no
        actions in-process); start it with start_actions()."""
        path = self.workdir / "action-endpoint.yml"
        path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n', encoding="utf-8")
        return path

    def start(self) -> "RunningBot":
        if not self.model.exists():
            raise RuntimeError(f"{self.model} is missing: run scripts/setup.sh first")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.set_clock("2026-11-23T10:00")
        super().start()
        return self

    def set_clock(self, bogota_time: str) -> None:
        self.clock_file.write_text(bogota_time, encoding="utf-8")

    def wait_for_actions(self) -> None:
        self.processes.wait_until_ready("actions")

    def start_second_rasa(self) -> str:
        return self.add_rasa()

    def post(self, body, headers=None, **kwargs) -> requests.Response:
        """To the REST channel, as the trusted back end: with the token when one is configured."""
        token = self.environment.get("CERTICHAT_REST_TOKEN")
        headers = {**({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
        return requests.post(
            f"{self.url}/webhooks/rest/webhook",
            headers=headers,
            timeout=60,
            **({"json": body} if not isinstance(body, (bytes, str)) else {"data": body}),
            **kwargs,
        )

    def send(self, sender: str, text: str) -> List[dict]:
        response = self.post({"sender": sender, "message": text})
        assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
        return response.json()


def _inherited() -> Dict[str, str]:
    """The test run's own environment (PATH, locale), without anything that would turn a channel or
    a shared store on behind a test's back."""
    import os

    from launcher.credentials import MESSAGING_CHANNELS

    variables = {s.variable for channel in MESSAGING_CHANNELS for s in channel.SETTINGS}
    variables |= {
        "CERTICHAT_DATABASE_URL",
        "CERTICHAT_ACTIONS",
        "CERTICHAT_REDIS_URL",
        "CERTICHAT_REST_TOKEN",
        "CERTICHAT_ALLOWED_ORIGINS",
        "CERTICHAT_SESSION_SECRET",
        "CERTICHAT_CATALOGUE",
        "CERTICHAT_SMTP_HOST",
        "CERTICHAT_STORE_URL",
    }
    return {k: v for k, v in os.environ.items() if k not in variables}

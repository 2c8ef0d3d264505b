"""Local stand-ins for Telegram's Bot API and Slack's Web API, on 127.0.0.1, recording every call."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List

from tests.servers import free_port


class FakeApi:
    def __init__(self):
        self.calls: List[Dict] = []
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with api.lock:
                    api.calls.append(
                        {"path": self.path, "headers": dict(self.headers), "json": json.loads(body or b"{}")}
                    )
                answer = json.dumps({"ok": True, "result": {"message_id": len(api.calls)}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def matching(self, method: str, where: Callable[[Dict], bool] = lambda body: True) -> List[Dict]:
        with self.lock:
            return [c["json"] for c in self.calls if c["path"].endswith("/" + method) and where(c["json"])]

    def wait_for(self, method: str, where: Callable[[Dict], bool], count: int = 1, timeout: float = 30) -> List[Dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.matching(method, where)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"{method}: expected {count} call(s), got {self.matching(method, where)}")

    def stop(self):
        self.server.shutdown()

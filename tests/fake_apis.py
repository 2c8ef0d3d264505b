"""Local stand-ins for Telegram's Bot API and Slack's Web API, on 127.0.0.1, recording every call."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Set

from tests.servers import free_port


class FakeApi:
    def __init__(self):
        self.calls: List[Dict] = []
        # Methods that fail as a struggling API would: 502 with a body that is not JSON.
        self.failing: Set[str] = set()
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with api.lock:
                    api.calls.append(
                        {"path": self.path, "headers": dict(self.headers), "json": json.loads(body or b"{}")}
                    )
                if self.path.rsplit("/", 1)[-1] in api.failing:
                    answer, status, kind = b"<html>Bad Gateway</html>", 502, "text/html"
                else:
                    answer = json.dumps({"ok": True, "result": {"message_id": len(api.calls)}}).encode()
                    status, kind = 200, "application/json"
                self.send_response(status)
                self.send_header("Content-Type", kind)
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

"""The HTTPS front as deployed: Debian's nginx with deploy/nginx/certichat.conf (only its ports, paths
and certificate changed), a certificate made here, in front of two Rasa processes that share
PostgreSQL and Redis and listen on loopback only. Reached from an address of this machine that is
not loopback, as a client on the network would reach it.

Needs PostgreSQL and Redis (skipped with the reason where they are not running, failed under
CERTICHAT_REQUIRE_SERVICES=1) and nginx (scripts/test.sh installs it as it installs Chromium).
"""

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from channels.limits import FLOOD_MAX_PER_ADDRESS
from launcher.processes import free_port, port_in_use
from tests import services
from tests.e2e.test_security import _outside_address
from tests.e2e.test_widget import CHROMIUM, CHROMIUM_FLAGS
from tests.servers import ROOT, RunningBot

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "certichat.conf"
HUELLA_LINE = "(601) 3906642"


def site_for(https_port: int, http_port: int, certificate: Path, key: Path, rasa_ports) -> str:
    """The repository's site file with this run's values; fails if the file no longer has one of them,
    so the file tested is the file shipped."""
    text = SITE.read_text(encoding="utf-8")
    for old, new in (
        ("listen 443 ssl http2;", f"listen {https_port} ssl http2;"),
        ("listen 80;", f"listen {http_port};"),
        ("/etc/ssl/certs/certichat.pem", str(certificate)),
        ("/etc/ssl/private/certichat.key", str(key)),
        ("/opt/certichat/", f"{ROOT}/"),
        ("server 127.0.0.1:5005;", f"server 127.0.0.1:{rasa_ports[0]};"),
        ("server 127.0.0.1:5006;", f"server 127.0.0.1:{rasa_ports[1]};"),
    ):
        assert old in text, f"{SITE} no longer has {old!r}: update this test"
        text = text.replace(old, new)
    return text


def main_config(folder: Path) -> str:
    """What /etc/nginx/nginx.conf gives a site, with every file in the test's folder."""
    as_root = "user root;" if os.geteuid() == 0 else ""  # the workers must read the checkout's widget
    temporary = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi"))
    return f"""{as_root}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder / "access.log"};
    {temporary} uwsgi_temp_path {folder / "uwsgi"}; scgi_temp_path {folder / "scgi"};
    include {folder / "certichat.conf"};
}}
"""


def make_certificate(folder: Path, address: str):
    certificate, key = folder / "certichat.pem", folder / "certichat.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=certichat-prueba"]
        + ["-addext", f"subjectAltName=IP:{address},IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    services.require("PostgreSQL", "Redis")
    if not Path(NGINX).exists():
        pytest.fail(f"nginx not found at {NGINX}: install Debian's 'nginx-light' package (scripts/test.sh does)")
    folder = tmp_path_factory.mktemp("nginx")
    outside = _outside_address()
    https_port, http_port = free_port(), free_port()
    base = f"https://{outside}:{https_port}"
    database = f"certichat_prueba_{uuid.uuid4().hex[:8]}"
    settings = {
        "CERTICHAT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "CERTICHAT_REDIS_URL": "redis://127.0.0.1:6379/1",
        "CERTICHAT_RASA_INTERFACE": "127.0.0.1",
        "CERTICHAT_TRUSTED_PROXIES": "1",
        "CERTICHAT_ALLOWED_ORIGINS": base,
    }
    bot = RunningBot(tmp_path_factory.mktemp("detras"), settings).start()
    bot.start_second_rasa()
    certificate, key = make_certificate(folder, outside)
    (folder / "certichat.conf").write_text(
        site_for(https_port, http_port, certificate, key, bot.rasa_ports), encoding="utf-8"
    )
    (folder / "nginx.conf").write_text(main_config(folder), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not port_in_use(https_port) and time.monotonic() < deadline:
        time.sleep(0.2)
    yield SimpleNamespace(bot=bot, base=base, certificate=str(certificate), http=f"http://{outside}:{http_port}")
    nginx.terminate()
    nginx.wait(timeout=30)
    bot.stop()
    services.drop_database(database)


def rest(front, sender, text, **headers):
    return requests.post(
        f"{front.base}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        headers=headers,
        verify=front.certificate,  # the certificate is checked, as a client would check it
        timeout=60,
    )


def test_the_widget_talks_to_the_bot_over_https_and_a_websocket(front):
    front.bot.set_clock("2026-11-23T10:00")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="es-CO", ignore_https_errors=True)  # the certificate is made here
        page = context.new_page()
        sockets = []
        page.on("websocket", lambda socket: sockets.append(socket.url))
        page.goto(f"{front.base}/widget/index.html?server={front.base}")
        page.get_by_role("button", name="Soporte Certicámara").click()
        page.get_by_label("Escriba su mensaje").fill("la huella no sirve")
        page.keyboard.press("Enter")
        expect(page.get_by_role("log")).to_contain_text(HUELLA_LINE)
        assert any(url.startswith(f"wss://{front.base.split('//')[1]}/socket.io/") for url in sockets)
        browser.close()


def test_rest_is_answered_through_https_with_a_certificate_the_client_checks(front):
    front.bot.set_clock("2026-11-23T10:00")
    reply = rest(front, f"https-{uuid.uuid4().hex}", "la huella no sirve")
    assert reply.status_code == 200
    assert HUELLA_LINE in "\n".join(m.get("text", "") for m in reply.json())


def test_plain_http_is_sent_to_https(front):
    reply = requests.get(f"{front.http}/webhooks/rest/", allow_redirects=False, timeout=10)
    assert reply.status_code == 301 and reply.headers["Location"].startswith("https://")


def test_only_the_channels_reach_rasa_not_its_api(front):
    assert requests.get(f"{front.base}/", verify=front.certificate, timeout=10).status_code == 200  # health
    for path in ("/version", "/status", "/model/parse", "/conversations/x/tracker"):
        assert requests.get(f"{front.base}{path}", verify=front.certificate, timeout=10).status_code == 404, path


def test_an_oversized_body_is_refused_at_the_front(front):
    reply = rest(front, "grande", "z" * 100_000)
    assert reply.status_code == 413


def test_the_address_limit_sees_the_client_and_not_the_proxy_whatever_it_claims(front):
    """Seen as nginx's 127.0.0.1, the client would be exempt; a forged X-Forwarded-For naming this
    machine or anyone else is thrown away by the front. Spread over both processes, the count is one."""
    statuses = [
        rest(front, f"rotando-{uuid.uuid4().hex}", "/greet", **{"X-Forwarded-For": forged}).status_code
        for forged in ["127.0.0.1", "198.51.100.9"] * ((FLOOD_MAX_PER_ADDRESS + 4) // 2)
    ]
    # The other tests' few messages from this address may still be in the window: at most the limit.
    assert statuses[0] == 200 and FLOOD_MAX_PER_ADDRESS - 5 <= statuses.count(200) <= FLOOD_MAX_PER_ADDRESS
    assert statuses[-4:] == [429] * 4

"""A deployment as an administrator would finish it: the data-handling policy filled in the catalogue,
and a trusted proxy in front that tells each client's address."""

import uuid

import pytest
import requests
import yaml

from bot import words
from bot.catalogue import DEFAULT_PATH
from channels.limits import FLOOD_MAX_PER_ADDRESS
from tests.servers import RunningBot

CONTROLLER = "Entidad Responsable de Prueba S.A."
POLICY_URL = "https://politica.example.co/datos-personales"


@pytest.fixture(scope="module")
def finished_bot(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("finished")
    catalogue = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    catalogue["data_policy"] = {"controller": CONTROLLER, "url": POLICY_URL}
    (workdir / "channels.yml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    settings = {"CERTICHAT_CATALOGUE": str(workdir / "channels.yml"), "CERTICHAT_TRUSTED_PROXIES": "1"}
    running = RunningBot(workdir, settings, widget_page=True).start()
    yield running
    running.stop()


def test_the_greeting_says_who_handles_the_data_and_links_the_policy(finished_bot):
    greeting = "\n".join(m.get("text", "") for m in finished_bot.send(f"saludo-{uuid.uuid4().hex}", "hola"))
    assert CONTROLLER in greeting and POLICY_URL in greeting


def test_the_widget_links_the_policy(finished_bot):
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.test_widget import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.goto(f"{finished_bot.widget_page}/index.html?server={finished_bot.url}")
        page.get_by_role("button", name="Soporte Certicámara").click()
        link = page.get_by_role("link", name=f"Política de tratamiento de datos de {CONTROLLER}")
        expect(link).to_have_attribute("href", POLICY_URL)
        browser.close()


def test_a_client_rotating_its_sender_is_limited_by_its_address_behind_a_trusted_proxy(finished_bot):
    def send(sender, address):
        return requests.post(
            f"{finished_bot.url}/webhooks/rest/webhook",
            timeout=30,
            json={"sender": sender, "message": "/greet"},
            headers={"X-Forwarded-For": address},
        )

    statuses = [send(f"rotando-{n}", "203.0.113.7").status_code for n in range(FLOOD_MAX_PER_ADDRESS + 3)]
    assert statuses[:FLOOD_MAX_PER_ADDRESS] == [200] * FLOOD_MAX_PER_ADDRESS
    assert statuses[FLOOD_MAX_PER_ADDRESS:] == [429] * 3
    refused = send("rotando-otra-vez", "203.0.113.7")
    assert refused.json()["error"] == words.say("too_many_messages")
    assert send("otra-persona", "198.51.100.20").status_code == 200  # everyone else is still answered

"""The catalogue holds exactly what the source documents publish, and rejects broken files clearly."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.catalogue import DEFAULT_PATH, CatalogueError, load_catalogue
from launcher.cli import main as cli_main
from tests.conftest import bogota

SOURCES = Path(__file__).resolve().parents[3] / "catalogue" / "sources"
SEED_OF_PRODUCT = {
    "biometria": "soporte-autenticacion-biometrica.txt",
    "certigestor": "soporte-gestion-documental.txt",
}


def _seed(product_id):
    path = SOURCES / SEED_OF_PRODUCT[product_id]
    if not path.exists():
        pytest.fail(f"source document missing: {path}")
    return path.read_text(encoding="utf-8")


def _values(contact):
    return [v for v in (contact.phone, contact.menu, contact.email, contact.url, *contact.extensions) if v]


@pytest.mark.parametrize("product_id", sorted(SEED_OF_PRODUCT))
def test_every_contact_value_is_copied_verbatim_from_its_source(catalogue, product_id):
    source = _seed(product_id)
    product = catalogue.product(product_id)
    contacts = list(product.channels) + [product.escalation_contact(e.level) for e in product.escalation]
    contacts.append(catalogue.pqrsa)
    for contact in contacts:
        for value in _values(contact):
            assert value in source, f"{product_id}: '{value}' ({contact.label}) is not in {SEED_OF_PRODUCT[product_id]}"


@pytest.mark.parametrize("product_id", sorted(SEED_OF_PRODUCT))
def test_every_email_and_link_in_a_source_is_in_the_catalogue(catalogue, product_id):
    source = _seed(product_id)
    product = catalogue.product(product_id)
    known = {
        v
        for c in list(product.channels)
        + [product.escalation_contact(e.level) for e in product.escalation]
        + [catalogue.pqrsa]
        for v in _values(c)
    }
    for address in re.findall(r"[\w.]+@[\w.]+\.com|https?://\S+", source):
        assert address in known, f"{address} from {SEED_OF_PRODUCT[product_id]} is missing from the catalogue"


def test_escalation_contacts_per_product(catalogue):
    biometria, certigestor = catalogue.product("biometria"), catalogue.product("certigestor")
    assert biometria.escalation_contact(2).extensions == ("1104", "1108", "1102")
    assert certigestor.escalation_contact(2).extensions == ("1113", "1107", "1109", "1427")
    assert certigestor.escalation_contact(3).phone == "(601) 379 0300"
    assert certigestor.escalation_contact(1).menu == "Opción 2 - opción 4"
    assert biometria.escalation_contact(2).schedule is None  # the sources publish no hours for it


def _broken(tmp_path, edit):
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "channels.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


BROKEN = [
    (
        "unknown key",
        lambda raw: raw["products"]["biometria"]["channels"][0].update(fax="123"),
        "products.biometria.channels[0].fax: extra fields not permitted",
    ),
    (
        "gap in the levels",
        lambda raw: raw["products"]["certigestor"]["escalation"].pop(1),
        "products.certigestor.escalation: escalation levels must be 1, 2… without gaps, at least two; found [1, 3]",
    ),
    (
        "escalation e-mail",
        lambda raw: raw["products"]["biometria"]["escalation"][1].update(email="supervisor"),
        "products.biometria.escalation[1].email: 'supervisor' is not an e-mail address",
    ),
    (
        "escalation phone",
        lambda raw: raw["products"]["certigestor"]["escalation"][2].update(phone="extensión"),
        "products.certigestor.escalation[2].phone: 'extensión' is not a phone number",
    ),
    (
        "unparseable hours",
        lambda raw: raw["schedules"]["pqrsa"]["windows"][0].update(hours="7am-5pm"),
        "schedules.pqrsa.windows[0].hours: '7am-5pm' is not a time range such as '07:00-19:00'",
    ),
    (
        "unknown day",
        lambda raw: raw["schedules"]["pqrsa"]["windows"][0].update(days="lunes a viernees"),
        "schedules.pqrsa.windows[0].days: 'lunes a viernees' is not a day or range of days",
    ),
    (
        "malformed e-mail",
        lambda raw: raw["products"]["certigestor"]["channels"][2].update(email="soporte.certigestor"),
        "products.certigestor.channels[2].email: 'soporte.certigestor' is not an e-mail address",
    ),
    (
        "unknown schedule",
        lambda raw: raw["pqrsa"].update(schedule="oficina"),
        "pqrsa.schedule: unknown schedule 'oficina'",
    ),
    (
        "missing channel kind",
        lambda raw: raw["products"]["biometria"]["channels"].pop(1),
        "products.biometria.channels: missing channel kinds: priority_phone",
    ),
]


@pytest.mark.parametrize("problem, edit, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalogue_names_file_and_field(tmp_path, problem, edit, message):
    path = _broken(tmp_path, edit)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_business_hours_close_on_holidays_unless_the_catalogue_says_otherwise(tmp_path):
    path = _broken(tmp_path, lambda raw: raw["schedules"]["pqrsa"].pop("open_on_holidays"))
    pqrsa = load_catalogue(path).pqrsa.schedule
    assert pqrsa.open_on_holidays is False
    assert pqrsa.status(bogota("2026-12-08T10:00")).holiday == "La Inmaculada Concepción"


def test_missing_file_and_bad_yaml_are_named(tmp_path):
    with pytest.raises(CatalogueError, match="nowhere.yml: cannot read the catalogue"):
        load_catalogue(tmp_path / "nowhere.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("products: [unclosed\n")
    with pytest.raises(CatalogueError, match="bad.yml: not valid YAML"):
        load_catalogue(bad)


def test_check_command_prints_a_summary(capsys):
    assert cli_main(["catalogue", "check"]) == 0
    out = capsys.readouterr().out
    assert "Catálogo válido" in out
    assert "Sistema de Gestión Documental Electrónica" in out
    assert "(601) 3790300, extensiones 1113, 1107, 1109 o 1427" in out


@pytest.mark.parametrize(
    "edit, field",
    [
        (lambda raw: raw["pqrsa"].update(email="nadie"), "pqrsa.email: 'nadie' is not an e-mail address"),
        (
            lambda raw: raw["products"]["biometria"]["escalation"][2].update(email="coordinador.mesadeayuda"),
            "products.biometria.escalation[2].email: 'coordinador.mesadeayuda' is not an e-mail address",
        ),
    ],
)
def test_check_command_fails_on_a_broken_file_naming_the_field_without_a_traceback(tmp_path, edit, field):
    path = _broken(tmp_path, edit)
    result = subprocess.run(
        [sys.executable, "-m", "launcher.cli", "catalogue", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 1
    assert f"{path}: invalid catalogue" in result.stderr
    assert field in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "edit, field",
    [
        (
            lambda raw: raw["products"]["certigestor"]["channels"][2].update(email="sin-arroba"),
            "products.certigestor.channels[2].email: 'sin-arroba' is not an e-mail address",
        ),
        (
            lambda raw: raw["products"]["biometria"]["escalation"][1].update(email="supervisor"),
            "products.biometria.escalation[1].email: 'supervisor' is not an e-mail address",
        ),
    ],
)
def test_the_bot_refuses_to_start_with_a_broken_catalogue_naming_the_field(tmp_path, edit, field):
    """Before a customer could meet the broken field: the launcher refuses, and so does the action
    server started some other way, with the file and the field and no traceback."""
    from launcher.stack import action_server_command

    path = _broken(tmp_path, edit)
    root = Path(__file__).resolve().parents[3]
    env = {"PATH": "/usr/bin:/bin", "CERTICHAT_CATALOGUE": str(path), "RASA_TELEMETRY_ENABLED": "false"}
    actions = subprocess.run(action_server_command(0), cwd=root, capture_output=True, text=True, timeout=120, env=env)
    launcher = subprocess.run(
        [sys.executable, "-c", "import sys; from launcher.cli import main; sys.exit(main(['run']))"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    for result in (actions, launcher):
        assert result.returncode == 1
        assert f"ERROR {path}: invalid catalogue" in result.stderr and field in result.stderr
        assert "Traceback" not in result.stdout + result.stderr

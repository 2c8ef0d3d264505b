"""Every name bot/names.py gives exists in domain.yml, so a rename there cannot silently break the
cue reader or the actions."""

from pathlib import Path

import pytest
import yaml

from bot import names

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8"))
DECLARED = {
    "INTENT_": DOMAIN["intents"],
    "ENTITY_": DOMAIN["entities"],
    "SLOT_": list(DOMAIN["slots"]),
    "FORM_": list(DOMAIN["forms"]),
    "ACTION_": DOMAIN["actions"],
}


@pytest.mark.parametrize("constant", [n for n in dir(names) if n.split("_")[0] + "_" in DECLARED])
def test_each_name_is_declared_in_the_domain(constant):
    assert getattr(names, constant) in DECLARED[constant.split("_")[0] + "_"], constant

"""Rasa's debug snapshots are taken only when the debug line is written, and the empty-domain check
still tells an empty domain from a real one (rasa_runtime/per_message_overhead.py)."""

import logging
from pathlib import Path

import rasa.core.policies.rule_policy
import rasa.core.processor
from rasa.shared.core.domain import Domain

from rasa_runtime import per_message_overhead

DOMAIN_FILE = Path(__file__).resolve().parents[3] / "domain.yml"


def test_snapshots_are_copies_only_when_debug_lines_are_written():
    per_message_overhead.install()
    states = [{"user": {"intent": "greet"}}]
    for module in (rasa.core.processor, rasa.core.policies.rule_policy):
        logger = logging.getLogger(module.__name__)
        previous = logger.level
        try:
            logger.setLevel(logging.INFO)
            assert module.copy.deepcopy(states) is states
            logger.setLevel(logging.DEBUG)
            snapshot = module.copy.deepcopy(states)
            assert snapshot == states and snapshot is not states and snapshot[0] is not states[0]
        finally:
            logger.setLevel(previous)


def test_the_domain_check_still_tells_empty_from_not():
    per_message_overhead.install()
    assert Domain.empty().is_empty()
    assert not Domain.from_path(str(DOMAIN_FILE)).is_empty()


def test_a_slot_copy_is_the_same_shallow_copy_as_before():
    import copy

    per_message_overhead.install()
    domain = Domain.from_path(str(DOMAIN_FILE))
    for slot in domain.slots:
        slot.value = ["a"] if slot.type_name == "list" else slot.initial_value
        copied = copy.copy(slot)
        assert type(copied) is type(slot) and vars(copied) == vars(slot) and copied is not slot
        copied.value = "otro"
        assert slot.value != "otro"

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


def _rasas_possible_keys(policy, lookup, states):
    """RulePolicy._get_possible_keys as Rasa 3.6 writes it."""
    possible_keys = set(lookup.keys())
    for i, state in enumerate(reversed(states)):
        possible_keys = set(filter(lambda key: policy._is_rule_applicable(key, i, state), possible_keys))
    return possible_keys


def test_the_rules_that_fit_a_conversation_are_the_ones_rasa_finds():
    import json
    import tarfile

    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    per_message_overhead.install()
    model = DOMAIN_FILE.parent / "models" / "certichat.tar.gz"
    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("rule_policy.json"))
        lookups = json.load(archive.extractfile(member))["lookup"]
    domain = Domain.from_path(str(DOMAIN_FILE))
    policy = RulePolicy.__new__(RulePolicy)  # the two methods under test use no instance state
    turns = [
        ("greet", []),
        ("report_incident", [SlotSet("product", "biometria")]),
        ("affirm", [ActionExecuted("case_form"), ActiveLoop("case_form")]),
        ("deny", []),
        ("thank", []),
    ]
    events = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    fitting = 0
    for intent, after in turns:
        events += [UserUttered(intent, intent={"name": intent, "confidence": 1.0}), *after]
        tracker = DialogueStateTracker.from_events("reglas", events, slots=domain.slots)
        states = tracker.past_states(domain)
        for lookup in (lookups["rules"], lookups["rules_for_loop_unhappy_path"]):
            found = policy._get_possible_keys(lookup, states)
            assert found == _rasas_possible_keys(policy, lookup, states)
            fitting += len(found)
        events.append(ActionExecuted("action_listen"))
    assert fitting  # some rules did fit along the way


def test_event_types_resolve_as_rasas_walk_resolves_them():
    import pytest
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    per_message_overhead.install()
    walked = {}
    for subclass in all_subclasses(Event):
        walked.setdefault(subclass.type_name, subclass)
    for type_name, subclass in walked.items():
        assert Event.resolve_by_type(type_name) is subclass
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no-existe", default=Event) is Event
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-existe")

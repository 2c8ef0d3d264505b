"""Work Rasa does on every message for nothing, left out.

- Debug snapshots: the message processor and RulePolicy deep-copy the parse data, the events and the
  conversation states to pass them to debug log calls, which the logger then drops unless it is at
  DEBUG; under load that copying cost about 3 % of the server's time (benchmarks/README.md). Here
  those two modules copy only when their logger would write the debug line.
- An empty domain: before each message the processor asks whether the domain is empty, and Rasa
  answers by building an empty domain from scratch to compare with (1.5 %). It is built once here.
- Old states: to find the rules that fit the conversation, RulePolicy checks every rule against
  every state of the conversation, back to its first, although a rule is always applicable at a
  state older than its own length. The check stops here once every remaining rule is shorter than
  the states still to see (the same keys come out).
- Event classes: each event an action returns is turned back into an object by looking its type
  up in a walk of the whole tree of Event subclasses (2.7 %). The first walk's answers are kept
  (first match wins, as in the walk); a type not seen walks the tree again.
- Slot copies: each state Rasa computes and each action it runs starts from a copy of the tracker,
  which copies every slot through the generic pickling protocol (5 %). A slot is copied here the way
  that protocol does it (a new object with the same attributes), directly.
"""

import copy
import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Set

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.slots import Slot
from rasa.shared.utils.common import all_subclasses

from rasa_runtime.compatibility import IncompatibleRasa

# The modules whose only deep copies are the debug snapshots.
SNAPSHOT_MODULES = ("rasa.core.processor", "rasa.core.policies.rule_policy")


class _CopyForDebugOnly:
    """Stands in for the `copy` module inside one of Rasa's modules."""

    def __init__(self, logger_name: str):
        self._logger = logging.getLogger(logger_name)

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        return copy.deepcopy(value, memo) if self._logger.isEnabledFor(logging.DEBUG) else value

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


@lru_cache(maxsize=1)
def _empty_domain() -> Dict[str, Any]:
    return Domain.empty().as_dict()


def _is_empty(self: Domain) -> bool:
    return self.as_dict() == _empty_domain()


def _get_possible_keys(self: RulePolicy, lookup: Dict[str, str], states: List[Dict]) -> Set[str]:
    possible_keys = set(lookup.keys())
    for index, state in enumerate(reversed(states)):
        if all(index >= len(self._rule_key_to_state(key)) for key in possible_keys):
            break  # Rasa's _is_rule_applicable is True for every key from here on
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, index, state)}
    return possible_keys


_resolve_by_walking = Event.resolve_by_type
_event_classes: Dict[str, type] = {}


def _resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    if type_name not in _event_classes:
        for subclass in all_subclasses(Event):
            _event_classes.setdefault(subclass.type_name, subclass)
    found = _event_classes.get(type_name)
    return found if found is not None else _resolve_by_walking(type_name, default)


def _copy_slot(self: Slot) -> Slot:
    copied = self.__class__.__new__(self.__class__)
    copied.__dict__.update(self.__dict__)
    return copied


def install() -> None:
    import importlib

    for name in SNAPSHOT_MODULES:
        module = importlib.import_module(name)
        if getattr(module, "copy") is copy:
            setattr(module, "copy", _CopyForDebugOnly(name))
    Domain.is_empty = _is_empty
    RulePolicy._get_possible_keys = _get_possible_keys
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    # Valid while slots keep their whole state in __dict__ and copy the default way.
    customised = {"__slots__", "__copy__", "__reduce__", "__reduce_ex__", "__getstate__"} & set(vars(Slot))
    if customised and getattr(Slot, "__copy__", None) is not _copy_slot:
        raise IncompatibleRasa(f"rasa.shared.core.slots.Slot define {sorted(customised)}: revise _copy_slot")
    Slot.__copy__ = _copy_slot

"""Checks each action-server response against Rasa's schema, with validators compiled once.

Rasa 3.6 calls `jsonschema.validate(response, schema)` after every custom action, and that call
first re-checks the constant schema against its meta-schema, the largest share of the Rasa
server's time under load (benchmarks/README.md). The schema is now checked once, at start-up.

Each event is also checked against only the alternative its "event" field names. Rasa's schema
lists every event kind under `oneOf`, so every event was tried against all of them; since each
alternative requires its own distinct "event" value, an event is valid under `oneOf` exactly when it
is valid under that one alternative. Same verdict as Rasa's (tests/unit/rasa_runtime/); the error
names the event's place in the response and is often more precise than Rasa's "not valid under any
of the given schemas".
"""

import copy
from functools import lru_cache
from typing import Any, Dict, Iterator, Optional, Text, Tuple

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


def _compiled(schema: Dict[Text, Any]) -> Any:
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@lru_cache(maxsize=1)
def _validators() -> Tuple[Any, Optional[Dict[Text, Any]]]:
    """The response schema without the events' `oneOf`, and one validator per event kind; or the
    whole schema and None if its alternatives are not told apart by distinct "event" values."""
    schema = RemoteAction.action_response_format_spec()
    alternatives = schema["properties"]["events"]["items"].get("oneOf", [])
    kinds = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
    if not alternatives or None in kinds or len(set(kinds)) != len(kinds):
        return _compiled(schema), None
    envelope = copy.deepcopy(schema)
    del envelope["properties"]["events"]["items"]["oneOf"]
    return _compiled(envelope), {kind: _compiled(alt) for kind, alt in zip(kinds, alternatives)}


def _errors(result: Any) -> Iterator[ValidationError]:
    envelope, per_kind = _validators()
    errors = list(envelope.iter_errors(result))
    yield from errors
    if errors or per_kind is None or not isinstance(result, dict):
        return
    for index, event in enumerate(result.get("events") or []):
        validator = per_kind.get(event["event"])
        found = (
            [ValidationError(f"{event!r} is not valid under any of the given schemas")]
            if validator is None
            else list(validator.iter_errors(event))
        )
        for error in found:
            error.path.extendleft((index, "events"))  # where in the response, as Rasa's own check says it
            yield error


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    error = best_match(_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Makes every RemoteAction in this process use the compiled validators."""
    RemoteAction._validate_action_result = _validate_action_result

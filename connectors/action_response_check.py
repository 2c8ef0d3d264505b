"""Checks each action-server response against Rasa's schema with a validator compiled once.

Rasa 3.6 calls `jsonschema.validate(response, schema)` after every custom action, and that call
first re-checks the constant schema against its meta-schema: about 56 ms of CPU per action with
jsonschema 4.17, which py-spy showed to be 62 % of the Rasa server's time under load (forms make
two or three action calls per message). The response is still checked in full, with the same
error text; only the schema is no longer re-checked.
"""
from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    # Same error choice and message as Rasa's own method.
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Makes every RemoteAction in this process use the compiled validator."""
    RemoteAction._validate_action_result = _validate_action_result


"""Checking the action server's replies once per process, not once per call.

Rasa 3.6 checks every reply of the action server against a JSON schema with `jsonschema.validate`,
which first validates the *schema itself* against the JSON-Schema meta-schema, on every call. Profiled
on a knowledge-base turn (two action calls: slot validation, then the answer), that meta-check was
about 80% of the Rasa server's CPU time. The schema is a constant, so this module compiles a validator
for it once and makes `RemoteAction` use it: same check, same error, a fraction of the cost.

Installed by the package of our channels (`bot/channels/__init__.py`), which only the Rasa server imports.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _compiled_validator() -> Any:
    """The validator for RemoteAction's reply schema, built and meta-checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result`: raises the same ValidationError on a bad reply."""
    error = best_match(_compiled_validator().iter_errors(result))
    if error is None:
        return True
    if isinstance(error, ValidationError):
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
    raise error


def install() -> None:
    """Make every RemoteAction of this process use the compiled validator (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]

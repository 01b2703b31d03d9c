"""Turning jsonschema's validation errors into problems with readable, bounded messages."""

from typing import Iterable, List

import jsonschema

from problems import Problem

_MAX_MESSAGE = 300


def problems_from(errors: Iterable[jsonschema.ValidationError], checker: str) -> List[Problem]:
    """One problem per leaf error, in a stable order (by path, then message)."""
    problems = []
    for error in errors:
        for leaf in _leaves(error):
            message = _message(leaf)
            if len(message) > _MAX_MESSAGE:
                message = message[: _MAX_MESSAGE - 3] + "..."
            problems.append(Problem(list(leaf.absolute_path), checker, message))
    problems.sort(key=lambda p: ([str(x) for x in p.path], p.message))
    return problems


def _message(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, except for size caps, whose message would repeat the whole value."""
    if error.validator in ("maxItems", "maxLength", "maxProperties"):
        return f"has {len(error.instance)} entries, more than the {error.validator_value} allowed ({error.validator})"
    if error.validator in ("minItems", "minLength", "minProperties"):
        return f"has {len(error.instance)} entries, fewer than the {error.validator_value} required ({error.validator})"
    return error.message


def _leaves(error: jsonschema.ValidationError) -> List[jsonschema.ValidationError]:
    """For `anyOf`/`oneOf` failures, the most relevant sub-error; otherwise the error itself."""
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None and len(best.absolute_path) > len(error.absolute_path):
            return [best]
    return [error]

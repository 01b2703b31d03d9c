"""Validating a document against a CRD's `openAPIV3Schema`, as the Kubernetes API server does.

Kubernetes enforces the structural schema (types, enums, patterns, `maxItems`/`maxLength` caps such
as at most 200 tasks in one Argo DAG) and the `x-kubernetes-validations` CEL rules. jsonschema's
Draft 4 validator covers the OpenAPI v3 subset; the CEL rules are evaluated with cel-python
(`celpy`), compiled once per rule text.
"""

import copy
import functools
from typing import Iterator, List

import celpy
import jsonschema

from problems import Problem
from schema_errors import problems_from

_CEL = celpy.Environment()


@functools.lru_cache(maxsize=None)
def _cel_program(rule: str):
    """Compiles a CEL rule once; the rule texts come from the CRD."""
    return _CEL.program(_CEL.compile(rule))


def _cel_rules(
    validator, rules: List[dict], instance: object, schema: dict
) -> Iterator[jsonschema.ValidationError]:
    """The `x-kubernetes-validations` keyword: each rule must evaluate to true with `self` = instance."""
    expected = schema.get("type")
    if isinstance(expected, str) and not validator.is_type(instance, expected):
        return  # as in Kubernetes, rules run only on values of the right type (the type error is reported)
    for rule in rules:
        try:
            result = _cel_program(rule["rule"]).evaluate({"self": celpy.json_to_cel(instance)})
        except Exception as error:  # celpy raises several unrelated types; any one means "rejected"
            yield jsonschema.ValidationError(f"CEL rule {rule['rule']!r} could not be evaluated: {error}")
            continue
        if isinstance(result, Exception) or not bool(result):
            message = rule.get("message") or f"failed rule: {rule['rule']}"
            yield jsonschema.ValidationError(message)


CrdValidator = jsonschema.validators.extend(
    jsonschema.Draft4Validator, {"x-kubernetes-validations": _cel_rules}
)


def structural(schema: object) -> object:
    """Rewrites OpenAPI's `nullable: true` into a JSON-schema type that admits null."""
    if isinstance(schema, dict):
        schema = {key: structural(value) for key, value in schema.items()}
        if schema.get("nullable") and isinstance(schema.get("type"), str):
            schema["type"] = [schema["type"], "null"]
        return schema
    if isinstance(schema, list):
        return [structural(value) for value in schema]
    return schema


class CrdChecker:
    """Validates documents against one CRD version's openAPIV3Schema."""

    def __init__(self, open_api_v3_schema: dict, checker: str):
        self.validator = CrdValidator(structural(copy.deepcopy(open_api_v3_schema)))
        self.checker = checker

    def check(self, document: object) -> List[Problem]:
        """Every structural or CEL violation in `document`."""
        return problems_from(self.validator.iter_errors(document), self.checker)

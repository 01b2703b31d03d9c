"""The unknown-key check: every key in a document must be a property its schema declares.

Argo's JSON schema and Katib's OpenAPI never say `additionalProperties: false`, so a misspelled
`retryStrategi` passes them, and the engine then silently drops (or, with strict field validation,
rejects) it. This walks a document alongside its schema, resolving `$ref` and `allOf`, and reports
each key the schema does not know. A schema node without `properties` (Argo's `Item`, `Plugin`,
Katib's `Unstructured`) is free-form and is not walked.
"""

import difflib
from typing import Dict, List, Optional

from problems import PathPart, Problem


class KeyChecker:
    """Checks keys against one schema document (`root`), whose `$ref`s are `#/...` pointers."""

    def __init__(self, root: dict, checker: str):
        self.root = root
        self.checker = checker

    def check(self, value: object, schema: dict, path: Optional[List[PathPart]] = None) -> List[Problem]:
        """All unknown keys in `value`, which should match `schema`."""
        problems: List[Problem] = []
        self._walk(value, schema, list(path or []), problems)
        return problems

    def _resolve(self, schema: dict) -> dict:
        """Follows `$ref` pointers and merges `allOf` members into one node."""
        while "$ref" in schema:
            target = self.root
            for part in schema["$ref"].lstrip("#/").split("/"):
                target = target[part]
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        for member in schema.get("allOf", []):
            merged = self._resolve(member)
            schema = {
                **merged,
                **schema,
                "properties": {**merged.get("properties", {}), **schema.get("properties", {})},
            }
            schema.pop("allOf", None)
        return schema

    def _walk(self, value: object, schema: dict, path: List[PathPart], problems: List[Problem]) -> None:
        """Recurses through objects and arrays, reporting keys `schema` does not declare."""
        schema = self._resolve(schema)
        if isinstance(value, dict):
            self._walk_object(value, schema, path, problems)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                self._walk(item, schema["items"], path + [index], problems)

    def _walk_object(self, value: dict, schema: dict, path: List[PathPart], problems: List[Problem]) -> None:
        """Checks one object's keys, then walks into each value's own schema."""
        properties: Dict[str, dict] = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                self._walk(item, properties[key], path + [key], problems)
            elif isinstance(extra, dict):
                self._walk(item, extra, path + [key], problems)
            elif properties and extra is not True:
                problems.append(Problem(path + [str(key)], self.checker, _unknown_message(key, properties)))


def _unknown_message(key: object, properties: Dict[str, dict]) -> str:
    """`unknown field "retryStrategi"; did you mean "retryStrategy"?`"""
    message = f'unknown field "{key}"'
    close = difflib.get_close_matches(str(key), list(properties), n=1)
    if close:
        message += f'; did you mean "{close[0]}"?'
    return message

"""KFP command/args placeholders: each must be a known form naming a declared input or output.

The backend substitutes `{{$.inputs.parameters['x']}}`, `{{$.inputs.artifacts['a'].path}}`,
`{{$.outputs.parameters['o'].output_file}}`, `{{$.outputs.artifacts['m'].uri}}`, `{{$}}`, the
`{{$.pipeline_*}}` run values, and the JSON-structured `Concat`/`IfPresent` forms; anything else is
passed through literally, and a name that is not declared fails the task at run time.
"""

import json
import re
from typing import List

from problems import PathPart, Problem

CHECKER = "kfp-backend"

_PLACEHOLDER = re.compile(r"\{\{\$[^{}]*\}\}")
_FORMS = [
    (re.compile(r"^\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}$"), "inputs", "parameters"),
    (
        re.compile(
            r"^\{\{\$\.inputs\.artifacts\['([^']+)'\](?:\.(?:path|uri|metadata)(?:\['[^']+'\])?)?\}\}$"
        ),
        "inputs",
        "artifacts",
    ),
    (re.compile(r"^\{\{\$\.outputs\.parameters\['([^']+)'\]\.output_file\}\}$"), "outputs", "parameters"),
    (
        re.compile(r"^\{\{\$\.outputs\.artifacts\['([^']+)'\]\.(?:path|uri|metadata)\}\}$"),
        "outputs",
        "artifacts",
    ),
]
_RUN_VALUES = {
    "{{$}}",
    "{{$.pipeline_job_name}}",
    "{{$.pipeline_job_resource_name}}",
    "{{$.pipeline_job_uuid}}",
    "{{$.pipeline_task_name}}",
    "{{$.pipeline_task_uuid}}",
    "{{$.pipeline_root}}",
    "{{$.pipeline_job_create_time_utc}}",
    "{{$.pipeline_job_schedule_time_utc}}",
}


def check(text: str, component: dict, path: List[PathPart]) -> List[Problem]:
    """Problems with the placeholders in one command/args string of an executor used by `component`."""
    problems = []
    structured = _structured(text)
    if structured is not None:
        return _check_structured(structured, component, path)
    for placeholder in _PLACEHOLDER.findall(text):
        problems += _check_one(placeholder, component, path)
    return problems


def _structured(text: str):
    """The parsed JSON of a `{"Concat": ...}` / `{"IfPresent": ...}` argument, else None."""
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) and set(value) & {"Concat", "IfPresent"} else None


def _check_structured(value: object, component: dict, path: List[PathPart]) -> List[Problem]:
    """Walks a structured placeholder: `IfPresent.InputName` is declared, strings are checked."""
    problems: List[Problem] = []
    if isinstance(value, str):
        return check(value, component, path)
    if isinstance(value, list):
        for item in value:
            problems += _check_structured(item, component, path)
    elif isinstance(value, dict):
        if_present = value.get("IfPresent")
        if isinstance(if_present, dict):
            name = if_present.get("InputName")
            if name not in _declared(component, "inputs", "parameters") | _declared(
                component, "inputs", "artifacts"
            ):
                problems.append(
                    Problem(
                        path, CHECKER, f"IfPresent names input {name!r}, which the component does not declare"
                    )
                )
        for item in value.values():
            problems += _check_structured(item, component, path)
    return problems


def _check_one(placeholder: str, component: dict, path: List[PathPart]) -> List[Problem]:
    """One `{{$...}}` placeholder: a known form, naming a declared input or output."""
    if placeholder in _RUN_VALUES:
        return []
    for pattern, section, kind in _FORMS:
        match = pattern.match(placeholder)
        if match:
            if match.group(1) in _declared(component, section, kind):
                return []
            return [
                Problem(
                    path,
                    CHECKER,
                    f"{placeholder}: the component declares no {section[:-1]} {kind[:-1]} {match.group(1)!r}",
                )
            ]
    return [Problem(path, CHECKER, f"{placeholder} is not a KFP placeholder")]


def _declared(component: dict, section: str, kind: str) -> set:
    """Names the component declares in inputDefinitions/outputDefinitions."""
    definitions = component.get("inputDefinitions" if section == "inputs" else "outputDefinitions") or {}
    return set((definitions.get(kind) or {}).keys())

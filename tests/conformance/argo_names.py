"""Argo's name rules, enforced by `argo lint` in Go code rather than by the schema."""

import re
from typing import List

from problems import PathPart, Problem

CHECKER = "argo-lint"

TEMPLATE_NAME = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
TEMPLATE_NAME_MAX = 128
IO_NAME = re.compile(r"^[-a-zA-Z0-9_]+$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
GENERATE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*)?$")
OBJECT_NAME_MAX = {"CronWorkflow": 52}
OBJECT_NAME_DEFAULT_MAX = 63


def template_name(name: object, path: List[PathPart], what: str) -> List[Problem]:
    """A template or task name: `^[a-zA-Z0-9][-a-zA-Z0-9]*$`, at most 128 characters."""
    if not isinstance(name, str) or not TEMPLATE_NAME.match(name):
        return [Problem(path, CHECKER, f"{what} name {name!r} must match {TEMPLATE_NAME.pattern}")]
    if len(name) > TEMPLATE_NAME_MAX:
        return [Problem(path, CHECKER, f"{what} name {name!r} is longer than {TEMPLATE_NAME_MAX} characters")]
    return []


def io_names(items: object, path: List[PathPart], what: str) -> List[Problem]:
    """Parameter and artifact names in a list of `{name: ...}`: `^[-a-zA-Z0-9_]+$`, unique."""
    problems: List[Problem] = []
    seen = set()
    for index, item in enumerate(items if isinstance(items, list) else []):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not IO_NAME.match(name):
            problems.append(
                Problem(path + [index, "name"], CHECKER, f"{what} name {name!r} must match {IO_NAME.pattern}")
            )
        elif name in seen:
            problems.append(Problem(path + [index, "name"], CHECKER, f"{what} name {name!r} is not unique"))
        seen.add(name)
    return problems


def object_name(metadata: object, kind: str) -> List[Problem]:
    """`metadata.name` (DNS-1123, at most 63 characters, 52 for a CronWorkflow) or `generateName`."""
    metadata = metadata if isinstance(metadata, dict) else {}
    limit = OBJECT_NAME_MAX.get(kind, OBJECT_NAME_DEFAULT_MAX)
    name = metadata.get("name")
    generate = metadata.get("generateName")
    if name is not None:
        if not isinstance(name, str) or not DNS1123_SUBDOMAIN.match(name):
            return [
                Problem(
                    ["metadata", "name"],
                    CHECKER,
                    f"{name!r} is not a DNS-1123 name (lower case, digits, '-', '.')",
                )
            ]
        if len(name) > limit:
            return [
                Problem(
                    ["metadata", "name"],
                    CHECKER,
                    f"{name!r} is longer than {limit} characters, the limit for a {kind}",
                )
            ]
        return []
    if generate is not None:
        if not isinstance(generate, str) or not GENERATE_NAME.match(generate) or len(generate) > limit:
            return [
                Problem(["metadata", "generateName"], CHECKER, f"{generate!r} is not a valid name prefix")
            ]
        return []
    return [Problem(["metadata"], CHECKER, "metadata.name or metadata.generateName is required")]

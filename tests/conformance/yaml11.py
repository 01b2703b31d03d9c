"""The YAML 1.1 check: every value must read the same under YAML 1.1 and YAML 1.2.

Kubernetes' Go YAML and the KFP SDK's PyYAML apply YAML 1.1 rules, under which a plain `yes`, `on`,
`0755`, `1:20` or `2024-01-01` is not the string it looks like. A writer must quote such strings.
This check compares PyYAML's reading of each document with the YAML 1.2 core reading (what a JSON
reader would get) and reports every scalar or key that differs in type or value.
"""

import math
from typing import List

from problems import PathPart, Problem

CHECKER = "yaml11"


def check(data: object, meant: object) -> List[Problem]:
    """Compares the YAML 1.1 reading `data` with the YAML 1.2 reading `meant` of one document."""
    problems: List[Problem] = []
    _compare(data, meant, [], problems)
    return problems


def _same_scalar(read: object, meant: object) -> bool:
    """True when two scalars have the same type and value (so `True` differs from `1`)."""
    if type(read) is not type(meant):
        return False
    if isinstance(read, float) and math.isnan(read):
        return math.isnan(meant)
    return read == meant


def _describe(value: object) -> str:
    """A value with its type, as the messages show it."""
    return f"{value!r} ({type(value).__name__})"


def _compare(read: object, meant: object, path: List[PathPart], problems: List[Problem]) -> None:
    """Walks both readings together, recording each difference."""
    if isinstance(meant, dict) and isinstance(read, dict):
        _compare_mappings(read, meant, path, problems)
    elif isinstance(meant, list) and isinstance(read, list) and len(read) == len(meant):
        for index, (r, m) in enumerate(zip(read, meant)):
            _compare(r, m, path + [index], problems)
    elif not _same_scalar(read, meant):
        problems.append(
            Problem(
                path,
                CHECKER,
                f"a YAML 1.1 reader (Kubernetes, PyYAML) reads {_describe(read)} where YAML 1.2 "
                f"reads {_describe(meant)}; quote the string",
            )
        )


def _compare_mappings(read: dict, meant: dict, path: List[PathPart], problems: List[Problem]) -> None:
    """Compares keys in document order (both readers keep it) and then their values."""
    read_items = list(read.items())
    meant_items = list(meant.items())
    if len(read_items) != len(meant_items):
        problems.append(
            Problem(
                path,
                CHECKER,
                f"YAML 1.1 reads {len(read_items)} keys where YAML 1.2 reads {len(meant_items)}",
            )
        )
        return
    for (read_key, read_value), (meant_key, meant_value) in zip(read_items, meant_items):
        if not _same_scalar(read_key, meant_key):
            problems.append(
                Problem(
                    path + [str(meant_key)],
                    CHECKER,
                    f"key reads as {_describe(read_key)} under YAML 1.1 but {_describe(meant_key)} "
                    "under YAML 1.2; quote it",
                )
            )
            continue
        _compare(read_value, meant_value, path + [str(meant_key)], problems)

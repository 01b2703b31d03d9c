"""Finding `{{...}}` template references in the strings of an Argo or KFP document."""

import re
from typing import Iterator, List, Sequence, Tuple

from problems import PathPart

# `{{ tasks.a.outputs.result }}`; the `{{=expr}}` expression form is matched too and told apart by callers.
REFERENCE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def strings_in(
    value: object, path: List[PathPart], skip: Sequence[str] = ()
) -> Iterator[Tuple[List[PathPart], str]]:
    """Every string inside `value` with its path, not descending into the keys named in `skip`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from strings_in(item, path + [key], skip)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, path + [index], skip)


def references(text: str) -> List[str]:
    """The variable names referenced in `text` (`tasks.a.outputs.result`), expressions excluded."""
    return [match for match in REFERENCE.findall(text) if not match.startswith("=")]

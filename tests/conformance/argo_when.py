"""The `when` quoting rule.

Argo substitutes `{{...}}` into `when` and then parses the text with govaluate, turning bare words
into strings. A substituted string such as `hello world`, `a-b` or `x/y` then no longer lexes as one
word, so a substituted operand compared with a string must be quoted: `'{{tasks.a.outputs.result}}'
== 'heads'`. Numbers and booleans compared with numbers or `true`/`false` stay unquoted. Task and
workflow status values (`Succeeded`, `Failed`, ...) are always single words, so those are exempt.
"""

import re
from typing import List

from problems import PathPart, Problem

CHECKER = "argo-lint"

_CLAUSE_SPLIT = re.compile(r"&&|\|\|")
_COMPARISON = re.compile(r"^\s*!?\s*\(*\s*(.*?)\s*(==|!=|=~|<=|>=|<|>)\s*(.*?)\s*\)*\s*$")
_BARE_REFERENCE = re.compile(r"^\{\{\s*([^{}=][^{}]*?)\s*\}\}$")
_NUMBER_OR_BOOL = re.compile(r"^(-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?|true|false)$")
_WORD_VALUED = re.compile(r"^(workflow\.status|(tasks|steps)\.[^.]+\.status)$")


def check(when: object, path: List[PathPart]) -> List[Problem]:
    """Problems with one `when` expression (expression-form `{{=...}}` conditions are not govaluate)."""
    if not isinstance(when, str) or when.lstrip().startswith("{{="):
        return []
    problems = []
    for clause in _CLAUSE_SPLIT.split(when):
        match = _COMPARISON.match(clause)
        if not match:
            continue
        left, operator, right = match.groups()
        for operand, other in ((left, right), (right, left)):
            if _needs_quotes(operand, operator, other):
                problems.append(
                    Problem(
                        path,
                        CHECKER,
                        f"in when {when!r}: the substituted string {operand} must be quoted ('{operand}')",
                    )
                )
    return problems


def _needs_quotes(operand: str, operator: str, other: str) -> bool:
    """True for an unquoted `{{x}}` compared as a string (with a quoted or bare word, or by `=~`)."""
    reference = _BARE_REFERENCE.match(operand)
    if not reference or _WORD_VALUED.match(reference.group(1)):
        return False
    if operator == "=~":
        return True
    if operator not in ("==", "!="):
        return False
    return not _NUMBER_OR_BOOL.match(other) and not _BARE_REFERENCE.match(other)

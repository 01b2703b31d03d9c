"""`argo lint`'s DAG rules: task names, dependencies, cycles, and which tasks a task may reference.

A DAG task may read `{{tasks.X...}}` only when X is one of its ancestors (reachable through
`dependencies` or `depends`), since only those have finished when it starts.
"""

import re
from typing import Dict, List, Set

import argo_names
import argo_when
from problems import PathPart, Problem
from template_strings import references, strings_in

CHECKER = "argo-lint"

# `depends` is a boolean expression over `task` or `task.Succeeded`-style terms.
_DEPENDS_TERM = re.compile(r"([a-zA-Z0-9][-a-zA-Z0-9]*)(\.[A-Za-z]+)?")
_DEPENDS_OPERATORS = re.compile(r"&&|\|\||!|\(|\)")
_TASK_REFERENCE = re.compile(r"^tasks\.([^.]+)")
_ITEM_REFERENCE = re.compile(r"^item(\.|$)")
_LOOP_KEYS = ("withItems", "withParam", "withSequence")
# Parts of a task that are not evaluated in the task's own scope (hooks see the task itself).
_SCOPE_SKIP = ("hooks", "name", "depends", "dependencies", "template", "templateRef", "inline", "onExit")


def depends_names(depends: str) -> List[str]:
    """The task names an Argo `depends` expression mentions."""
    names = []
    for term in _DEPENDS_OPERATORS.sub(" ", depends).split():
        match = _DEPENDS_TERM.fullmatch(term)
        names.append(match.group(1) if match else term)
    return names


def parents(task: dict) -> List[str]:
    """A task's direct dependencies, from `dependencies` or `depends`."""
    found = list(task.get("dependencies") or [])
    if isinstance(task.get("depends"), str):
        found += depends_names(task["depends"])
    return found


def check(dag: dict, path: List[PathPart], templates: Set[str]) -> List[Problem]:
    """Every DAG rule for one `dag:` block at `path`."""
    tasks = [t for t in dag.get("tasks") or [] if isinstance(t, dict)]
    problems = _names(tasks, path)
    if any("dependencies" in t for t in tasks) and any("depends" in t for t in tasks):
        problems.append(Problem(path, CHECKER, "a DAG must not mix 'dependencies' and 'depends'"))
    graph = {t.get("name"): parents(t) for t in tasks}
    for index, task in enumerate(tasks):
        task_path = path + ["tasks", index]
        problems += _unknown_parents(task, graph, task_path)
        problems += template_reference(task, task_path, templates)
        problems += _scope(task, task_path, _ancestors(task.get("name"), graph))
        problems += argo_when.check(task.get("when"), task_path + ["when"])
    problems += _cycles(graph, path)
    return problems


def _names(tasks: List[dict], path: List[PathPart]) -> List[Problem]:
    """Task names follow the template-name rule and are unique in the DAG."""
    problems: List[Problem] = []
    seen = set()
    for index, task in enumerate(tasks):
        name = task.get("name")
        problems += argo_names.template_name(name, path + ["tasks", index, "name"], "task")
        if name in seen:
            problems.append(
                Problem(path + ["tasks", index, "name"], CHECKER, f"task name {name!r} is not unique")
            )
        seen.add(name)
    return problems


def _unknown_parents(task: dict, graph: Dict[str, List[str]], path: List[PathPart]) -> List[Problem]:
    """Each dependency names a task of the same DAG."""
    return [
        Problem(
            path, CHECKER, f"task {task.get('name')!r} depends on {name!r}, which is not a task of this DAG"
        )
        for name in parents(task)
        if name not in graph
    ]


def template_reference(item: dict, path: List[PathPart], templates: Set[str]) -> List[Problem]:
    """A task or step calls a template that exists (or uses templateRef/inline), and so do its hooks."""
    problems = []
    if "template" in item:
        if item["template"] not in templates:
            problems.append(
                Problem(path + ["template"], CHECKER, f"template {item['template']!r} does not exist")
            )
    elif "templateRef" not in item and "inline" not in item:
        problems.append(Problem(path, CHECKER, "needs one of 'template', 'templateRef' or 'inline'"))
    if isinstance(item.get("onExit"), str) and item["onExit"] not in templates:
        problems.append(
            Problem(path + ["onExit"], CHECKER, f"onExit template {item['onExit']!r} does not exist")
        )
    for hook_name, hook in (item.get("hooks") or {}).items():
        if isinstance(hook, dict) and "template" in hook and hook["template"] not in templates:
            problems.append(
                Problem(
                    path + ["hooks", hook_name, "template"],
                    CHECKER,
                    f"hook template {hook['template']!r} does not exist",
                )
            )
    return problems


def _ancestors(name: str, graph: Dict[str, List[str]]) -> Set[str]:
    """Every task reachable from `name` through dependencies (not including itself)."""
    found: Set[str] = set()
    stack = list(graph.get(name, []))
    while stack:
        current = stack.pop()
        if current in found or current not in graph:
            continue
        found.add(current)
        stack.extend(graph[current])
    found.discard(name)
    return found


def _scope(task: dict, path: List[PathPart], ancestors: Set[str]) -> List[Problem]:
    """`{{tasks.X...}}` names an ancestor; `{{item}}` appears only in a looping task."""
    problems = []
    loops = any(key in task for key in _LOOP_KEYS)
    for string_path, text in strings_in(task, path, skip=_SCOPE_SKIP):
        for reference in references(text):
            match = _TASK_REFERENCE.match(reference)
            if match and match.group(1) != "name" and match.group(1) not in ancestors:
                problems.append(
                    Problem(
                        string_path,
                        CHECKER,
                        f"{{{{{reference}}}}} refers to task {match.group(1)!r}, which is not an ancestor of "
                        f"task {task.get('name')!r} (add it to depends/dependencies)",
                    )
                )
            if _ITEM_REFERENCE.match(reference) and not loops:
                problems.append(item_outside_loop(string_path, reference))
    return problems


def item_outside_loop(path: List[PathPart], reference: str) -> Problem:
    """The problem for a `{{item}}` used where no withItems/withParam/withSequence applies."""
    return Problem(
        path, CHECKER, f"{{{{{reference}}}}} is used outside a loop (no withItems/withParam/withSequence)"
    )


def _cycles(graph: Dict[str, List[str]], path: List[PathPart]) -> List[Problem]:
    """Reports each dependency cycle once, as `a -> b -> a`."""
    state: Dict[str, int] = {}
    problems: List[Problem] = []

    def visit(name: str, trail: List[str]) -> None:
        state[name] = 1
        for parent in graph.get(name, []):
            if parent not in graph:
                continue
            if state.get(parent) == 1:
                cycle = trail[trail.index(parent) :] + [parent]
                problems.append(Problem(path, CHECKER, "dependency cycle: " + " -> ".join(cycle)))
            elif parent not in state:
                visit(parent, trail + [parent])
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])
    return problems

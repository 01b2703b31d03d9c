"""`argo lint`'s rules that live in Go code rather than in the schema.

Names (objects, templates, tasks, parameters, artifacts), references (entrypoint, onExit, every
`template:`), DAG rules (see argo_dag.py), `{{item}}` only under a loop, and variables that resolve
in their template: `{{inputs.parameters.x}}` names a declared input, `{{workflow.parameters.x}}` a
workflow argument, and every required input of a called template is supplied.
"""

import re
from typing import Dict, List, Set

import argo_dag
import argo_names
import argo_when
from problems import PathPart, Problem
from template_strings import references, strings_in

CHECKER = "argo-lint"

_IO_KEYS = [
    ("inputs", "parameters"),
    ("inputs", "artifacts"),
    ("outputs", "parameters"),
    ("outputs", "artifacts"),
]
_LOCAL_VARIABLE = re.compile(r"^(inputs|outputs)\.(parameters|artifacts)\.([^.]+)")
_WORKFLOW_PARAMETER = re.compile(r"^workflow\.parameters\.([^.]+)$")
_ITEM_REFERENCE = re.compile(r"^item(\.|$)")


def workflow_spec(document: dict) -> tuple:
    """The WorkflowSpec of an Argo object and its path (a CronWorkflow nests it)."""
    spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    if document.get("kind") == "CronWorkflow":
        inner = spec.get("workflowSpec")
        return (inner if isinstance(inner, dict) else {}), ["spec", "workflowSpec"]
    return spec, ["spec"]


def check(document: dict) -> List[Problem]:
    """All lint problems of one Argo object."""
    kind = document.get("kind", "")
    problems = argo_names.object_name(document.get("metadata"), kind)
    spec, spec_path = workflow_spec(document)
    templates = [t for t in spec.get("templates") or [] if isinstance(t, dict)]
    names = _template_names(templates, spec_path, problems)
    problems += _entry_points(spec, spec_path, names, kind)
    arguments = spec.get("arguments") or {}
    problems += argo_names.io_names(
        arguments.get("parameters"), spec_path + ["arguments", "parameters"], "parameter"
    )
    problems += argo_names.io_names(
        arguments.get("artifacts"), spec_path + ["arguments", "artifacts"], "artifact"
    )
    workflow_parameters = {p.get("name") for p in arguments.get("parameters") or [] if isinstance(p, dict)}
    by_name = {t.get("name"): t for t in templates}
    for index, template in enumerate(spec.get("templates") or []):
        if isinstance(template, dict):
            path = spec_path + ["templates", index]
            problems += _template(template, path, names, by_name, workflow_parameters)
    return problems


def _template_names(templates: List[dict], spec_path: List[PathPart], problems: List[Problem]) -> Set[str]:
    """Checks template names (rule, uniqueness) and returns them."""
    names: Set[str] = set()
    for index, template in enumerate(templates):
        name = template.get("name")
        path = spec_path + ["templates", index, "name"]
        problems += argo_names.template_name(name, path, "template")
        if name in names:
            problems.append(Problem(path, CHECKER, f"template name {name!r} is not unique"))
        names.add(name)
    return names


def _entry_points(spec: dict, spec_path: List[PathPart], names: Set[str], kind: str) -> List[Problem]:
    """`entrypoint` (required unless a WorkflowTemplate or a workflowTemplateRef) and `onExit` exist."""
    problems = []
    entrypoint = spec.get("entrypoint")
    if entrypoint is None:
        if kind != "WorkflowTemplate" and "workflowTemplateRef" not in spec:
            problems.append(Problem(spec_path, CHECKER, "spec.entrypoint is required"))
    elif entrypoint not in names:
        problems.append(
            Problem(spec_path + ["entrypoint"], CHECKER, f"entrypoint template {entrypoint!r} does not exist")
        )
    on_exit = spec.get("onExit")
    if on_exit is not None and on_exit not in names:
        problems.append(
            Problem(spec_path + ["onExit"], CHECKER, f"onExit template {on_exit!r} does not exist")
        )
    for hook_name, hook in (spec.get("hooks") or {}).items():
        if isinstance(hook, dict) and hook.get("template") not in names and "template" in hook:
            problems.append(
                Problem(
                    spec_path + ["hooks", hook_name],
                    CHECKER,
                    f"hook template {hook['template']!r} does not exist",
                )
            )
    return problems


def _template(
    template: dict, path: List[PathPart], names: Set[str], by_name: Dict, workflow_parameters: Set
) -> List[Problem]:
    """Lint rules for one template: its I/O names, variables, and its DAG or steps."""
    problems: List[Problem] = []
    for section, kind in _IO_KEYS:
        items = (template.get(section) or {}).get(kind)
        problems += argo_names.io_names(items, path + [section, kind], kind[:-1])
    problems += _variables(template, path, workflow_parameters)
    if isinstance(template.get("dag"), dict):
        dag_path = path + ["dag"]
        problems += argo_dag.check(template["dag"], dag_path, names)
        for index, task in enumerate(template["dag"].get("tasks") or []):
            if isinstance(task, dict):
                problems += _call(task, dag_path + ["tasks", index], by_name)
    for group_index, group in enumerate(template.get("steps") or []):
        for index, step in enumerate(group if isinstance(group, list) else []):
            if isinstance(step, dict):
                step_path = path + ["steps", group_index, index]
                problems += argo_names.template_name(step.get("name"), step_path + ["name"], "step")
                problems += argo_dag.template_reference(step, step_path, names)
                problems += argo_when.check(step.get("when"), step_path + ["when"])
                problems += _call(step, step_path, by_name)
                problems += _items_in_step(step, step_path)
    return problems


def _variables(template: dict, path: List[PathPart], workflow_parameters: Set) -> List[Problem]:
    """Local variables name declared inputs/outputs; `{{item}}` outside tasks and steps is unbound."""
    problems = []
    for string_path, text in strings_in(template, path, skip=("inline",)):
        inside_call = len(string_path) > len(path) and string_path[len(path)] in ("dag", "steps")
        for reference in references(text):
            problems += _local_variable(template, reference, string_path)
            match = _WORKFLOW_PARAMETER.match(reference)
            if match and match.group(1) not in workflow_parameters:
                problems.append(
                    Problem(
                        string_path,
                        CHECKER,
                        f"{{{{{reference}}}}}: workflow parameter {match.group(1)!r} is not declared in spec.arguments",
                    )
                )
            if _ITEM_REFERENCE.match(reference) and not inside_call:
                problems.append(argo_dag.item_outside_loop(string_path, reference))
    return problems


def _local_variable(template: dict, reference: str, path: List[PathPart]) -> List[Problem]:
    """`{{inputs.parameters.x}}` (and the other three kinds) must be declared by the template."""
    match = _LOCAL_VARIABLE.match(reference)
    if not match:
        return []
    section, kind, name = match.groups()
    declared = {
        item.get("name") for item in ((template.get(section) or {}).get(kind) or []) if isinstance(item, dict)
    }
    if name in declared:
        return []
    return [
        Problem(
            path,
            CHECKER,
            f"{{{{{reference}}}}}: {section}.{kind} {name!r} is not declared by template {template.get('name')!r}",
        )
    ]


def _call(item: dict, path: List[PathPart], by_name: Dict) -> List[Problem]:
    """A task's or step's arguments have valid names and supply each required input of the template."""
    arguments = item.get("arguments") or {}
    problems = argo_names.io_names(
        arguments.get("parameters"), path + ["arguments", "parameters"], "parameter"
    )
    problems += argo_names.io_names(arguments.get("artifacts"), path + ["arguments", "artifacts"], "artifact")
    target = by_name.get(item.get("template"))
    if not isinstance(target, dict):
        return problems
    for kind in ("parameters", "artifacts"):
        given = {a.get("name") for a in arguments.get(kind) or [] if isinstance(a, dict)}
        for declared in (target.get("inputs") or {}).get(kind) or []:
            if isinstance(declared, dict) and declared.get("name") not in given and _required(declared, kind):
                problems.append(
                    Problem(
                        path,
                        CHECKER,
                        f"inputs.{kind}.{declared.get('name')} of template {item.get('template')!r} was not supplied",
                    )
                )
    return problems


def _required(declared: dict, kind: str) -> bool:
    """An input needs an argument unless it has a value, default, source or is optional."""
    if kind == "parameters":
        return not any(key in declared for key in ("value", "default", "valueFrom"))
    sources = (
        "from",
        "raw",
        "s3",
        "git",
        "http",
        "artifactory",
        "hdfs",
        "oss",
        "gcs",
        "azure",
        "plugin",
        "optional",
    )
    return not any(key in declared for key in sources)


def _items_in_step(step: dict, path: List[PathPart]) -> List[Problem]:
    """`{{item}}` in a step requires the step to loop."""
    if any(key in step for key in ("withItems", "withParam", "withSequence")):
        return []
    return [
        argo_dag.item_outside_loop(string_path, reference)
        for string_path, text in strings_in(step, path, skip=("hooks",))
        for reference in references(text)
        if _ITEM_REFERENCE.match(reference)
    ]

"""The KFP backend's rules for IR that the SDK's protobuf parsing does not check.

From the KFP API server and driver (see the reference kfp/NOTES.md): `schemaVersion` is exactly
2.1.0; a task's `componentInputParameter`/`componentInputArtifact` names an input of the enclosing
DAG component; `componentRef` names a component and `executorLabel` an executor; `dependentTasks`
and `producerTask` name sibling tasks (and the producer declares the output); required inputs are
supplied; `parameterIterator.items.raw` is a JSON list in a string; `artifactIterator` is not
supported; a trigger condition is CEL over the task's own inputs; command/args placeholders name
declared inputs and outputs (kfp_placeholders.py).
"""

import functools
import json
import re
from typing import Dict, Iterator, List, Tuple

import celpy

import kfp_placeholders
from problems import PathPart, Problem

CHECKER = "kfp-backend"
SCHEMA_VERSION = "2.1.0"
# KFP's own artifact classes; other namespaces (google.* of the GCPC library) are custom types.
SYSTEM_ARTIFACT_TYPES = {
    f"system.{name}"
    for name in (
        "Artifact",
        "Dataset",
        "Model",
        "Metrics",
        "ClassificationMetrics",
        "SlicedClassificationMetrics",
        "HTML",
        "Markdown",
    )
}
_SCHEMA_VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
_CONDITION_INPUT = re.compile(r"inputs\.parameter_values\[\s*'([^']*)'\s*\]")


def check(spec: object) -> List[Problem]:
    """Every backend rule over a PipelineSpec document."""
    if not isinstance(spec, dict):
        return [Problem([], CHECKER, "the PipelineSpec document is not a mapping")]
    problems = []
    if spec.get("schemaVersion") != SCHEMA_VERSION:
        problems.append(
            Problem(
                ["schemaVersion"],
                CHECKER,
                f"schemaVersion must be {SCHEMA_VERSION!r}, not {spec.get('schemaVersion')!r}",
            )
        )
    components = spec.get("components") or {}
    executors = (spec.get("deploymentSpec") or {}).get("executors") or {}
    for name, component in components.items():
        path = ["components", name]
        if isinstance(component, dict):
            problems += _component(component, path, components, executors)
    if isinstance(spec.get("root"), dict):
        problems += _component(spec["root"], ["root"], components, executors)
    problems += _placeholders(components, executors)
    problems += _artifact_types(spec, [])
    return problems


def _artifact_types(value: object, path: List[PathPart]) -> List[Problem]:
    """Every `artifactType`/`typeSchema` names a KFP system type (or a namespaced custom one)."""
    problems: List[Problem] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("artifactType", "typeSchema") and isinstance(item, dict) and "schemaTitle" in item:
                problems += _artifact_type(item, path + [key])
            else:
                problems += _artifact_types(item, path + [key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += _artifact_types(item, path + [index])
    return problems


def _artifact_type(schema: dict, path: List[PathPart]) -> List[Problem]:
    """One artifact type: a known `system.*` title and a semantic schemaVersion."""
    problems = []
    title = schema.get("schemaTitle")
    if (
        not isinstance(title, str)
        or (title.startswith("system.") and title not in SYSTEM_ARTIFACT_TYPES)
        or "." not in title
    ):
        known = ", ".join(sorted(SYSTEM_ARTIFACT_TYPES))
        problems.append(
            Problem(
                path + ["schemaTitle"], "kfp-lint", f"unknown artifact type {title!r} (KFP's are {known})"
            )
        )
    if not _SCHEMA_VERSION.match(str(schema.get("schemaVersion", ""))):
        problems.append(
            Problem(
                path + ["schemaVersion"],
                "kfp-lint",
                f"schemaVersion {schema.get('schemaVersion')!r} is not a version like 0.0.1",
            )
        )
    return problems


def dag_components(spec: dict) -> Iterator[Tuple[List[PathPart], dict]]:
    """The root and every DAG component, with their paths."""
    if isinstance(spec.get("root"), dict):
        yield ["root"], spec["root"]
    for name, component in (spec.get("components") or {}).items():
        if isinstance(component, dict) and isinstance(component.get("dag"), dict):
            yield ["components", name], component


def _component(component: dict, path: List[PathPart], components: Dict, executors: Dict) -> List[Problem]:
    """A component has an existing executor, or a DAG whose tasks follow the rules."""
    label = component.get("executorLabel")
    if label is not None and label not in executors:
        return [
            Problem(
                path + ["executorLabel"], CHECKER, f"executor {label!r} is not in deploymentSpec.executors"
            )
        ]
    dag = component.get("dag")
    if not isinstance(dag, dict):
        return (
            []
            if label is not None
            else [Problem(path, CHECKER, "a component needs an executorLabel or a dag")]
        )
    problems = []
    tasks = dag.get("tasks") or {}
    for name, task in tasks.items():
        if isinstance(task, dict):
            problems += _task(task, path + ["dag", "tasks", name], component, tasks, components)
    return problems


def _task(task: dict, path: List[PathPart], parent: dict, siblings: Dict, components: Dict) -> List[Problem]:
    """One DAG task against its enclosing component, its siblings, and the component it calls."""
    problems = []
    reference = (task.get("componentRef") or {}).get("name")
    called = components.get(reference)
    if called is None:
        problems.append(
            Problem(path + ["componentRef", "name"], CHECKER, f"component {reference!r} does not exist")
        )
    for dependency in task.get("dependentTasks") or []:
        if dependency not in siblings:
            problems.append(
                Problem(
                    path + ["dependentTasks"],
                    CHECKER,
                    f"dependent task {dependency!r} is not a task of the same DAG",
                )
            )
    problems += _task_inputs(task, path, parent, siblings, components)
    problems += _iterators(task, path)
    problems += _condition(task, path)
    if isinstance(called, dict):
        problems += _required_inputs(task, path, called, reference)
    return problems


def _task_inputs(
    task: dict, path: List[PathPart], parent: dict, siblings: Dict, components: Dict
) -> List[Problem]:
    """Each input reads a declared parent input or a declared output of a sibling task."""
    problems = []
    parent_inputs = parent.get("inputDefinitions") or {}
    inputs = task.get("inputs") or {}
    for kind, own_key, output_key in (
        ("parameters", "componentInputParameter", "taskOutputParameter"),
        ("artifacts", "componentInputArtifact", "taskOutputArtifact"),
    ):
        for name, spec in (inputs.get(kind) or {}).items():
            if not isinstance(spec, dict):
                continue
            input_path = path + ["inputs", kind, name]
            if own_key in spec and spec[own_key] not in (parent_inputs.get(kind) or {}):
                problems.append(
                    Problem(
                        input_path,
                        CHECKER,
                        f"{own_key} {spec[own_key]!r} is not declared in the enclosing component's inputDefinitions.{kind}",
                    )
                )
            if isinstance(spec.get(output_key), dict):
                problems += _producer(spec[output_key], kind, input_path, siblings, components)
            if isinstance(spec.get("taskFinalStatus"), dict):
                producer = spec["taskFinalStatus"].get("producerTask")
                if producer not in siblings:
                    problems.append(
                        Problem(
                            input_path,
                            CHECKER,
                            f"taskFinalStatus producer {producer!r} is not a task of the same DAG",
                        )
                    )
    return problems


def _producer(
    reference: dict, kind: str, path: List[PathPart], siblings: Dict, components: Dict
) -> List[Problem]:
    """A taskOutput* reference names a sibling task whose component declares that output."""
    producer = reference.get("producerTask")
    key = reference.get("outputParameterKey" if kind == "parameters" else "outputArtifactKey")
    task = siblings.get(producer)
    if not isinstance(task, dict):
        return [Problem(path, CHECKER, f"producer task {producer!r} is not a task of the same DAG")]
    component = components.get((task.get("componentRef") or {}).get("name")) or {}
    outputs = ((component.get("outputDefinitions") or {}).get(kind)) or {}
    if key not in outputs:
        return [Problem(path, CHECKER, f"task {producer!r} has no output {kind[:-1]} {key!r}")]
    return []


def _iterators(task: dict, path: List[PathPart]) -> List[Problem]:
    """`parameterIterator.items.raw` is a JSON list in a string; `artifactIterator` is unsupported."""
    problems = []
    if "artifactIterator" in task:
        problems.append(
            Problem(
                path + ["artifactIterator"], CHECKER, "artifactIterator is not supported by the KFP backend"
            )
        )
    iterator = task.get("parameterIterator")
    if isinstance(iterator, dict):
        items = iterator.get("items") or {}
        if "raw" in items:
            problems += _raw_items(items["raw"], path + ["parameterIterator", "items", "raw"])
        elif "inputParameter" in items:
            if items["inputParameter"] not in ((task.get("inputs") or {}).get("parameters") or {}):
                problems.append(
                    Problem(
                        path + ["parameterIterator", "items", "inputParameter"],
                        CHECKER,
                        f"{items['inputParameter']!r} is not an input parameter of this task",
                    )
                )
    return problems


def _raw_items(raw: object, path: List[PathPart]) -> List[Problem]:
    """The raw loop items: a string holding a JSON list."""
    if not isinstance(raw, str):
        return [
            Problem(
                path, CHECKER, f"items.raw must be a string holding a JSON list, not {type(raw).__name__}"
            )
        ]
    try:
        value = json.loads(raw)
    except ValueError as error:
        return [Problem(path, CHECKER, f"items.raw is not JSON: {error}")]
    if not isinstance(value, list):
        return [Problem(path, CHECKER, "items.raw must hold a JSON list")]
    return []


@functools.lru_cache(maxsize=None)
def _cel_error(condition: str) -> str:
    """Why a CEL condition does not compile, or '' when it does."""
    environment = celpy.Environment()
    try:
        environment.compile(condition)
    except Exception as error:  # celpy raises its own parse error types
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return ""


def _condition(task: dict, path: List[PathPart]) -> List[Problem]:
    """A trigger condition compiles as CEL and reads only the task's own input parameters."""
    condition = (task.get("triggerPolicy") or {}).get("condition")
    if not isinstance(condition, str):
        return []
    path = path + ["triggerPolicy", "condition"]
    error = _cel_error(condition)
    problems = [Problem(path, CHECKER, f"condition is not valid CEL: {error}")] if error else []
    own = (task.get("inputs") or {}).get("parameters") or {}
    for name in _CONDITION_INPUT.findall(condition):
        if name not in own:
            problems.append(
                Problem(
                    path,
                    CHECKER,
                    f"condition reads input {name!r}, which is not an input parameter of this task",
                )
            )
    return problems


def _required_inputs(task: dict, path: List[PathPart], called: dict, reference: str) -> List[Problem]:
    """Inputs without a default that are not optional must be supplied (a loop's item input is)."""
    problems = []
    inputs = task.get("inputs") or {}
    item_input = (task.get("parameterIterator") or task.get("artifactIterator") or {}).get("itemInput")
    for kind in ("parameters", "artifacts"):
        for name, spec in ((called.get("inputDefinitions") or {}).get(kind) or {}).items():
            optional = isinstance(spec, dict) and (spec.get("isOptional") or "defaultValue" in spec)
            if not optional and name != item_input and name not in (inputs.get(kind) or {}):
                problems.append(
                    Problem(
                        path + ["inputs"],
                        CHECKER,
                        f"required input {kind[:-1]} {name!r} of {reference!r} is not supplied",
                    )
                )
    return problems


def _placeholders(components: Dict, executors: Dict) -> List[Problem]:
    """Checks each container executor's command/args against every component that uses it."""
    problems: List[Problem] = []
    for label, executor in executors.items():
        container = (executor or {}).get("container") if isinstance(executor, dict) else None
        if not isinstance(container, dict):
            continue
        users = [c for c in components.values() if isinstance(c, dict) and c.get("executorLabel") == label]
        for field in ("command", "args"):
            for index, text in enumerate(container.get(field) or []):
                path = ["deploymentSpec", "executors", label, "container", field, index]
                if not isinstance(text, str):
                    problems.append(
                        Problem(path, CHECKER, f"{field} entries must be strings, not {type(text).__name__}")
                    )
                    continue
                for component in users:
                    problems += kfp_placeholders.check(text, component, path)
    return problems


def check_platform(spec: object, platform: object) -> List[Problem]:
    """Platform executors name executors of the PipelineSpec, and read inputs the DAG declares."""
    if not isinstance(spec, dict) or not isinstance(platform, dict):
        return []
    executors = (spec.get("deploymentSpec") or {}).get("executors") or {}
    base = ["platforms", "kubernetes", "deploymentSpec", "executors"]
    configs = (((platform.get("platforms") or {}).get("kubernetes") or {}).get("deploymentSpec") or {}).get(
        "executors"
    ) or {}
    problems = []
    for label, config in configs.items():
        if label not in executors:
            problems.append(
                Problem(
                    base + [label],
                    CHECKER,
                    f"executor {label!r} is not in the PipelineSpec's deploymentSpec.executors",
                )
            )
            continue
        scopes = _enclosing_inputs(spec, label)
        for path, name in _component_input_references(config, base + [label]):
            if scopes and not any(name in inputs for inputs in scopes):
                problems.append(
                    Problem(
                        path,
                        CHECKER,
                        f"componentInputParameter {name!r} is not declared by the DAG that runs {label!r}",
                    )
                )
    return problems


def _enclosing_inputs(spec: dict, label: str) -> List[set]:
    """Input parameter names of each DAG component holding a task whose component uses `label`."""
    components = spec.get("components") or {}
    users = {
        name for name, c in components.items() if isinstance(c, dict) and c.get("executorLabel") == label
    }
    scopes = []
    for _, component in dag_components(spec):
        tasks = (component.get("dag") or {}).get("tasks") or {}
        if any(
            (t.get("componentRef") or {}).get("name") in users for t in tasks.values() if isinstance(t, dict)
        ):
            scopes.append(set(((component.get("inputDefinitions") or {}).get("parameters") or {}).keys()))
    return scopes


def _component_input_references(value: object, path: List[PathPart]) -> Iterator[Tuple[List[PathPart], str]]:
    """Every `componentInputParameter: name` inside a platform executor config."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "componentInputParameter" and isinstance(item, str):
                yield path + [key], item
            else:
                yield from _component_input_references(item, path + [key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _component_input_references(item, path + [index])

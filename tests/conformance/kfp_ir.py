"""KFP v2 IR checks with the KFP SDK itself, plus the backend's rules (kfp_rules.py).

A KFP IR file is one PipelineSpec document, optionally followed by a platform document
(`platforms.kubernetes`). The SDK checks are:
- document 1 parses into `PipelineSpec` (and its `deploymentSpec` into `PipelineDeploymentConfig`)
  with `ignore_unknown_fields=False`, so a misspelled field or a wrong enum fails;
- document 2 parses into `PlatformSpec`, and each of its executors into kfp-kubernetes'
  `KubernetesExecutorConfig`;
- `kfp.components.load_component_from_text` (the body of `load_component_from_file`) loads it;
- the loaded pipeline is used as a task of a small pipeline that `kfp.compiler.Compiler` compiles.
"""

import tempfile
from pathlib import Path
from typing import List, Tuple

from google.protobuf import json_format
from kfp import compiler, components, dsl
from kfp.kubernetes import kubernetes_executor_config_pb2
from kfp.pipeline_spec import pipeline_spec_pb2

import kfp_rules
from problems import Problem

NumberedProblem = Tuple[int, Problem]
CHECKER = "kfp-sdk"

# A constant of each parameter type, for the required inputs of the wrapped pipeline.
_SAMPLE_VALUES = {"String": "x", "Integer": 1, "Float": 1.0, "Boolean": True, "List": [], "Dict": {}}


def is_kfp(document: object) -> bool:
    """True for a KFP PipelineSpec document."""
    return isinstance(document, dict) and ("pipelineInfo" in document or "deploymentSpec" in document)


def check(text: str, documents: List[object]) -> List[NumberedProblem]:
    """Every SDK and backend problem of one KFP IR file, given its YAML text and documents."""
    found: List[NumberedProblem] = [(1, p) for p in _parse_pipeline_spec(documents[0])]
    if len(documents) > 1:
        found += [(2, p) for p in _parse_platform_spec(documents[1])]
    for extra in range(2, len(documents)):
        found.append((extra + 1, Problem([], CHECKER, "a KFP IR file has at most two documents")))
    parsed = not found
    found += [(1, p) for p in kfp_rules.check(documents[0])]
    if len(documents) > 1:
        found += [(2, p) for p in kfp_rules.check_platform(documents[0], documents[1])]
    if parsed:
        # Only a document that parses can be loaded; loading it otherwise repeats the parse error.
        found += [(1, p) for p in _load_and_compile(text)]
    return found


def _parse(message, value: object, path: list) -> List[Problem]:
    """Parses `value` into the protobuf `message`, strictly; a failure is one problem."""
    try:
        json_format.ParseDict(value, message, ignore_unknown_fields=False)
    except (json_format.ParseError, TypeError, ValueError) as error:
        return [Problem(path, CHECKER, f"{type(message).__name__}: {error}")]
    return []


def _parse_pipeline_spec(document: object) -> List[Problem]:
    """Document 1 as PipelineSpec, and its deploymentSpec Struct as PipelineDeploymentConfig."""
    problems = _parse(pipeline_spec_pb2.PipelineSpec(), document, [])
    if isinstance(document, dict) and isinstance(document.get("deploymentSpec"), dict):
        problems += _parse(
            pipeline_spec_pb2.PipelineDeploymentConfig(), document["deploymentSpec"], ["deploymentSpec"]
        )
    return problems


def _parse_platform_spec(document: object) -> List[Problem]:
    """Document 2 as PlatformSpec, and each Kubernetes executor as KubernetesExecutorConfig."""
    problems = _parse(pipeline_spec_pb2.PlatformSpec(), document, [])
    executors = (
        ((document or {}).get("platforms") or {})
        .get("kubernetes", {})
        .get("deploymentSpec", {})
        .get("executors", {})
        if isinstance(document, dict)
        else {}
    )
    for label, config in (executors or {}).items():
        path = ["platforms", "kubernetes", "deploymentSpec", "executors", label]
        problems += _parse(kubernetes_executor_config_pb2.KubernetesExecutorConfig(), config, path)
    return problems


def _load_and_compile(text: str) -> List[Problem]:
    """Loads the IR as a component and compiles a pipeline that calls it once.

    `load_component_from_text` is what `load_component_from_file` calls after reading the file;
    the text is used so that insta snapshots (whose header is not IR) load too.
    """
    try:
        component = components.load_component_from_text(text)
    except Exception as error:  # the SDK raises many types; any one means "rejected"
        return [Problem([], CHECKER, f"load_component_from_text: {type(error).__name__}: {error}")]
    try:
        pipeline = _wrapping_pipeline(component)
        with tempfile.TemporaryDirectory() as directory:
            compiler.Compiler().compile(pipeline, str(Path(directory) / "wrapped.yaml"))
    except Exception as error:  # as above
        return [Problem([], CHECKER, f"compiling a pipeline that uses it: {type(error).__name__}: {error}")]
    return []


def _wrapping_pipeline(component):
    """A one-task pipeline calling `component` with a sample value for every required input."""

    @dsl.pipeline(name="pipec-conformance-wrapper")
    def wrapper():
        """Calls the component under test once."""
        arguments = {}
        for name, spec in (component.component_spec.inputs or {}).items():
            if spec.optional:
                continue
            if spec.type in _SAMPLE_VALUES:
                arguments[name] = _SAMPLE_VALUES[spec.type]
            else:
                arguments[name] = dsl.importer(
                    artifact_uri="gs://pipec-conformance/artifact", artifact_class=dsl.Artifact
                ).output
        component(**arguments)

    return wrapper

"""Compare pipec's KFP output for a pipeline with what the KFP SDK compiles from the same pipeline
written in Python.

Usage: python compare.py PIPELINE.py PIPEC.yaml

PIPELINE.py defines a `@dsl.pipeline` function named `pipeline`, and may define `RENAME`, a dict
from names the SDK generates to the names the IR uses for the same groups (the SDK numbers
`for-loop-2` and its item `loop-item-param-1` from one counter; an IR may say `for-loop-1`).
It may also define `patch_sdk_output(spec, platform)`, which corrects the SDK's output in place
where the SDK is known to be wrong (documented there). Both sides are normalised, then
diffed; the exit status is 1 with a unified diff on stdout when they differ. Normalising removes
what pipec does differently on purpose:

* `sdkVersion` (pipec names itself);
* component names: pipec writes a component identical to another once, the SDK once per task, so
  every `componentRef` is replaced by the component itself (its executor and Kubernetes settings
  inlined, DAG components recursively), and the name-keyed maps are dropped;
* the SDK's deprecated float resource fields (`cpuLimit`, `memoryLimit`, …) and legacy
  `accelerator.count` / `accelerator.type`, which it writes beside the `resource*` strings pipec
  writes (the KFP driver reads the strings first);
* descriptions of inputs and outputs (docstrings).

pipec's side is also parsed into kfp's `PipelineSpec` and kfp-kubernetes'
`KubernetesExecutorConfig` protos with unknown fields rejected.
"""

import copy
import difflib
import importlib.util
import os
import re
import sys
import tempfile

import yaml
from google.protobuf import json_format
from kfp import compiler
from kfp.kubernetes import kubernetes_executor_config_pb2
from kfp.pipeline_spec import pipeline_spec_pb2

LEGACY_RESOURCE_FIELDS = ("cpuLimit", "cpuRequest", "memoryLimit", "memoryRequest")
LEGACY_ACCELERATOR_FIELDS = ("count", "type")


def load_documents(path):
    with open(path) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    spec = docs[0]
    platform = docs[1] if len(docs) > 1 else {}
    return spec, platform


def compile_python(py_path):
    """Compile PIPELINE.py's `pipeline` with the KFP SDK; return its two documents and RENAME."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(py_path)))
    spec = importlib.util.spec_from_file_location("kfp_equivalence_pipeline", py_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "pipeline.yaml")
        compiler.Compiler().compile(module.pipeline, out)
        spec, platform = load_documents(out)
        patch = getattr(module, "patch_sdk_output", None)
        if patch is not None:
            patch(spec, platform)
        return (spec, platform), getattr(module, "RENAME", {})


def rename(value, names):
    """Rename tasks and groups: task keys, producer and dependency references and display names
    exactly, and names inside `pipelinechannel--…` strings (inputs, CEL conditions, iterators)."""
    if not names:
        return value
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w])(" + alternatives + r")(?![\w])")

    def channel(text):
        if "pipelinechannel--" not in text:
            return text
        return pattern.sub(lambda m: names[m.group(1)], text)

    def exact(text):
        return names.get(text, channel(text))

    def walk(v, key=None):
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                new_key = exact(k) if key == "tasks" else channel(k)
                if k == "taskInfo":
                    out[new_key] = {**x, "name": exact(x["name"])}
                else:
                    out[new_key] = walk(x, k)
            return out
        if isinstance(v, list):
            items = [walk(x) for x in v]
            return sorted(exact(x) for x in items) if key == "dependentTasks" else items
        if isinstance(v, str):
            return exact(v) if key in ("producerTask", "producerSubtask") else channel(v)
        return v

    return walk(value)


def check_protos(spec, platform):
    """Parse pipec's output into the protos; unknown fields raise."""
    json_format.ParseDict(spec, pipeline_spec_pb2.PipelineSpec(), ignore_unknown_fields=False)
    executors = (
        platform.get("platforms", {})
        .get("kubernetes", {})
        .get("deploymentSpec", {})
        .get("executors", {})
    )
    for label, config in executors.items():
        json_format.ParseDict(
            config,
            kubernetes_executor_config_pb2.KubernetesExecutorConfig(),
            ignore_unknown_fields=False,
        )
    if platform:
        json_format.ParseDict(platform, pipeline_spec_pb2.PlatformSpec(), ignore_unknown_fields=False)


def normalise(spec, platform):
    components = spec.get("components", {})
    executors = spec.get("deploymentSpec", {}).get("executors", {})
    k8s = (
        platform.get("platforms", {})
        .get("kubernetes", {})
        .get("deploymentSpec", {})
        .get("executors", {})
    )

    def component(name):
        comp = copy.deepcopy(components[name])
        return inline(comp)

    def inline(comp):
        label = comp.pop("executorLabel", None)
        if label is not None:
            executor = copy.deepcopy(executors[label])
            strip_legacy_resources(executor)
            comp["executor"] = executor
            if label in k8s:
                comp["kubernetes"] = copy.deepcopy(k8s[label])
        for key in ("inputDefinitions", "outputDefinitions"):
            for kind in ("parameters", "artifacts"):
                for io in comp.get(key, {}).get(kind, {}).values():
                    io.pop("description", None)
        for task in comp.get("dag", {}).get("tasks", {}).values():
            ref = task.pop("componentRef")["name"]
            task["component"] = component(ref)
        return comp

    out = {k: v for k, v in spec.items() if k not in ("components", "deploymentSpec", "sdkVersion")}
    out["root"] = inline(copy.deepcopy(spec["root"]))
    config = platform.get("platforms", {}).get("kubernetes", {}).get("pipelineConfig")
    if config:
        out["pipelineConfig"] = config
    return out


def strip_legacy_resources(executor):
    resources = executor.get("container", {}).get("resources")
    if not resources:
        return
    for field in LEGACY_RESOURCE_FIELDS:
        resources.pop(field, None)
    accelerator = resources.get("accelerator")
    if accelerator:
        for field in LEGACY_ACCELERATOR_FIELDS:
            accelerator.pop(field, None)


def numbers_as_floats(value):
    """KFP writes every number of a google.protobuf.Value as a double; so compare them as such."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dict):
        return {k: numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [numbers_as_floats(v) for v in value]
    return value


def dump(value):
    return yaml.safe_dump(numbers_as_floats(value), sort_keys=True, width=100).splitlines()


def main():
    py_path, pipec_path = sys.argv[1], sys.argv[2]
    ours_spec, ours_platform = load_documents(pipec_path)
    check_protos(ours_spec, ours_platform)
    (spec, platform), names = compile_python(py_path)
    theirs = rename(normalise(spec, platform), names)
    ours = normalise(ours_spec, ours_platform)
    diff = list(
        difflib.unified_diff(dump(theirs), dump(ours), "kfp-sdk", "pipec", lineterm="")
    )
    if diff:
        print("\n".join(diff))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

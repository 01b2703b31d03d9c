"""Argo Workflow, WorkflowTemplate and CronWorkflow checks.

Each object must pass, together:
- the v4.1.2 JSON schema and the v3.7.18 JSON schema (`definitions/io.argoproj.workflow.v1alpha1.<Kind>`),
- the unknown-key check against both (their schemas accept any key, the engine does not),
- the v4.1.2 CRD `openAPIV3Schema` with its CEL rules and size caps (what the API server enforces),
- the `argo lint` rules of argo_lint.py.

Argo's JSON schema types Kubernetes' `IntOrString` and `Quantity` as strings only, while the engine
(Go's intstr/resource types) and the CRD (`x-kubernetes-int-or-string`) accept an integer or a
string; the JSON schemas are checked with those two definitions widened to match, so `retries: 2`
passes and `cpu: 0.5` is still caught by the CRD.

One known conflict: `memoize.cache.configMap.key` is required by v3.7 and unknown to v4.1, so no
single form passes both. A document is taken in the form it uses: without the key it is a v4
document, and v3's "'key' is a required property" there is not reported; with the key it is a v3
document (pipec's Argo 3 option), and v4's unknown-key report for that key is not reported. Every
other difference between the versions is reported.
"""

import functools
from typing import List

import jsonschema

import argo_lint
import reference
from crd import CrdChecker
from known_keys import KeyChecker
from problems import Problem
from schema_errors import problems_from

API_VERSION = "argoproj.io/v1alpha1"
KINDS = ("Workflow", "WorkflowTemplate", "CronWorkflow")
_DEFINITION = "io.argoproj.workflow.v1alpha1."
_MEMOIZE_CONFIG_MAP = ("memoize", "cache", "configMap")


def is_argo(document: object) -> bool:
    """True for the Argo kinds pipec emits."""
    return (
        isinstance(document, dict)
        and document.get("apiVersion") == API_VERSION
        and document.get("kind") in KINDS
    )


_INT_OR_STRING = {"type": ["integer", "string"]}
_WIDENED = (
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
)


@functools.lru_cache(maxsize=None)
def _schema_validator(version: str, kind: str):
    """A JSON-schema validator for one kind of one Argo release (int-or-string types widened)."""
    definitions = dict(reference.argo_json_schema(version)["definitions"])
    for name in _WIDENED:
        definitions[name] = _INT_OR_STRING
    schema = {"$ref": f"#/definitions/{_DEFINITION}{kind}", "definitions": definitions}
    return jsonschema.Draft202012Validator(schema)


@functools.lru_cache(maxsize=None)
def _key_checker(version: str) -> KeyChecker:
    """The unknown-key checker for one Argo release's JSON schema."""
    return KeyChecker(reference.argo_json_schema(version), f"argo-{version.split('.')[0]}-keys")


@functools.lru_cache(maxsize=None)
def _crd_checker(kind: str) -> CrdChecker:
    """The v4 CRD validator for one kind."""
    return CrdChecker(reference.argo_crd_schema(kind), "argo-v4-crd")


def check(document: dict) -> List[Problem]:
    """Every schema, CRD and lint problem of one Argo object."""
    kind = document["kind"]
    v3_memoize = _uses_v3_memoize(document)
    problems: List[Problem] = []
    for version in (reference.ARGO_V4, reference.ARGO_V3):
        checker = f"argo-{version.split('.')[0]}-schema"
        found = problems_from(_schema_validator(version, kind).iter_errors(document), checker)
        found += _key_checker(version).check(document, {"$ref": f"#/definitions/{_DEFINITION}{kind}"})
        if version == reference.ARGO_V3 and not v3_memoize:
            found = [p for p in found if not _is_v3_memoize_key_required(p)]
        if version == reference.ARGO_V4 and v3_memoize:
            found = [p for p in found if not _is_memoize_key(p.path)]
        problems += found
    problems += _crd_checker(kind).check(document)
    try:
        problems += argo_lint.check(document)
    except (TypeError, AttributeError):
        # The lint rules assume the schema's shapes; when the schema already failed, its
        # problems are the explanation.
        if not problems:
            raise
    return problems


def _uses_v3_memoize(value: object) -> bool:
    """True when some template memoizes with a `configMap.key` (the Argo 3 form)."""
    if isinstance(value, dict):
        memoize = value.get("memoize")
        if isinstance(memoize, dict):
            config_map = (memoize.get("cache") or {}).get("configMap")
            if isinstance(config_map, dict) and "key" in config_map:
                return True
        return any(_uses_v3_memoize(item) for item in value.values())
    if isinstance(value, list):
        return any(_uses_v3_memoize(item) for item in value)
    return False


def _is_memoize_key(path) -> bool:
    """The path of a `memoize.cache.configMap.key` field."""
    return tuple(path[-4:]) == _MEMOIZE_CONFIG_MAP + ("key",)


def _is_v3_memoize_key_required(problem: Problem) -> bool:
    """v3's complaint that a v4-form memoize lacks `configMap.key`."""
    return (
        tuple(problem.path[-3:]) == _MEMOIZE_CONFIG_MAP and "'key' is a required property" in problem.message
    )

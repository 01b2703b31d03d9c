"""Katib Experiment (`kubeflow.org/v1beta1`) checks.

Katib's CRD has no schema; its validating webhook does the checking. So an Experiment must pass:
- the OpenAPI schema `components.schemas.v1beta1.Experiment` of Katib's openapi.json, with the
  unknown-key check;
- the webhook's rules (katib_webhook.py): name, counts, objective, algorithm, search space, and the
  trial template (every `${trialParameters.x}` defined, every trial parameter's `reference` naming a
  search-space parameter, `primaryContainerName` and success/failure conditions set);
- the Argo checks on the embedded trial Workflow, with `${trialParameters.x}` substituted and a
  `metadata.name` filled in, as Katib does when it creates a trial.
"""

import copy
import functools
import re
from typing import List

import jsonschema

import argo
import katib_webhook
import reference
from crd import structural
from known_keys import KeyChecker
from problems import Problem
from schema_errors import problems_from

API_VERSION = "kubeflow.org/v1beta1"
_EXPERIMENT = {"$ref": "#/components/schemas/v1beta1.Experiment"}
_TRIAL_PARAMETER = re.compile(r"\$\{trialParameters\.[^}]+\}")
_TRIAL_SPEC_PATH = ["spec", "trialTemplate", "trialSpec"]
_TRIAL_NAME = "katib-trial"


def is_katib(document: object) -> bool:
    """True for a Katib Experiment."""
    return (
        isinstance(document, dict)
        and document.get("apiVersion") == API_VERSION
        and document.get("kind") == "Experiment"
    )


@functools.lru_cache(maxsize=None)
def _validator():
    """A validator for v1beta1.Experiment over Katib's OpenAPI components."""
    root = reference.katib_openapi()
    schema = {**_EXPERIMENT, "components": structural(root["components"])}
    return jsonschema.Draft4Validator(schema)


def check(document: dict) -> List[Problem]:
    """Every schema, webhook and embedded-Argo problem of one Experiment."""
    problems = problems_from(_validator().iter_errors(document), "katib-schema")
    problems += KeyChecker(reference.katib_openapi(), "katib-keys").check(document, _EXPERIMENT)
    problems += katib_webhook.check(document)
    problems += _trial_workflow(document)
    return problems


def _trial_workflow(document: dict) -> List[Problem]:
    """The Argo checks on the trial Workflow, as Katib would create it."""
    trial = ((document.get("spec") or {}).get("trialTemplate") or {}).get("trialSpec")
    if not argo.is_argo(trial):
        return []
    trial = _substituted(copy.deepcopy(trial))
    if not (trial.get("metadata") or {}).get("name"):
        trial.setdefault("metadata", {})["name"] = _TRIAL_NAME
    return [Problem(_TRIAL_SPEC_PATH + list(p.path), p.checker, p.message) for p in argo.check(trial)]


def _substituted(value: object) -> object:
    """Replaces every `${trialParameters.x}` with a sample value, as a trial would have it."""
    if isinstance(value, str):
        return _TRIAL_PARAMETER.sub("test-value", value)
    if isinstance(value, dict):
        return {key: _substituted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_substituted(item) for item in value]
    return value

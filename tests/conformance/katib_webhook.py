"""The rules of Katib's Experiment validating webhook (pkg/webhook/v1beta1/experiment/validator),
for the parts of an Experiment that pipec writes. Messages follow the webhook's own.
"""

import json
import re
from typing import List

from problems import Problem

CHECKER = "katib-webhook"

_NAME = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_REPLACE = "${{trialParameters.{}}}"
_ANY_TRIAL_PARAMETER = re.compile(r"\$\{trialParameters\.[^}]+\}")
_META_REFERENCE = re.compile(r"^\$\{trialSpec\.(.+)\}$")
_META_KEYS = {"Name", "Namespace", "Kind", "APIVersion", "Labels", "Annotations"}
# The algorithms and collectors of Katib's default katib-config.
ALGORITHMS = {
    "random",
    "grid",
    "hyperband",
    "bayesianoptimization",
    "tpe",
    "multivariate-tpe",
    "cmaes",
    "sobol",
    "enas",
    "darts",
    "pbt",
}
COLLECTORS = {"StdOut", "File", "TensorFlowEvent", "PrometheusMetric", "Custom", "None", "Push"}
PARAMETER_TYPES = {"int", "double", "categorical", "discrete"}


def check(experiment: dict) -> List[Problem]:
    """Every webhook rule over one Experiment."""
    spec = experiment.get("spec") if isinstance(experiment.get("spec"), dict) else {}
    name = (experiment.get("metadata") or {}).get("name", "")
    problems = []
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(
            Problem(
                ["metadata", "name"],
                CHECKER,
                "name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            )
        )
    problems += _counts(spec)
    problems += _objective(spec.get("objective"))
    problems += _algorithm(spec.get("algorithm"))
    problems += _parameters(spec)
    problems += _trial_template(spec)
    problems += _collector(spec.get("metricsCollectorSpec"))
    return problems


def _counts(spec: dict) -> List[Problem]:
    """Trial counts are positive and consistent with maxTrialCount."""
    problems = []
    most = spec.get("maxTrialCount")
    for key, minimum in (("maxFailedTrialCount", 0), ("maxTrialCount", 1), ("parallelTrialCount", 1)):
        value = spec.get(key)
        if isinstance(value, int) and value < minimum:
            problems.append(Problem(["spec", key], CHECKER, f"must be at least {minimum}"))
        if key != "maxTrialCount" and isinstance(value, int) and isinstance(most, int) and value > most:
            problems.append(
                Problem(["spec", key], CHECKER, "should be less than or equal to spec.maxTrialCount")
            )
    return problems


def _objective(objective: object) -> List[Problem]:
    """An objective with a type (minimize/maximize) and a metric name."""
    if not isinstance(objective, dict):
        return [Problem(["spec", "objective"], CHECKER, "must be specified")]
    problems = []
    if objective.get("type") not in ("minimize", "maximize"):
        problems.append(Problem(["spec", "objective", "type"], CHECKER, "must be minimize or maximize"))
    if not objective.get("objectiveMetricName"):
        problems.append(Problem(["spec", "objective", "objectiveMetricName"], CHECKER, "must be specified"))
    elif objective["objectiveMetricName"] in (objective.get("additionalMetricNames") or []):
        problems.append(
            Problem(
                ["spec", "objective", "additionalMetricNames"],
                CHECKER,
                "should not contain spec.objective.objectiveMetricName",
            )
        )
    return problems


def _algorithm(algorithm: object) -> List[Problem]:
    """An algorithm Katib's default configuration provides."""
    name = algorithm.get("algorithmName") if isinstance(algorithm, dict) else None
    if not name:
        return [Problem(["spec", "algorithm", "algorithmName"], CHECKER, "must be specified")]
    if name not in ALGORITHMS:
        return [
            Problem(
                ["spec", "algorithm", "algorithmName"],
                CHECKER,
                f"unable to get Suggestion config data for algorithm {name}",
            )
        ]
    return []


def _parameters(spec: dict) -> List[Problem]:
    """Search-space parameters: a supported type and a feasible space that fits it."""
    parameters = spec.get("parameters") or []
    if not parameters and not spec.get("nasConfig"):
        return [Problem(["spec"], CHECKER, "spec.parameters or spec.nasConfig must be specified")]
    problems = []
    for index, parameter in enumerate(parameters):
        path = ["spec", "parameters", index]
        kind = parameter.get("parameterType")
        space = parameter.get("feasibleSpace") or {}
        if kind not in PARAMETER_TYPES:
            problems.append(
                Problem(path + ["parameterType"], CHECKER, f"parameterType: {kind} is not supported")
            )
        if not space:
            problems.append(Problem(path + ["feasibleSpace"], CHECKER, "feasibleSpace must be specified"))
        elif kind in ("int", "double"):
            if space.get("list"):
                problems.append(
                    Problem(
                        path + ["feasibleSpace", "list"],
                        CHECKER,
                        f"feasibleSpace.list is not supported for parameterType: {kind}",
                    )
                )
            if not space.get("max") or not space.get("min"):
                problems.append(
                    Problem(
                        path + ["feasibleSpace", "max"],
                        CHECKER,
                        f"feasibleSpace.max or feasibleSpace.min must be specified for parameterType: {kind}",
                    )
                )
        elif any(space.get(key) for key in ("max", "min", "step")):
            problems.append(
                Problem(
                    path + ["feasibleSpace"],
                    CHECKER,
                    f"feasibleSpace .max, .min and .step is not supported for parameterType: {kind}",
                )
            )
    return problems


def _trial_template(spec: dict) -> List[Problem]:
    """The trial template: container name, conditions, and trial parameters that match the spec."""
    template = spec.get("trialTemplate")
    path = ["spec", "trialTemplate"]
    if not isinstance(template, dict):
        return [Problem(path, CHECKER, "must be specified")]
    problems = []
    if not template.get("primaryContainerName"):
        problems.append(Problem(path + ["primaryContainerName"], CHECKER, "must be specified"))
    if not template.get("successCondition") or not template.get("failureCondition"):
        problems.append(Problem(path, CHECKER, "successCondition and failureCondition must be specified"))
    if template.get("trialParameters") is None:
        return problems + [Problem(path + ["trialParameters"], CHECKER, "must be specified")]
    if ("trialSpec" in template) == ("configMap" in template):
        return problems + [
            Problem(
                path,
                CHECKER,
                "exactly one of spec.trialTemplate.trialSpec or spec.trialTemplate.configMap must be specified",
            )
        ]
    if "trialSpec" not in template:
        return problems
    return problems + _trial_parameters(spec, template, path)


def _trial_parameters(spec: dict, template: dict, path: list) -> List[Problem]:
    """Each trial parameter is used in and references the search space; every use is defined."""
    problems = []
    text = json.dumps(template["trialSpec"], sort_keys=True)
    search_space = {p.get("name") for p in spec.get("parameters") or [] if isinstance(p, dict)}
    names, references = set(), set()
    for index, parameter in enumerate(template["trialParameters"] or []):
        here = path + ["trialParameters", index]
        name, ref = parameter.get("name"), parameter.get("reference")
        if not name or not ref or "{" in name or "}" in name:
            problems.append(
                Problem(
                    here, CHECKER, "name and reference must be specified and name must not contain '{' or '}'"
                )
            )
            continue
        if name in names or ref in references:
            problems.append(
                Problem(
                    here,
                    CHECKER,
                    f"parameter name {name} or reference {ref} is duplicated in spec.trialTemplate.trialParameters",
                )
            )
            continue
        names.add(name)
        references.add(ref)
        if search_space and not _is_meta_reference(ref) and ref not in search_space:
            problems.append(
                Problem(
                    here + ["reference"],
                    CHECKER,
                    f"parameter reference {ref} does not exist in spec.parameters",
                )
            )
        if _REPLACE.format(name) not in text:
            problems.append(
                Problem(
                    here + ["name"],
                    CHECKER,
                    f"parameter name: {name} in spec.trialParameters not found in spec.trialTemplate",
                )
            )
        text = text.replace(_REPLACE.format(name), "test-value")
    undefined = sorted(set(_ANY_TRIAL_PARAMETER.findall(text)))
    if undefined:
        problems.append(
            Problem(
                path,
                CHECKER,
                f"parameters: {undefined} in spec.trialTemplate not found in spec.trialParameters",
            )
        )
    trial_meta = (
        template["trialSpec"].get("metadata") or {} if isinstance(template["trialSpec"], dict) else {}
    )
    if trial_meta.get("name") or trial_meta.get("namespace"):
        problems.append(
            Problem(
                path, CHECKER, "metadata.name and metadata.namespace in spec.trialTemplate must be omitted"
            )
        )
    return problems


def _is_meta_reference(reference: str) -> bool:
    """`${trialSpec.Name}`, `${trialSpec.Labels[key]}` and the like refer to the trial itself."""
    match = _META_REFERENCE.match(reference)
    return bool(match) and re.sub(r"\[.*\]$", "", match.group(1)) in _META_KEYS


def _collector(spec: object) -> List[Problem]:
    """A metrics collector kind Katib knows (StdOut when unset)."""
    kind = ((spec or {}).get("collector") or {}).get("kind", "StdOut") if isinstance(spec, dict) else "StdOut"
    if kind not in COLLECTORS:
        return [
            Problem(
                ["spec", "metricsCollectorSpec", "collector", "kind"],
                CHECKER,
                f"invalid metrics collector kind: {kind}",
            )
        ]
    return []

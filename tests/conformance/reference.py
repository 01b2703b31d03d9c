"""Where the engines' reference data (schemas, CRDs, OpenAPI) lives, loaded once per run."""

import functools
import json
import os
from pathlib import Path

import yaml

ARGO_V4 = "v4.1.2"
ARGO_V3 = "v3.7.18"

# Argo kinds pipec emits, with the file name of their CRD.
ARGO_CRD_FILES = {
    "Workflow": "argoproj.io_workflows.yaml",
    "WorkflowTemplate": "argoproj.io_workflowtemplates.yaml",
    "CronWorkflow": "argoproj.io_cronworkflows.yaml",
}


def reference_dir() -> Path:
    """The reference directory: $PIPEC_REFERENCE_DIR, else `<repo>/../shared/reference`."""
    configured = os.environ.get("PIPEC_REFERENCE_DIR")
    if configured:
        return Path(configured)
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "reference"


@functools.lru_cache(maxsize=None)
def argo_json_schema(version: str) -> dict:
    """Argo's `api/jsonschema/schema.json` of the given release."""
    with open(reference_dir() / "argo" / version / "schema.json", encoding="utf-8") as f:
        return json.load(f)


@functools.lru_cache(maxsize=None)
def argo_crd_schema(kind: str) -> dict:
    """The `openAPIV3Schema` of the v4 CRD for an Argo kind (what the API server enforces)."""
    path = reference_dir() / "argo" / ARGO_V4 / ARGO_CRD_FILES[kind]
    with open(path, encoding="utf-8") as f:
        crd = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    (version,) = [v for v in crd["spec"]["versions"] if v.get("storage")]
    return version["schema"]["openAPIV3Schema"]


@functools.lru_cache(maxsize=None)
def katib_openapi() -> dict:
    """Katib's OpenAPI 3 document (schemas under `components.schemas`)."""
    with open(reference_dir() / "katib" / "openapi.json", encoding="utf-8") as f:
        return json.load(f)

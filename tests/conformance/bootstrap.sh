#!/usr/bin/env bash
# Creates <repo>/.venv with the conformance checkers (the KFP SDK, kfp-kubernetes, jsonschema,
# PyYAML, ruamel.yaml, cel-python) pinned in requirements.txt.
#
# Idempotent: the install is skipped when the stamp file inside the venv holds the hash of the
# current requirements.txt, so running it before every test run costs a few milliseconds.
# Needs only python3 (with the venv module) and access to PyPI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv"
requirements="$here/requirements.txt"
stamp="$venv/.pipec-conformance-requirements.sha256"

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "conformance venv up to date: $venv"
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
# The stamp is written last, so an interrupted install is retried on the next run.
echo "$want" > "$stamp"
echo "conformance venv ready: $venv"

#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs the conformance checkers (the KFP SDK,
# kfp-kubernetes, jsonschema, …) into .venv, then runs every Rust test — unit, doc, golden,
# conformance, CLI and compile-fail UI tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tests/conformance/bootstrap.sh
cargo test --workspace --locked "$@"

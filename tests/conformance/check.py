#!/usr/bin/env python3
"""pipec's conformance runner: are the YAML files pipec writes accepted by the real engines?

Usage: check.py FILE_OR_DIR...

Every YAML document of every file (plain `.yaml` or insta `.snap`) is checked by kind: Argo objects
by argo.py, KFP IR files by kfp_ir.py, Katib Experiments by katib.py, and every document by
yaml11.py. Prints one line per problem, `FILE:doc N:PATH: [checker] message`, and exits 1 if there
is any; otherwise prints `N passed, 0 failed` and exits 0. Reference data comes from
$PIPEC_REFERENCE_DIR (default `<repo>/../shared/reference`).
"""

import sys
import traceback
from typing import List, Tuple

# Keep the repository free of __pycache__ directories (the runner's modules import each other).
sys.dont_write_bytecode = True

import argo  # noqa: E402 (after the bytecode switch)
import katib
import kfp_ir
import reference
import yaml11
from documents import LoadedFile, find_files, load_file
from problems import Problem

NumberedProblem = Tuple[int, Problem]


def check_documents(loaded: LoadedFile) -> List[NumberedProblem]:
    """Every problem in one file's documents, each with its document number."""
    found: List[NumberedProblem] = []
    documents = loaded.documents
    if documents and kfp_ir.is_kfp(documents[0].data):
        found += kfp_ir.check(loaded.text, [d.data for d in documents])
        kinds_checked = {d.number for d in documents}
    else:
        kinds_checked = set()
    for document in documents:
        found += [(document.number, p) for p in yaml11.check(document.data, document.meant)]
        if document.number in kinds_checked:
            continue
        found += [(document.number, p) for p in _check_by_kind(document.data)]
    return found


def _check_by_kind(data: object) -> List[Problem]:
    """Dispatches one document to the checker for its kind."""
    if argo.is_argo(data):
        return argo.check(data)
    if katib.is_katib(data):
        return katib.check(data)
    kind = data.get("kind") if isinstance(data, dict) else type(data).__name__
    api = data.get("apiVersion") if isinstance(data, dict) else None
    return [Problem([], "conformance", f"no checker for this document (apiVersion {api!r}, kind {kind!r})")]


def run(arguments: List[str]) -> int:
    """Checks the given files and directories; returns the process exit code."""
    passed = failed = skipped = 0
    for path in find_files(arguments):
        loaded = load_file(path)
        if loaded.skipped:
            skipped += 1
            continue
        if loaded.error:
            print(f"{path}:doc 0:.: [yaml] {loaded.error}")
            failed += 1
            continue
        try:
            problems = check_documents(loaded)
        except Exception as error:  # a checker bug must not hide the other files' results
            where = traceback.extract_tb(error.__traceback__)[-1]
            message = f"checker crashed: {type(error).__name__}: {error} ({where.filename}:{where.lineno})"
            problems = [(0, Problem([], "conformance", message))]
        for number, problem in problems:
            print(problem.render(str(path), number))
        failed += bool(problems)
        passed += not problems
    summary = f"{passed} passed, {failed} failed"
    print(summary + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


def main() -> None:
    """Command-line entry point."""
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    if not reference.reference_dir().is_dir():
        print(
            f"reference data not found at {reference.reference_dir()}; set PIPEC_REFERENCE_DIR",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.setrecursionlimit(20000)
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()

"""Instructions to compile a generated pipeline against instructions to write its YAML alone.

    python3 benches/instructions.py [N]        (default: 1000; needs valgrind)

Builds the `shape` example in release mode and runs one cold compile call of each shape to each
target under callgrind. Prints, per shape and target, the instructions of each step (lowering,
writing the YAML, freeing the model) and the compile against writing alone:
(lower + write + free) / write, the ratio `cargo bench` measures as compile_* / emit_* in wall
time. Instruction counts do not depend on the machine's load, so they show a change that wall
times on a noisy machine hide.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET_DIR = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
SHAPE = TARGET_DIR / "release" / "examples" / "shape"
SHAPES = ["chain", "fanout", "conditions", "loop"]
TARGETS = ["argo", "kfp"]
# The example's step functions (compiler/examples/shape.rs), never inlined: a profile names them.
STEPS = {
    "lower": r"shape::step_lower_(argo|kfp)",
    "write": r"shape::step_write",
    "free": r"shape::step_free",
}


def build():
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "pipec-compiler", "--example", "shape"],
        cwd=ROOT, check=True,
    )


def profile(shape, n, target, workdir):
    """Run one compile call under callgrind; return the inclusive instructions of each step."""
    out = workdir / f"{shape}-{target}.cg"
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
         str(SHAPE), shape, str(n), "--phases", target, str(workdir / "out.yaml")],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", str(out)],
        check=True, capture_output=True, text=True,
    ).stdout
    counts = {}
    for step, pattern in STEPS.items():
        # The function's own line ends with the binary in brackets; its callers' lines do not.
        line = re.search(rf"^\s*([\d,]+) .*:{pattern} \[", report, re.MULTILINE)
        if line is None:
            sys.exit(f"{shape} {target}: no `{pattern}` in the profile")
        counts[step] = int(line.group(1).replace(",", ""))
    return counts


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for tool in ("valgrind", "callgrind_annotate"):
        if shutil.which(tool) is None:
            sys.exit(f"`{tool}` is not installed (Debian: apt install valgrind)")
    build()
    print(f"Instructions (millions) of one compile call, {n:,} tasks:\n")
    print("| shape | target | lower | write | free | (lower + write + free) / write |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            for target in TARGETS:
                c = profile(shape, n, target, pathlib.Path(tmp))
                ratio = (c["lower"] + c["write"] + c["free"]) / c["write"]
                print(f"| {shape} | {target} | {c['lower'] / 1e6:.2f} | {c['write'] / 1e6:.2f} "
                      f"| {c['free'] / 1e6:.2f} | {ratio:.2f}x |", flush=True)


if __name__ == "__main__":
    main()

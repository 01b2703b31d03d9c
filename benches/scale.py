"""How `pipec compile` grows from 10,000 to 100,000 tasks, as a whole process.

    python3 benches/scale.py [ROUNDS]        (default: 12)

Builds the `pipec` binary and the `shape` example in release mode, writes each shape's IR at
10,000 and 100,000 tasks into a scratch directory, then runs ROUNDS rounds, each compiling both
sizes of every shape to both targets in turn. Prints, per case, the best time at each size, the
ratio of the best times and of the medians (the issue's "time(100k) / time(10k) < 12"), and the
peak resident memory of the 100,000-task compile (highest over the rounds). Every compile's
output is written to a file, as a user's `-o` would.
"""

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

# The same binaries, built the same way, as the comparison with the KFP SDK.
from compare import PIPEC, SHAPE, build

SHAPES = ["chain", "fanout", "conditions", "loop"]
TARGETS = ["argo", "kfp"]
SIZES = [10_000, 100_000]


def write_ir(workdir):
    """Each shape's IR at each size; returns {(shape, size): path}."""
    files = {}
    for shape in SHAPES:
        for size in SIZES:
            path = workdir / f"{shape}-{size}.json"
            with open(path, "w") as out:
                subprocess.run([str(SHAPE), shape, str(size)], stdout=out, check=True)
            files[(shape, size)] = path
    return files


def compile_once(ir, target, output):
    """Seconds and peak resident memory (KiB) of one `pipec compile` process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(PIPEC), "compile", str(ir), "--target", target, "-o", str(output)],
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"pipec compile {ir} --target {target} failed ({status})")
    return seconds, usage.ru_maxrss


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    build()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = pathlib.Path(tmp)
        files = write_ir(workdir)
        times, peaks = {}, {}
        for _ in range(rounds):
            for shape in SHAPES:
                for target in TARGETS:
                    for size in SIZES:
                        seconds, peak = compile_once(
                            files[(shape, size)], target, workdir / "out.yaml"
                        )
                        times.setdefault((shape, target, size), []).append(seconds)
                        peaks[(shape, target, size)] = max(
                            peaks.get((shape, target, size), 0), peak
                        )
    small, large = SIZES
    print(f"`pipec compile` at {small:,} and {large:,} tasks, {rounds} rounds:\n")
    print(f"| shape | target | {small:,} (best) | {large:,} (best) | ratio of best "
          f"| ratio of medians | peak memory |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for shape in SHAPES:
        for target in TARGETS:
            a, b = times[(shape, target, small)], times[(shape, target, large)]
            print(f"| {shape} | {target} | {min(a) * 1e3:.0f} ms | {min(b) * 1e3:.0f} ms "
                  f"| {min(b) / min(a):.1f} "
                  f"| {statistics.median(b) / statistics.median(a):.1f} "
                  f"| {peaks[(shape, target, large)] // 1024} MiB |")


if __name__ == "__main__":
    main()

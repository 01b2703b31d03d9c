"""pipec beside the KFP SDK on the same generated pipelines, in one invocation.

    .venv/bin/python benches/compare.py [N ...]        (default: 100 1000)

Builds `pipec` and the `shape` example in release mode, then for the chain and the fan-out of N
tasks compiles the KFP target with both and prints, side by side: the whole process (pipec reading
the IR file; Python importing kfp and defining the pipeline), the compile call alone (pipec:
validate + compile + write; KFP: `Compiler().compile`) and the output bytes, with the ratios.
Each time is the best of several runs: 10 for pipec, 5 for the KFP SDK (1 above 1,000 tasks,
where one run takes minutes)."""

import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET_DIR = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
PIPEC = TARGET_DIR / "release" / "pipec"
SHAPE = TARGET_DIR / "release" / "examples" / "shape"
KFP_SCRIPT = ROOT / "benches" / "kfp_shapes.py"
# Runs per measurement, of which the fastest counts: the machine's noise is a large share of a
# pipec run of a few milliseconds, and ten of them cost less than one run of the SDK.
PIPEC_RUNS = 10
KFP_RUNS = 5


def build():
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "pipec-compiler",
         "--bin", "pipec", "--example", "shape"],
        cwd=ROOT, check=True,
    )


def timed(cmd):
    """Run cmd; return (seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def best(runs, measure):
    """The fastest of `runs` calls of measure(), which returns (seconds, stdout)."""
    return min((measure() for _ in range(runs)), key=lambda r: r[0])


def compile_seconds(stdout):
    fields = dict(f.split("=") for f in stdout.split())
    return float(fields["compile_seconds"])


def measure(shape, n, work):
    ir = work / f"{shape}-{n}.json"
    ir.write_text(subprocess.run([str(SHAPE), shape, str(n)], check=True,
                                 capture_output=True, text=True).stdout)
    pipec_out, kfp_out = work / f"pipec-{shape}-{n}.yaml", work / f"kfp-{shape}-{n}.yaml"
    pipec_whole, _ = best(PIPEC_RUNS, lambda: timed([str(PIPEC), "compile", str(ir), "--target", "kfp",
                                            "-o", str(pipec_out)]))
    pipec_call = min(
        compile_seconds(timed([str(SHAPE), shape, str(n), "--compile", "kfp",
                               str(pipec_out)])[1])
        for _ in range(PIPEC_RUNS))
    kfp_runs = [timed([sys.executable, str(KFP_SCRIPT), shape, str(n), str(kfp_out)])
                for _ in range(KFP_RUNS if n <= 1000 else 1)]
    kfp_whole = min(seconds for seconds, _ in kfp_runs)
    kfp_call = min(compile_seconds(stdout) for _, stdout in kfp_runs)
    return {
        "whole": (pipec_whole, kfp_whole),
        "call": (pipec_call, kfp_call),
        "bytes": (pipec_out.stat().st_size, kfp_out.stat().st_size),
    }


def row(shape, n, m):
    (pw, kw), (pc, kc), (pb, kb) = m["whole"], m["call"], m["bytes"]
    return (f"| {shape} | {n:,} | {pw * 1000:,.1f} ms | {kw * 1000:,.0f} ms | {kw / pw:,.0f}x "
            f"| {pc * 1000:,.2f} ms | {kc * 1000:,.0f} ms | {kc / pc:,.0f}x "
            f"| {pb:,} | {kb:,} | {pb / kb:.2f} |")


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    build()
    print("| shape | tasks | pipec process | KFP process | ratio | pipec compile call "
          "| KFP compile call | ratio | pipec bytes | KFP bytes | bytes ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in ["chain", "fanout"]:
            for n in sizes:
                print(row(shape, n, measure(shape, n, pathlib.Path(tmp))), flush=True)


if __name__ == "__main__":
    main()

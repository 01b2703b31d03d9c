"""Build the chain or fan-out of N tasks with the KFP SDK and compile it, as pipec's
`shape` example does: python benches/kfp_shapes.py chain|fanout N OUT.yaml

Prints `compile_seconds=... bytes=...` for the `Compiler().compile(...)` call alone."""

import sys
import time

from kfp import compiler, dsl


@dsl.container_component
def step(x: str, out: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image="alpine:3.20", command=["sh", "-c", 'echo "$0" > "$1"'], args=[x, out]
    )


def chain(n):
    @dsl.pipeline(name=f"chain-{n}")
    def pipeline():
        t = step(x="start")
        for _ in range(1, n):
            t = step(x=t.outputs["out"])

    return pipeline


def fanout(n):
    @dsl.pipeline(name=f"fanout-{n}")
    def pipeline():
        first = step(x="start")
        for _ in range(1, n):
            step(x=first.outputs["out"])

    return pipeline


def main():
    shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    pipeline = {"chain": chain, "fanout": fanout}[shape](n)
    start = time.perf_counter()
    compiler.Compiler().compile(pipeline_func=pipeline, package_path=out)
    seconds = time.perf_counter() - start
    with open(out, "rb") as f:
        size = len(f.read())
    print(f"compile_seconds={seconds:.6f} bytes={size}")


if __name__ == "__main__":
    main()

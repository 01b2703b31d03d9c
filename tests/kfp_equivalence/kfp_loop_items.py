"""tests/in/kfp_loop_items.yaml in the KFP SDK."""

from kfp import dsl


@dsl.container_component
def square(x: int, out: dsl.OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.19",
        command=["sh", "-c"],
        args=['mkdir -p "$(dirname "$1")"; echo -n $(($0*$0)) > "$1"', x, out],
    )


@dsl.container_component
def producer(msg: str, out: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image="alpine:3.19",
        command=["sh", "-c"],
        args=[dsl.ConcatPlaceholder(["echo ", msg, ' > "$0"']), out],
    )


@dsl.container_component
def gather(xs: list):
    return dsl.ContainerSpec(
        image="alpine:3.19", command=["echo"], args=[dsl.ConcatPlaceholder(["--xs=", xs])]
    )


@dsl.pipeline(name="kfp-loop-items", description="Loop items, fields and collected outputs")
def pipeline(names: list = ["a", "b"]):
    with dsl.ParallelFor([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}], parallelism=2) as d:
        square(x=d.a)
    with dsl.ParallelFor(names) as n:
        p = producer(msg=n)
    gather(xs=dsl.Collected(p.outputs["out"]))

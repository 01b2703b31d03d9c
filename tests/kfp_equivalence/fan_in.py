"""tests/in/fan_in.yaml in the KFP SDK."""

from kfp import dsl


@dsl.container_component
def square(x: int, squared: dsl.OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.20", command=["sh", "-c", 'echo $(($0 * $0)) > "$1"'], args=[x, squared]
    )


@dsl.container_component
def sum(values: list):  # noqa: A001 - the IR's task is called `sum`
    return dsl.ContainerSpec(
        image="python:3.12-alpine",
        command=["python", "-c", "import json,sys; print(sum(json.loads(sys.argv[1])))"],
        args=[values],
    )


@dsl.pipeline(name="fan-in", description="Square numbers in parallel, then sum them")
def pipeline():
    with dsl.ParallelFor([1, 2, 3, 4]) as x:
        s = square(x=x)
    sum(values=dsl.Collected(s.outputs["squared"]))


RENAME = {
    "for-loop-2": "for-loop-1",
    "pipelinechannel--loop-item-param-1": "pipelinechannel--for-loop-1-loop-item",
}

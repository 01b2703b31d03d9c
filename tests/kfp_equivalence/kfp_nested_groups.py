"""tests/in/kfp_nested_groups.yaml in the KFP SDK."""

from kfp import dsl


@dsl.container_component
def flip(out: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image="python:3.11-slim",
        command=["sh", "-c"],
        args=['mkdir -p "$(dirname "$0")"; echo -n heads > "$0"', out],
    )


@dsl.container_component
def make_list(out: dsl.OutputPath(list)):
    return dsl.ContainerSpec(
        image="alpine:3.19",
        command=["sh", "-c"],
        args=['mkdir -p "$(dirname "$0")"; echo -n "[1,2,3]" > "$0"', out],
    )


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[text])


@dsl.container_component
def square(x: int, out: dsl.OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.19",
        command=["sh", "-c"],
        args=['mkdir -p "$(dirname "$1")"; echo -n $(($0*$0)) > "$1"', x, out],
    )


@dsl.pipeline(name="kfp-nested-groups", description="Values passed into nested groups")
def pipeline(msg: str = "m"):
    f = flip()
    ml = make_list()
    with dsl.If(f.outputs["out"] == "heads"):
        with dsl.ParallelFor(ml.outputs["out"]) as item:
            with dsl.If(msg != "skip"):
                echo(text=f.outputs["out"])
                square(x=item)

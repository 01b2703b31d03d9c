"""tests/in/kfp_elif.yaml in the KFP SDK (the shape of KFP's own condition sample)."""

from kfp import dsl


@dsl.container_component
def flip(out: dsl.OutputPath(str)):
    return dsl.ContainerSpec(
        image="python:3.11-slim",
        command=["sh", "-c"],
        args=['mkdir -p "$(dirname "$0")"; echo -n heads > "$0"', out],
    )


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[text])


@dsl.pipeline(name="kfp-elif", description="If, else-if and else as the KFP SDK names them")
def pipeline(threshold: int = 3):
    f = flip()
    with dsl.If(f.outputs["out"] == "heads"):
        echo(text="heads!")
    with dsl.Elif(f.outputs["out"] == "tails"):
        echo(text="tails!")
    with dsl.Else():
        echo(text="other")
    with dsl.If(threshold > 2):
        echo(text=f.outputs["out"])

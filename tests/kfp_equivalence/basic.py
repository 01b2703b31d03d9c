"""tests/in/basic.yaml in the KFP SDK."""

from kfp import dsl


@dsl.container_component
def produce(rows: int, data: dsl.Output[dsl.Dataset], count: dsl.OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c"],
        args=['seq "$0" > "$1" && wc -l < "$1" > "$2"', rows, data.path, count],
    )


@dsl.container_component
def summarise(data: dsl.Input[dsl.Dataset], count: int, label: str = "summary"):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", 'echo "$0: $1 rows"; head "$2"'],
        args=[label, count, data.path],
    )


@dsl.pipeline(name="basic", description="Produce a data set, then summarise it")
def pipeline(label: str, rows: int = 100):
    p = produce(rows=rows)
    summarise(data=p.outputs["data"], count=p.outputs["count"], label=label)

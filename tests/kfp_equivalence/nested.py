"""tests/in/nested.yaml in the KFP SDK: one sub-pipeline, used twice (KFP names a pipeline task
after the pipeline, so each use is a pipeline of its own name with the same body)."""

from typing import NamedTuple

from kfp import dsl


@dsl.container_component
def load(split: str, rows: int, data: dsl.Output[dsl.Dataset]):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", 'seq "$1" > "$2"; echo "$0"'],
        args=[split, rows, data.path],
    )


@dsl.container_component
def clean(raw: dsl.Input[dsl.Dataset], data: dsl.Output[dsl.Dataset], count: dsl.OutputPath(int)):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", 'sort -u "$0" > "$1"; wc -l < "$1" > "$2"'],
        args=[raw.path, data.path, count],
    )


@dsl.container_component
def compare(a: dsl.Input[dsl.Dataset], b: dsl.Input[dsl.Dataset], count: int):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", 'diff "$0" "$1"; echo "$2"'],
        args=[a.path, b.path, count],
    )


Outputs = NamedTuple("Outputs", clean=dsl.Dataset, count=int)


def prep(name):
    @dsl.pipeline(name=name)
    def body(split: str, rows: int = 100) -> Outputs:
        loaded = load(split=split, rows=rows)
        cleaned = clean(raw=loaded.outputs["data"])
        return Outputs(clean=cleaned.outputs["data"], count=cleaned.outputs["count"])

    return body


train_split = prep("train-split")
test_split = prep("test-split")


@dsl.pipeline(
    name="nested", description="Preprocess two splits with a shared sub-pipeline, then compare them"
)
def pipeline():
    train = train_split(split="train")
    test = test_split(split="test", rows=20)
    compare(a=train.outputs["clean"], b=test.outputs["clean"], count=test.outputs["count"])

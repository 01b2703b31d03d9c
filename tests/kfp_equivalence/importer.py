"""tests/in/importer.yaml in the KFP SDK. The IR's S3 repository becomes the pipeline root."""

from kfp import dsl


@dsl.container_component
def evaluate(
    model: dsl.Input[dsl.Model], data: dsl.Input[dsl.Dataset], labels: dsl.Input[dsl.Dataset]
):
    return dsl.ContainerSpec(
        image="ghcr.io/example/evaluate:1.0",
        command=["evaluate"],
        args=[model.path, data.path, labels.path],
    )


@dsl.pipeline(
    name="importer",
    description="Evaluate an existing model on an existing data set",
    pipeline_root="s3://pipelines",
)
def pipeline(model_uri: str = "s3://models/praxi/vw-0.4.model"):
    model = dsl.importer(artifact_uri=model_uri, artifact_class=dsl.Model)
    data = dsl.importer(
        artifact_uri="s3://datasets/snapshots/2024-06.tar", artifact_class=dsl.Dataset
    )
    labels = dsl.importer(artifact_uri="https://example.com/labels.csv", artifact_class=dsl.Dataset)
    evaluate(model=model.output, data=data.output, labels=labels.output)


RENAME = {"importer": "model", "importer-2": "data", "importer-3": "labels"}

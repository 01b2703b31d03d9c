"""tests/in/loop_param.yaml in the KFP SDK."""

from kfp import dsl

from kfp_names import container


def _process(shard: str):
    return dsl.ContainerSpec(image="alpine:3.20", command=["echo"], args=[shard])


process = container("process", _process)
process_listed = container("process-listed", _process)


@dsl.container_component
def list_shards(shards: dsl.OutputPath(list)):
    return dsl.ContainerSpec(
        image="alpine:3.20", command=["sh", "-c", 'echo "[1, 2, 3]" > "$0"'], args=[shards]
    )


@dsl.pipeline(name="loop-param", description="Process shards listed by a parameter and by a task")
def pipeline(shards: list = ["a", "b", "c"]):
    with dsl.ParallelFor(shards) as shard:
        process(shard=shard)
    listed = list_shards()
    with dsl.ParallelFor(listed.outputs["shards"]) as shard:
        process_listed(shard=shard)

"""tests/in/memoize.yaml in the KFP SDK. KFP has no per-task cache age, and uses a cache key
literally, so the IR's key templated on inputs is left to KFP's own key (which covers every input)."""

from kfp import dsl

from kfp_names import container


def _featurize(dataset: str, features: dsl.OutputPath(str), version: int = 1):
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c", 'echo "$0-v$1" > "$2"'],
        args=[dataset, version, features],
    )


from_inputs = container("from-inputs", _featurize)
explicit_key = container("explicit-key", _featurize)
uncached = container("uncached", _featurize)


@dsl.pipeline(name="memoize", description="Reuse expensive results")
def pipeline(dataset: str = "mnist"):
    from_inputs(dataset=dataset).set_caching_options(True)
    explicit_key(dataset=dataset, version=2).set_caching_options(True)
    uncached(dataset="cifar").set_caching_options(False)

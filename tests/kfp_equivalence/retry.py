"""tests/in/retry.yaml in the KFP SDK. KFP retries every failure, so the IR's narrower policy
(`on_transient_error`) has no counterpart."""

from kfp import dsl

from kfp_names import container


def _flaky():
    return dsl.ContainerSpec(image="alpine:3.20", command=["sh", "-c", "exit $((RANDOM % 2))"])


simple = container("simple", _flaky)
backoff = container("backoff", _flaky)


@dsl.pipeline(name="retry", description="Call a flaky service until it answers")
def pipeline():
    simple().set_retry(num_retries=3)
    backoff().set_retry(
        num_retries=5, backoff_duration="10s", backoff_factor=2, backoff_max_duration="5m"
    )

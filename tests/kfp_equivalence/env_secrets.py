"""tests/in/env_secrets.yaml in the KFP SDK (with kfp-kubernetes)."""

from kfp import dsl, kubernetes


@dsl.container_component
def upload():
    return dsl.ContainerSpec(image="amazon/aws-cli:2.17.0", command=["aws", "s3", "ls"])


@dsl.pipeline(name="env-secrets", description="Upload with credentials from a secret")
def pipeline():
    t = upload()
    # The component's own variable first, then the task's, as pipec orders them.
    t.set_env_variable("AWS_DEFAULT_REGION", "eu-central-1")
    t.set_env_variable("LOG_LEVEL", "debug")
    t.set_env_variable("DRY_RUN", "true")
    kubernetes.use_secret_as_env(
        t,
        secret_name="aws-creds",
        secret_key_to_env={"access-key": "AWS_ACCESS_KEY_ID", "secret-key": "AWS_SECRET_ACCESS_KEY"},
    )

"""tests/in/exit_handler.yaml in the KFP SDK."""

from kfp import dsl

from kfp_names import container


def _work(step: str):
    return dsl.ContainerSpec(image="alpine:3.20", command=["echo"], args=[step])


prepare = container("prepare", _work)
run = container("run", _work)


@dsl.container_component
def notify(channel: str, message: str):
    return dsl.ContainerSpec(
        image="curlimages/curl:8.8.0",
        command=["sh", "-c", 'echo "to $0: $1"'],
        args=[channel, message],
    )


@dsl.pipeline(name="exit-handler", description="Run a job and always report afterwards")
def pipeline(channel: str = "#ml-ops"):
    done = notify(channel=channel, message="run {{workflow.name}} finished: {{workflow.status}}")
    with dsl.ExitHandler(done):
        p = prepare(step="prepare")
        run(step="run").after(p)

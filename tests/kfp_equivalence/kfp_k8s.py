"""tests/in/kfp_k8s.yaml in the KFP SDK with kfp-kubernetes."""

from kfp import dsl, kubernetes


@dsl.container_component
def echo(text: str):
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[text])


@dsl.pipeline(name="kfp-k8s", description="Kubernetes settings in the platform document")
def pipeline(pvc: str = "my-pvc", mode: str = "full"):
    t = echo(text="x")
    kubernetes.mount_pvc(t, pvc_name=pvc, mount_path="/data")
    kubernetes.use_secret_as_env(t, secret_name="s", secret_key_to_env={"k": "K", "l": "L"})
    kubernetes.add_node_selector(t, label_key="cloud.google.com/gke-nodepool", label_value="batch")
    kubernetes.add_toleration(t, key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")
    kubernetes.add_toleration(
        t, key="spot", operator="Equal", value="true", effect="NoExecute", toleration_seconds=30
    )
    kubernetes.add_pod_label(t, "team", "ml")
    kubernetes.add_pod_annotation(t, "owner", "pipec")
    kubernetes.set_timeout(t, 120)
    with dsl.If(mode == "full"):
        t2 = echo(text="y")
        kubernetes.mount_pvc(t2, pvc_name=pvc, mount_path="/data", sub_path="sub")


def patch_sdk_output(spec, platform):
    """kfp-kubernetes names the claim of a task inside a group by the *root* input (`pvc`), which
    the group's DAG does not declare, so the KFP backend cannot resolve it. pipec passes the
    parameter into the group as `pipelinechannel--pvc`, as the SDK does for every other value a
    group body reads; make the SDK's output do the same."""
    channel = "pipelinechannel--pvc"
    group = spec["components"]["comp-condition-1"]
    group["inputDefinitions"]["parameters"][channel] = {"parameterType": "STRING"}
    task = spec["root"]["dag"]["tasks"]["condition-1"]
    task["inputs"]["parameters"][channel] = {"componentInputParameter": "pvc"}
    executors = platform["platforms"]["kubernetes"]["deploymentSpec"]["executors"]
    for mount in executors["exec-echo-2"]["pvcMount"]:
        mount["componentInputParameter"] = channel
        mount["pvcNameParameter"] = {"componentInputParameter": channel}

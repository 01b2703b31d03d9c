"""tests/in/resources_gpu.yaml in the KFP SDK (with kfp-kubernetes for the accelerator model,
which pipec writes as a node selector on GKE's accelerator label by default)."""

from kfp import dsl, kubernetes

from kfp_names import container


def _train(size: str):
    return dsl.ContainerSpec(image="ghcr.io/example/train:1.0", command=["train", "--size"], args=[size])


small = container("small", _train)
small_again = container("small-again", _train)
large = container("large", _train)
amd = container("amd", _train)


@dsl.pipeline(name="resources-gpu", description="Train on GPUs")
def pipeline():
    small(size="small").set_cpu_request("500m").set_memory_request("1Gi").set_memory_limit("2Gi")
    small_again(size="small-2").set_cpu_request("500m").set_memory_request("1Gi").set_memory_limit(
        "2Gi"
    )
    big = large(size="large")
    big.set_cpu_request("4").set_cpu_limit("8").set_memory_request("16Gi").set_memory_limit("16Gi")
    big.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(2)
    kubernetes.add_node_selector(
        big, label_key="cloud.google.com/gke-accelerator", label_value="nvidia-tesla-t4"
    )
    amd(size="amd").set_accelerator_type("amd.com/gpu").set_accelerator_limit(1)

"""tests/in/volumes.yaml in the KFP SDK (with kfp-kubernetes)."""

from kfp import dsl, kubernetes

from kfp_names import container


def _copy():
    return dsl.ContainerSpec(image="alpine:3.20", command=["sh", "-c", "cp -r /snapshot/. /scratch/"])


copy = container("copy", _copy)
copy_reference = container("copy-reference", _copy)


@dsl.pipeline(name="volumes", description="Read a snapshot, write to scratch space")
def pipeline(snapshot_pvc: str):
    scratch = kubernetes.CreatePVC(
        pvc_name_suffix="-scratch", access_modes=["ReadWriteOnce"], size="10Gi",
        storage_class_name="fast-ssd",
    )
    shared = kubernetes.CreatePVC(
        pvc_name_suffix="-shared", access_modes=["ReadWriteMany"], size="1Gi"
    )
    c = copy()
    kubernetes.mount_pvc(c, pvc_name=snapshot_pvc, mount_path="/snapshot")
    kubernetes.mount_pvc(c, pvc_name=scratch.outputs["name"], mount_path="/scratch", sub_path="run")
    r = copy_reference()
    kubernetes.mount_pvc(r, pvc_name="reference-data", mount_path="/snapshot")
    kubernetes.mount_pvc(r, pvc_name=shared.outputs["name"], mount_path="/scratch")
    kubernetes.DeletePVC(pvc_name=scratch.outputs["name"]).after(c)
    kubernetes.DeletePVC(pvc_name=shared.outputs["name"]).after(r)

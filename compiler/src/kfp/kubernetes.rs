//! A task's Kubernetes settings as kfp-kubernetes writes them into the platform document:
//! PVC mounts, secrets as env, node selector, tolerations, pod metadata and timeout.

use std::collections::BTreeMap;

use pipec_dsl::ir::{SecretEnv, Task, VolumeMount, VolumeSource};

use super::index::Index;
use super::model::Name;
use super::model::{
    KubernetesExecutorConfig, NodeSelector, PodMetadata, PvcMount, SecretAsEnv, SecretKeyToEnv,
    TaskInputParameter, Toleration,
};
use super::resolve::{TaskInput, resolve_argument};

/// The executor config of a task in the DAG at `dag`. A claim name read from a sibling task adds
/// that task to `dependencies`, as kfp-kubernetes does. An accelerator model becomes a node
/// selector on `accelerator_label` (KFP requests accelerators by resource name only).
pub fn executor_config<'p>(
    task: &'p Task,
    dag: &[Name],
    index: &Index<'p>,
    accelerator_label: &str,
    dependencies: &mut Vec<Name>,
) -> Result<KubernetesExecutorConfig, String> {
    let pod = task.pod();
    let pvc_mount = pod
        .volumes
        .iter()
        .map(|v| pvc_mount(v, dag, index, dependencies))
        .collect::<Result<_, _>>()?;
    let mut labels = BTreeMap::new();
    if let Some(model) = pod
        .resources
        .accelerator
        .as_ref()
        .and_then(|a| a.ty.as_ref())
    {
        labels.insert(accelerator_label.to_string(), model.clone());
    }
    labels.extend(pod.node_selector.clone());
    let node_selector = (!labels.is_empty()).then_some(NodeSelector { labels });
    let pod_metadata =
        (!pod.labels.is_empty() || !pod.annotations.is_empty()).then(|| PodMetadata {
            annotations: pod.annotations.clone(),
            labels: pod.labels.clone(),
        });
    Ok(KubernetesExecutorConfig {
        active_deadline_seconds: pod.timeout_seconds.map(|s| s.to_string()),
        node_selector,
        pod_metadata,
        pvc_mount,
        secret_as_env: secrets_as_env(&pod.secret_env),
        tolerations: pod.tolerations.iter().map(toleration).collect(),
    })
}

fn pvc_mount<'p>(
    v: &'p VolumeMount,
    dag: &[Name],
    index: &Index<'p>,
    dependencies: &mut Vec<Name>,
) -> Result<PvcMount, String> {
    let VolumeSource::Pvc(arg) = &v.source else {
        return Err(format!(
            "volume mounted at {} names a claim the pipeline does not create",
            v.mount_path
        ));
    };
    let resolved = resolve_argument(arg, dag, index)?;
    let TaskInput::Param(name) = resolved.input else {
        return Err(format!(
            "the claim mounted at {} is named by an artifact; pass a string",
            v.mount_path
        ));
    };
    dependencies.extend(resolved.dependency);
    let constant = match name.runtime_value.as_ref().map(|r| &r.constant) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => {
            return Err(format!(
                "the claim mounted at {} is named by {other}; a claim name is a string",
                v.mount_path
            ));
        }
        None => None,
    };
    Ok(PvcMount {
        component_input_parameter: name.component_input_parameter.clone(),
        constant,
        mount_path: v.mount_path.clone(),
        task_output_parameter: name.task_output_parameter.clone(),
        sub_path: v.sub_path.clone(),
        pvc_name_parameter: name,
    })
}

/// One `secretAsEnv` entry per secret, its keys in the order the task lists them.
fn secrets_as_env(vars: &[SecretEnv]) -> Vec<SecretAsEnv> {
    let mut out: Vec<SecretAsEnv> = Vec::new();
    for var in vars {
        let key = SecretKeyToEnv {
            env_var: var.name.clone(),
            secret_key: var.key.clone(),
        };
        match out.iter_mut().find(|s| s.secret_name == var.secret) {
            Some(entry) => entry.key_to_env.push(key),
            None => out.push(SecretAsEnv {
                key_to_env: vec![key],
                optional: false,
                secret_name: var.secret.clone(),
                secret_name_parameter: TaskInputParameter::constant(var.secret.clone().into()),
            }),
        }
    }
    out
}

fn toleration(t: &pipec_dsl::ir::Toleration) -> Toleration {
    Toleration {
        effect: t.effect.clone(),
        key: t.key.clone(),
        operator: t.operator.clone(),
        toleration_seconds: t.toleration_seconds.map(|s| s.to_string()),
        value: t.value.clone(),
    }
}

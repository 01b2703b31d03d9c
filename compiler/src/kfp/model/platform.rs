//! The `platforms.kubernetes` document: per-executor Kubernetes settings, as kfp-kubernetes
//! writes them (`KubernetesExecutorConfig`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Name, SortedMap, TaskInputParameter, TaskOutputParameterSpec};

/// The second YAML document (`PlatformSpec`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformSpec {
    /// Platforms by name; pipec writes only `kubernetes`.
    pub platforms: Platforms,
}

/// `platforms`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Platforms {
    /// The Kubernetes platform.
    pub kubernetes: KubernetesPlatform,
}

/// `platforms.kubernetes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesPlatform {
    /// Per-executor settings.
    pub deployment_spec: PlatformDeploymentSpec,
}

/// `platforms.kubernetes.deploymentSpec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformDeploymentSpec {
    /// Settings by `exec-…` label.
    pub executors: SortedMap<KubernetesExecutorConfig>,
}

/// `KubernetesExecutorConfig`: the Kubernetes settings of one executor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct KubernetesExecutorConfig {
    /// The pod's `activeDeadlineSeconds` (an int64, so a string in JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<String>,
    /// Node labels the pod must run on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<NodeSelector>,
    /// Labels and annotations on the pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_metadata: Option<PodMetadata>,
    /// Mounted PersistentVolumeClaims.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pvc_mount: Vec<PvcMount>,
    /// Environment variables from secrets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secret_as_env: Vec<SecretAsEnv>,
    /// Tolerated taints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
}

impl KubernetesExecutorConfig {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// `nodeSelector`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct NodeSelector {
    /// Required node labels.
    pub labels: BTreeMap<String, String>,
}

/// `podMetadata`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PodMetadata {
    /// Pod annotations.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Pod labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// `pvcMount`. kfp-kubernetes writes the claim name twice: in `pvcNameParameter` and in one of
/// the deprecated `constant` / `componentInputParameter` / `taskOutputParameter` fields, which
/// older backends read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PvcMount {
    /// Deprecated: the claim name from an input of the enclosing DAG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_input_parameter: Option<Name>,
    /// Deprecated: the claim name as a constant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// Where it is mounted.
    pub mount_path: String,
    /// The claim name.
    pub pvc_name_parameter: TaskInputParameter,
    /// A sub-path of the volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    /// Deprecated: the claim name from a task output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_output_parameter: Option<TaskOutputParameterSpec>,
}

/// `secretAsEnv`: keys of one secret as environment variables.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretAsEnv {
    /// Key → variable.
    pub key_to_env: Vec<SecretKeyToEnv>,
    /// Whether the secret may be missing (kfp-kubernetes always writes it).
    pub optional: bool,
    /// Deprecated: the secret's name.
    pub secret_name: String,
    /// The secret's name.
    pub secret_name_parameter: TaskInputParameter,
}

/// One key of a secret as one variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretKeyToEnv {
    /// The variable.
    pub env_var: String,
    /// The key in the secret.
    pub secret_key: String,
}

/// `tolerations[]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    /// The taint key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `Equal` or `Exists`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Seconds the pod stays bound after a `NoExecute` taint appears (int64, so a string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<String>,
    /// The taint value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

//! A task: one call of a component, with its arguments and settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ArgumentMap, Caching, EnvVar, Resources, Retry, SecretEnv, Toleration, VolumeMount};

/// One call of a component inside a scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The task's name, unique in the pipeline (a DNS-1123 label after sanitising).
    pub name: String,
    /// The component it runs (a key of the pipeline's `components`).
    pub component: String,
    /// Values for the component's inputs, by input name.
    #[serde(default, skip_serializing_if = "ArgumentMap::is_empty")]
    pub arguments: ArgumentMap,
    /// Tasks or groups that must finish first although no data flows from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// A human-friendly name for UIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// CPU, memory and accelerators.
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    pub resources: Resources,
    /// Retries on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// Result caching (KFP caching, Argo memoization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caching: Option<Caching>,
    /// Fail the task after this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// Extra environment variables with literal values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Environment variables read from Kubernetes secrets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_env: Vec<SecretEnv>,
    /// Volumes mounted into the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<VolumeMount>,
    /// Node labels the pod must run on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    /// Taints the pod tolerates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    /// Labels on the pod.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations on the pod.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

impl Task {
    /// A task calling `component` with no arguments or settings yet.
    pub fn new(name: impl Into<String>, component: impl Into<String>) -> Self {
        Task {
            name: name.into(),
            component: component.into(),
            ..Task::default()
        }
    }

    /// Whether the task sets anything that applies to its pod: resources, retry, caching,
    /// timeout, env, secrets, volumes, scheduling constraints, labels or annotations. Every field
    /// is named, so a new field of `Task` must be sorted here.
    ///
    /// ```
    /// use pipec_dsl::ir::Task;
    /// let mut t = Task::new("train", "train");
    /// assert!(!t.has_pod_settings());
    /// t.timeout_seconds = Some(60);
    /// assert!(t.has_pod_settings());
    /// ```
    pub fn has_pod_settings(&self) -> bool {
        let Task {
            name: _,
            component: _,
            arguments: _,
            after: _,
            display_name: _,
            resources,
            retry,
            caching,
            timeout_seconds,
            env,
            secret_env,
            volumes,
            node_selector,
            tolerations,
            labels,
            annotations,
        } = self;
        !resources.is_empty()
            || retry.is_some()
            || caching.is_some()
            || timeout_seconds.is_some()
            || !env.is_empty()
            || !secret_env.is_empty()
            || !volumes.is_empty()
            || !node_selector.is_empty()
            || !tolerations.is_empty()
            || !labels.is_empty()
            || !annotations.is_empty()
    }
}

//! Per-task runtime settings: compute resources, retries, caching, env from secrets, volumes and
//! scheduling constraints.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Argument;

/// CPU, memory and accelerator requests and limits. Quantities use Kubernetes notation
/// (`500m`, `2`, `4Gi`, `1e3`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// CPU the scheduler reserves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_request: Option<String>,
    /// CPU the container may use at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_limit: Option<String>,
    /// Memory the scheduler reserves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_request: Option<String>,
    /// Memory the container may use at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_limit: Option<String>,
    /// GPUs or other accelerators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<Accelerator>,
}

impl Resources {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        // Field by field, so a new field must be added here; comparing against a default built
        // for it cost more than the rest of `PodSettings::is_empty`.
        let Resources {
            cpu_request,
            cpu_limit,
            memory_request,
            memory_limit,
            accelerator,
        } = self;
        cpu_request.is_none()
            && cpu_limit.is_none()
            && memory_request.is_none()
            && memory_limit.is_none()
            && accelerator.is_none()
    }
}

/// Accelerators for a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accelerator {
    /// How many.
    pub count: u32,
    /// The extended resource name, e.g. `nvidia.com/gpu` or `amd.com/gpu`.
    #[serde(default = "Accelerator::default_resource")]
    pub resource: String,
    /// The accelerator model, e.g. `nvidia-tesla-t4`; becomes a node selector on Argo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "type")]
    pub ty: Option<String>,
}

impl Accelerator {
    /// `nvidia.com/gpu`, the resource used when none is named.
    pub const NVIDIA_GPU: &'static str = "nvidia.com/gpu";

    fn default_resource() -> String {
        Self::NVIDIA_GPU.to_string()
    }

    /// `count` NVIDIA GPUs.
    pub fn gpus(count: u32) -> Self {
        Accelerator {
            count,
            resource: Self::default_resource(),
            ty: None,
        }
    }
}

/// Retries on failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// How many retries after the first attempt.
    pub limit: u32,
    /// Which failures are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<RetryPolicy>,
    /// Waiting between attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff: Option<Backoff>,
}

/// Which failures a retry applies to (Argo's `retryPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RetryPolicy {
    /// Any failure or error.
    Always,
    /// The container failed (non-zero exit).
    OnFailure,
    /// Kubernetes or the engine errored.
    OnError,
    /// Transient errors only.
    OnTransientError,
}

/// Exponential backoff between retries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backoff {
    /// The first wait, as a duration (`30s`, `2m`, `1h`).
    pub duration: String,
    /// The factor each wait grows by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    /// The longest wait, as a duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
}

/// Result caching: KFP's cache, Argo's memoization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Caching {
    /// Whether results are reused.
    pub enabled: bool,
    /// An explicit cache key; by default derived from the inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// How old a cached result may be, as a duration (`24h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    /// Argo only: the config map that holds memoized results (default `pipec-memo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map: Option<String>,
}

/// An environment variable from a key of a Kubernetes secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretEnv {
    /// The variable's name.
    pub name: String,
    /// The secret's name.
    pub secret: String,
    /// The key within the secret.
    pub key: String,
}

/// A volume mounted into a task's container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeMount {
    /// Where it is mounted.
    pub mount_path: String,
    /// What is mounted.
    pub source: VolumeSource,
    /// A sub-path of the volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
}

/// The volume behind a [`VolumeMount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VolumeSource {
    /// An existing PersistentVolumeClaim; its name may be a constant or a pipeline parameter.
    Pvc(Argument),
    /// A claim the pipeline creates (one of the pipeline's `settings.volumes`), by name.
    Created(String),
}

/// A toleration of a node taint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Toleration {
    /// The taint key; empty with `Exists` tolerates everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `Equal` (default) or `Exists`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The taint value, for `Equal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
    /// For `NoExecute`: how long the pod stays bound after the taint appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_field_set_makes_resources_non_empty() {
        assert!(Resources::default().is_empty());
        let set_one: [fn(&mut Resources); 5] = [
            |r| r.cpu_request = Some("1".into()),
            |r| r.cpu_limit = Some("1".into()),
            |r| r.memory_request = Some("1Gi".into()),
            |r| r.memory_limit = Some("1Gi".into()),
            |r| {
                r.accelerator = Some(Accelerator {
                    count: 1,
                    resource: "nvidia.com/gpu".into(),
                    ty: None,
                })
            },
        ];
        for (i, set) in set_one.iter().enumerate() {
            let mut r = Resources::default();
            set(&mut r);
            assert!(!r.is_empty(), "field {i}: {r:?}");
        }
    }
}

//! Pipeline-wide settings: artifact storage, identity, metadata, lifetime, schedule and tuning.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Tuning;

/// Settings that apply to the whole pipeline run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where artifacts are stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_repository: Option<ArtifactRepository>,
    /// KFP's pipeline root (`s3://bucket/prefix`), where artifacts go by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_root: Option<String>,
    /// The Kubernetes namespace to run in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The service account pods run as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// Labels on the workflow object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations on the workflow object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Delete the run this many seconds after it finishes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<u32>,
    /// When to delete finished pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_gc: Option<PodGc>,
    /// At most this many pods at once in the whole run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    /// Fail the whole run after this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// Run on a schedule (Argo `CronWorkflow`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Volume claims the pipeline creates for its run (Argo `volumeClaimTemplates`, KFP `CreatePVC`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<VolumeClaim>,
    /// Tune some parameters for a metric (the Katib target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<Tuning>,
}

impl Settings {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Settings::default()
    }
}

/// Where a pipeline's artifacts are stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ArtifactRepository {
    /// An S3-compatible bucket (AWS S3, MinIO, Pachyderm's S3 gateway).
    S3(S3Repository),
    /// A repository configured in the cluster: a key of a config map (Argo `artifactRepositoryRef`).
    Ref {
        /// The config map's name (Argo's default is `artifact-repositories`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        config_map: Option<String>,
        /// The key in the config map.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    },
}

/// An S3-compatible bucket. Credentials are always references to a Kubernetes secret, never values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Repository {
    /// The bucket, e.g. `subjects-data`.
    pub bucket: String,
    /// The endpoint, `host:port` without scheme, e.g. `minio.default:9000`.
    pub endpoint: String,
    /// Use plain HTTP.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insecure: bool,
    /// The region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A prefix for every key the pipeline writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_prefix: Option<String>,
    /// The secret key holding the access key.
    pub access_key: SecretKeyRef,
    /// The secret key holding the secret key.
    pub secret_key: SecretKeyRef,
}

/// A key of a Kubernetes secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretKeyRef {
    /// The secret's name.
    pub name: String,
    /// The key.
    pub key: String,
}

/// When finished pods are deleted (Argo `podGC.strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PodGc {
    /// Each pod as soon as it completes.
    OnPodCompletion,
    /// Each pod as soon as it succeeds.
    OnPodSuccess,
    /// All pods when the run completes.
    OnWorkflowCompletion,
    /// All pods when the run succeeds.
    OnWorkflowSuccess,
}

/// A cron schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Cron expression, e.g. `0 3 * * *`.
    pub cron: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// What to do when a run is due while the previous one still runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_policy: Option<ConcurrencyPolicy>,
}

/// Cron concurrency policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ConcurrencyPolicy {
    /// Run both.
    Allow,
    /// Skip the new run.
    Forbid,
    /// Stop the old run and start the new one.
    Replace,
}

/// A volume claim the pipeline creates for its run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeClaim {
    /// The claim's name within the pipeline.
    pub name: String,
    /// Its size, e.g. `10Gi`.
    pub size: String,
    /// Access modes, e.g. `ReadWriteOnce` (the default when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    /// The storage class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
}

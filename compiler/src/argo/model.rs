//! The Argo Workflows objects pipec writes, as typed structs.
//!
//! Field names serialise in camelCase and empty fields are left out, so the YAML reads like a
//! hand-written workflow. Kubernetes objects embedded in templates (container, environment,
//! resources, volumes, tolerations, object metadata) are k8s-openapi types. Fields Argo types as
//! `IntOrString` (`retryStrategy.limit`, a template's `activeDeadlineSeconds`, `backoff.factor`)
//! are written as strings, the one form both the JSON schema and the CRD accept.
//!
//! The model is public and plain so that other backends (Katib embeds a lowered Workflow) can
//! edit it before writing, e.g. add a pod label to one template.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Serialize, Serializer};

/// The API group and version of every Argo object.
pub const API_VERSION: &str = "argoproj.io/v1alpha1";

/// One Argo object: a `Workflow`, `WorkflowTemplate` or `CronWorkflow`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Always [`API_VERSION`].
    pub api_version: String,
    /// `Workflow`, `WorkflowTemplate` or `CronWorkflow`.
    pub kind: String,
    /// Name (or `generateName`), namespace, labels and annotations.
    pub metadata: ObjectMeta,
    /// The workflow spec, or the cron spec wrapping it.
    pub spec: Spec,
}

impl Document {
    /// The workflow spec, also when it is wrapped in a cron spec.
    pub fn workflow_spec(&self) -> &WorkflowSpec {
        match &self.spec {
            Spec::Workflow(w) => w,
            Spec::Cron(c) => &c.workflow_spec,
        }
    }

    /// The workflow spec, mutably, also when it is wrapped in a cron spec.
    pub fn workflow_spec_mut(&mut self) -> &mut WorkflowSpec {
        match &mut self.spec {
            Spec::Workflow(w) => w,
            Spec::Cron(c) => &mut c.workflow_spec,
        }
    }
}

/// The spec of a [`Document`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Spec {
    /// A `Workflow` or `WorkflowTemplate` spec.
    Workflow(WorkflowSpec),
    /// A `CronWorkflow` spec.
    Cron(CronWorkflowSpec),
}

/// `CronWorkflow.spec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CronWorkflowSpec {
    /// Cron expressions (Argo 4 removed the single `schedule` field).
    pub schedules: Vec<String>,
    /// IANA time zone of the schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// `Allow`, `Forbid` or `Replace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency_policy: Option<String>,
    /// The workflow each run creates.
    pub workflow_spec: WorkflowSpec,
}

/// `Workflow.spec` (also a `WorkflowTemplate`'s and a `CronWorkflow`'s `workflowSpec`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowSpec {
    /// The template that runs first.
    pub entrypoint: String,
    /// The pipeline's parameters.
    #[serde(skip_serializing_if = "Arguments::is_empty")]
    pub arguments: Arguments,
    /// The service account pods run as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// At most this many pods at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    /// Fail the run after this many seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<u64>,
    /// When the finished workflow is deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl_strategy: Option<TtlStrategy>,
    /// When finished pods are deleted.
    #[serde(rename = "podGC", skip_serializing_if = "Option::is_none")]
    pub pod_gc: Option<PodGc>,
    /// A repository configured in the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact_repository_ref: Option<ArtifactRepositoryRef>,
    /// Claims created for the run and deleted with it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<VolumeClaimTemplate>,
    /// Every template: DAGs first, then steps, in the order they were created.
    pub templates: Vec<Template>,
}

impl WorkflowSpec {
    /// The template with this name.
    pub fn template(&self, name: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.name == name)
    }

    /// The template with this name, mutably.
    pub fn template_mut(&mut self, name: &str) -> Option<&mut Template> {
        self.templates.iter_mut().find(|t| t.name == name)
    }
}

/// `ttlStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TtlStrategy {
    /// Seconds after the workflow completes, whatever its outcome.
    pub seconds_after_completion: u32,
}

/// `podGC`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodGc {
    /// `OnPodCompletion`, `OnPodSuccess`, `OnWorkflowCompletion` or `OnWorkflowSuccess`.
    pub strategy: String,
}

/// `artifactRepositoryRef`: a key of a config map that describes the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactRepositoryRef {
    /// The config map (Argo's default is `artifact-repositories`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_map: Option<String>,
    /// The key (Argo's default is the config map's default-repository annotation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// One of `volumeClaimTemplates`: only metadata and spec, as Argo's examples write it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolumeClaimTemplate {
    /// The claim's name, used as the volume name in `volumeMounts`.
    pub metadata: ObjectMeta,
    /// Size, access modes and storage class.
    pub spec: core::PersistentVolumeClaimSpec,
}

/// A template: a DAG, a container or a Kubernetes resource step.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    /// Unique in the workflow.
    pub name: String,
    /// Parameters and artifacts the template takes.
    #[serde(skip_serializing_if = "Inputs::is_empty")]
    pub inputs: Inputs,
    /// Parameters and artifacts it produces.
    #[serde(skip_serializing_if = "Outputs::is_empty")]
    pub outputs: Outputs,
    /// Pod labels and annotations.
    #[serde(skip_serializing_if = "TemplateMetadata::is_empty")]
    pub metadata: TemplateMetadata,
    /// Reuse of earlier results. This, the retries and the resource step are boxed: most
    /// templates of a large pipeline set none of them (100,000 tasks in nested conditions make
    /// 50,000 DAG templates), and inline they were half of every template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memoize: Option<Box<Memoize>>,
    /// Retries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_strategy: Option<Box<RetryStrategy>>,
    /// Fail after this many seconds (an `IntOrString`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<String>,
    /// At most this many children at once within one run of this template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    /// Node labels the pod must run on.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    /// Taints the pod tolerates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<core::Toleration>,
    /// Volumes of the pod.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<core::Volume>,
    /// A container step. Boxed: a Kubernetes container is large, and most templates of a large
    /// pipeline are DAGs without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<Box<core::Container>>,
    /// A Kubernetes resource step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Box<ResourceTemplate>>,
    /// A DAG of tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<DagTemplate>,
}

/// A template's `metadata`: what its pod is labelled and annotated with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TemplateMetadata {
    /// Pod labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Pod annotations.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

impl TemplateMetadata {
    /// Whether no label or annotation is set.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.annotations.is_empty()
    }
}

/// `inputs` of a template.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Inputs {
    /// Input parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Input artifacts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<Artifact>,
}

impl Inputs {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.artifacts.is_empty()
    }
}

/// `outputs` of a template.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outputs {
    /// Output parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Output artifacts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<Artifact>,
}

impl Outputs {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.artifacts.is_empty()
    }
}

/// `arguments` of a workflow, DAG task or hook.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Arguments {
    /// Parameter values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Artifact sources.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<Artifact>,
}

impl Arguments {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.artifacts.is_empty()
    }
}

/// A parameter: an input (with a default), an argument (with a value) or an output (with
/// `valueFrom`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// The name (`[-a-zA-Z0-9_]+`).
    pub name: String,
    /// The value passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The value used when none is passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Where an output's value is read from. Boxed: only outputs set it, and every argument
    /// and input of every DAG task is a `Parameter` too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Box<ValueFrom>>,
    /// What the parameter means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `valueFrom` of an output parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueFrom {
    /// A file the container wrote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Another parameter (a DAG template's output taken from one of its tasks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// A JSONPath into the object a resource step acted on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
}

/// An artifact: an input (`path`), an output (`path`, maybe a storage location), an argument
/// (`from` or a source such as `s3`) or a DAG template output (`from`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    /// The name (`[-a-zA-Z0-9_]+`).
    pub name: String,
    /// Where it is in the container.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Another artifact, e.g. `{{tasks.train.outputs.artifacts.model}}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The task may run without it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// An S3-compatible location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Artifact>,
    /// A Google Cloud Storage location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gcs: Option<GcsArtifact>,
    /// An HTTP(S) URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpArtifact>,
}

/// An S3-compatible object (AWS S3, MinIO). Credentials are secret references.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct S3Artifact {
    /// `host:port`, without scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The bucket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// The region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Plain HTTP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// The object key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The secret key holding the access key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<core::SecretKeySelector>,
    /// The secret key holding the secret key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key_secret: Option<core::SecretKeySelector>,
}

/// A Google Cloud Storage object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GcsArtifact {
    /// The bucket.
    pub bucket: String,
    /// The object key.
    pub key: String,
}

/// An artifact downloaded over HTTP(S).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpArtifact {
    /// The URL.
    pub url: String,
}

/// `retryStrategy`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryStrategy {
    /// Retries after the first attempt (an `IntOrString`).
    pub limit: String,
    /// `Always`, `OnFailure`, `OnError` or `OnTransientError`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<String>,
    /// Waiting between attempts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backoff: Option<Backoff>,
}

/// `retryStrategy.backoff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Backoff {
    /// The first wait (`30s`, `2m`).
    pub duration: String,
    /// The factor each wait grows by (an `IntOrString`; Argo reads it as an integer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<String>,
    /// The longest wait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<String>,
}

/// `memoize`: reuse the outputs of an earlier run with the same key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Memoize {
    /// The cache key, usually built from the inputs.
    pub key: String,
    /// How old a cached entry may be. The schema requires the field; empty means no limit.
    pub max_age: String,
    /// Where entries are kept.
    pub cache: MemoizeCache,
}

/// `memoize.cache`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemoizeCache {
    /// The config map holding the entries.
    pub config_map: CacheConfigMap,
}

/// `memoize.cache.configMap`. Argo 3 types it as a config-map key selector (its schema requires
/// `key`); Argo 4 as a plain reference whose CRD rejects `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheConfigMap {
    /// The config map's name.
    pub name: String,
    /// Argo 3 only: a key of the config map (unused by the controller, required by the schema).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// `resource`: act on a Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTemplate {
    /// `create`, `apply`, `patch`, `replace` or `delete`.
    pub action: String,
    /// Make the workflow the owner of the object.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub set_owner_reference: bool,
    /// When the step succeeded, e.g. `status.state == Available`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_condition: Option<String>,
    /// When the step failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_condition: Option<String>,
    /// The object, as YAML with `{{inputs.parameters.…}}` references.
    pub manifest: String,
}

/// `dag`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DagTemplate {
    /// The tasks, in the pipeline's declaration order.
    pub tasks: Vec<DagTask>,
}

/// One task of a DAG.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DagTask {
    /// Unique in the DAG.
    pub name: String,
    /// The template it runs. Shared: the tasks of one component usually run one template.
    #[serde(serialize_with = "shared_str")]
    pub template: Arc<str>,
    /// Tasks that finish first, joined with `&&`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depends: Option<String>,
    /// Run only when this govaluate expression holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Run once per item of this list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_items: Option<Vec<serde_json::Value>>,
    /// Run once per item of this JSON list, known at run time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_param: Option<String>,
    /// Values for the template's inputs.
    #[serde(skip_serializing_if = "Arguments::is_empty")]
    pub arguments: Arguments,
    /// Templates run at points of the task's life; `exit` runs when it ends, however it ends.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hooks: BTreeMap<String, LifecycleHook>,
}

/// A hook of a DAG task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifecycleHook {
    /// The template it runs.
    #[serde(serialize_with = "shared_str")]
    pub template: Arc<str>,
    /// Values for that template's inputs.
    #[serde(skip_serializing_if = "Arguments::is_empty")]
    pub arguments: Arguments,
}

/// A shared name, written as the string it holds.
fn shared_str<S: Serializer>(name: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_parameters_keep_their_rare_parts_boxed() {
        // A large pipeline holds a template per DAG and a parameter per argument: the parts only
        // a few set (memoize, retries, resource step, value_from) stay out of line.
        assert!(size_of::<Template>() <= 360, "{}", size_of::<Template>());
        assert!(size_of::<Parameter>() <= 104, "{}", size_of::<Parameter>());
    }
}

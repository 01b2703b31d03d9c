//! `deploymentSpec`: how container and importer components run.

use super::SortedMap;

use serde::Serialize;
use serde_json::Value;

use super::ArtifactTypeSchema;

/// `deploymentSpec`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DeploymentSpec {
    /// Executors by `exec-…` label.
    pub executors: SortedMap<ExecutorSpec>,
}

/// One executor.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ExecutorSpec {
    /// A container.
    Container(ContainerSpec),
    /// An importer of an existing artifact.
    Importer(ImporterSpec),
}

/// `PipelineContainerSpec`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerSpec {
    /// Arguments, with `{{$.…}}` placeholders.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// The entrypoint.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// Environment variables with literal values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// The image.
    pub image: String,
    /// CPU, memory and accelerators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceSpec>,
}

/// An environment variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EnvVar {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// `resources`, as the current SDK writes them: Kubernetes quantity strings. (The SDK also writes
/// deprecated float fields; the KFP driver reads these string fields first.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSpec {
    /// Accelerators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<AcceleratorConfig>,
    /// CPU limit, e.g. `2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_cpu_limit: Option<String>,
    /// CPU request, e.g. `500m`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_cpu_request: Option<String>,
    /// Memory limit, e.g. `4Gi`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_memory_limit: Option<String>,
    /// Memory request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_memory_request: Option<String>,
}

/// `accelerator`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceleratorConfig {
    /// How many, as a string.
    pub resource_count: String,
    /// The extended resource, e.g. `nvidia.com/gpu`.
    pub resource_type: String,
}

/// `importer`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImporterSpec {
    /// The URI: a constant or the importer's `uri` input.
    pub artifact_uri: ValueOrRuntimeParameter,
    /// Import again even if known.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reimport: bool,
    /// The imported artifact's type.
    pub type_schema: ArtifactTypeSchema,
}

/// A constant or the name of a runtime parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ValueOrRuntimeParameter {
    /// A constant.
    Constant(Value),
    /// An input parameter of the component.
    RuntimeParameter(String),
}

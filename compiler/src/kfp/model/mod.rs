//! The typed model of what the KFP backend writes: the `PipelineSpec` document and the
//! `platforms.kubernetes` document.
//!
//! Field names are lowerCamelCase as in KFP's JSON form of the protos; struct fields are declared
//! in alphabetical order and maps are sorted by key (`SortedMap`), so the YAML keys come out
//! sorted the way the KFP SDK sorts them.

mod executor;
mod name;
mod platform;
mod sorted_map;
mod spec;

pub use executor::{
    AcceleratorConfig, ContainerSpec, DeploymentSpec, EnvVar, ExecutorSpec, ImporterSpec,
    ResourceSpec, ValueOrRuntimeParameter,
};
pub use name::Name;
pub use platform::{
    KubernetesExecutorConfig, KubernetesPlatform, NodeSelector, PlatformDeploymentSpec,
    PlatformSpec, Platforms, PodMetadata, PvcMount, SecretAsEnv, SecretKeyToEnv, Toleration,
};
pub use sorted_map::SortedMap;
pub use spec::{
    ArtifactSelector, ArtifactSpec, ArtifactTypeSchema, CachingOptions, ComponentRef,
    ComponentSpec, DagOutputArtifact, DagOutputParameter, DagOutputs, DagSpec, InputArtifactSpec,
    IoDefinitions, ItemsSpec, IteratorPolicy, ParameterIterator, ParameterSelector, ParameterSpec,
    ParameterType, PipelineInfo, PipelineSpec, RetryPolicy, RuntimeValue, TaskInfo,
    TaskInputParameter, TaskInputs, TaskOutputArtifactSpec, TaskOutputParameterSpec, TaskSpec,
    TriggerPolicy,
};

use serde::Serialize;

/// Everything the KFP backend emits for one pipeline: the pipeline spec and, when any task has
/// Kubernetes settings, the platform spec written as a second YAML document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KfpPipeline {
    /// The `PipelineSpec` (first document).
    pub spec: PipelineSpec,
    /// The `platforms.kubernetes` document, if any task needs one.
    pub platform: Option<PlatformSpec>,
}

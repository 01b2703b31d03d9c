//! `PipelineSpec`: pipeline info, components (container and DAG), tasks and their inputs.

use super::{Name, SortedMap};

use serde::Serialize;
use serde_json::Value;

use super::DeploymentSpec;

/// The whole KFP v2 pipeline (`ml_pipelines.PipelineSpec`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineSpec {
    /// Every component a task refers to, by `comp-…` name.
    pub components: SortedMap<ComponentSpec, Name>,
    /// Where artifacts go unless a run says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_pipeline_root: Option<String>,
    /// The executors (`exec-…`) of the container and importer components.
    pub deployment_spec: DeploymentSpec,
    /// Name and description.
    pub pipeline_info: PipelineInfo,
    /// The pipeline's own DAG component.
    pub root: ComponentSpec,
    /// Always `2.1.0`, the only version the KFP backend accepts.
    pub schema_version: String,
    /// The tool that wrote the spec, e.g. `pipec-0.1.0`.
    pub sdk_version: String,
}

/// `PipelineInfo`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineInfo {
    /// What the pipeline does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The pipeline's name.
    pub name: String,
}

/// A component: its interface and either an executor or a DAG.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ComponentSpec {
    /// The DAG of a pipeline, group or nested pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dag: Option<DagSpec>,
    /// The `exec-…` label of a container or importer component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executor_label: Option<String>,
    /// Inputs.
    #[serde(skip_serializing_if = "IoDefinitions::is_empty")]
    pub input_definitions: IoDefinitions,
    /// Outputs.
    #[serde(skip_serializing_if = "IoDefinitions::is_empty")]
    pub output_definitions: IoDefinitions,
}

/// `inputDefinitions` / `outputDefinitions`: parameters and artifacts by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct IoDefinitions {
    /// Artifacts.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub artifacts: SortedMap<ArtifactSpec>,
    /// Parameters.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub parameters: SortedMap<ParameterSpec>,
}

impl IoDefinitions {
    /// Whether nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.artifacts.is_empty() && self.parameters.is_empty()
    }
}

/// A parameter input or output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSpec {
    /// The value used when none is passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether a task may leave it unset.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_optional: bool,
    /// The type.
    pub parameter_type: ParameterType,
}

/// KFP's parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParameterType {
    /// A string.
    String,
    /// An integer.
    NumberInteger,
    /// A double.
    NumberDouble,
    /// `true` / `false`.
    Boolean,
    /// A JSON list.
    List,
    /// A JSON object.
    Struct,
}

/// An artifact input or output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactSpec {
    /// The artifact's type.
    pub artifact_type: ArtifactTypeSchema,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A list of artifacts (fan-in of a loop).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_artifact_list: bool,
    /// Whether a task may leave it unset.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_optional: bool,
}

/// `artifactType`: a `system.*` schema title and its version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactTypeSchema {
    /// E.g. `system.Dataset`.
    pub schema_title: String,
    /// Always `0.0.1` for the `system.*` types.
    pub schema_version: String,
}

/// The DAG of a DAG component.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DagSpec {
    /// Values the DAG exposes as the component's outputs.
    #[serde(skip_serializing_if = "DagOutputs::is_empty")]
    pub outputs: DagOutputs,
    /// The tasks, by key.
    pub tasks: SortedMap<TaskSpec, Name>,
}

/// `dag.outputs`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct DagOutputs {
    /// Artifact outputs.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub artifacts: SortedMap<DagOutputArtifact>,
    /// Parameter outputs.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub parameters: SortedMap<DagOutputParameter>,
}

impl DagOutputs {
    /// Whether the DAG exposes nothing.
    pub fn is_empty(&self) -> bool {
        self.artifacts.is_empty() && self.parameters.is_empty()
    }
}

/// An artifact output of a DAG, taken from one of its tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DagOutputArtifact {
    /// Where it comes from.
    pub artifact_selectors: Vec<ArtifactSelector>,
}

/// One source of a DAG artifact output.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactSelector {
    /// The task's output name.
    pub output_artifact_key: String,
    /// The task's key in the DAG.
    pub producer_subtask: String,
}

/// A parameter output of a DAG, taken from one of its tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DagOutputParameter {
    /// Where it comes from.
    pub value_from_parameter: ParameterSelector,
}

/// The source of a DAG parameter output.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSelector {
    /// The task's output name.
    pub output_parameter_key: String,
    /// The task's key in the DAG.
    pub producer_subtask: String,
}

/// One task of a DAG (`PipelineTaskSpec`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSpec {
    /// Result caching; absent on group tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caching_options: Option<CachingOptions>,
    /// The component it runs.
    pub component_ref: ComponentRef,
    /// Sibling tasks that must finish first, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependent_tasks: Vec<Name>,
    /// Input values.
    #[serde(skip_serializing_if = "TaskInputs::is_empty")]
    pub inputs: TaskInputs,
    /// How many loop iterations run at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterator_policy: Option<IteratorPolicy>,
    /// The loop of a `for-loop-N` group task (boxed: few tasks have one, and every task's
    /// spec is moved and read in full).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter_iterator: Option<Box<ParameterIterator>>,
    /// Retries on failure (boxed: few tasks retry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_policy: Option<Box<RetryPolicy>>,
    /// The name shown in the UI.
    pub task_info: TaskInfo,
    /// When the task runs: a condition, or after its upstream tasks whatever their outcome
    /// (boxed: only group and exit tasks have one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_policy: Option<Box<TriggerPolicy>>,
}

/// `cachingOptions`; `{}` means caching is off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CachingOptions {
    /// An explicit cache key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_key: Option<String>,
    /// Whether cached results are reused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enable_cache: bool,
}

/// `componentRef`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentRef {
    /// The `comp-…` name.
    pub name: Name,
}

/// `taskInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskInfo {
    /// The display name.
    pub name: Name,
}

/// `iteratorPolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IteratorPolicy {
    /// At most this many iterations at once.
    pub parallelism_limit: u32,
}

/// `parameterIterator`: the loop's item input and the items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterIterator {
    /// The group input that receives each item.
    pub item_input: String,
    /// The items.
    pub items: ItemsSpec,
}

/// The items of a loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ItemsSpec {
    /// A list-typed input of the group task.
    InputParameter(String),
    /// A literal list, as a JSON string.
    Raw(String),
}

/// `retryPolicy`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryPolicy {
    /// The first wait, e.g. `60s`.
    pub backoff_duration: String,
    /// The factor each wait grows by.
    pub backoff_factor: f64,
    /// The longest wait, e.g. `3600s`.
    pub backoff_max_duration: String,
    /// Retries after the first attempt.
    pub max_retry_count: u32,
}

/// `triggerPolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerPolicy {
    /// A CEL condition over the task's inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// `ALL_UPSTREAM_TASKS_COMPLETED` for exit tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
}

/// `inputs` of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TaskInputs {
    /// Artifact inputs.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub artifacts: SortedMap<InputArtifactSpec, Name>,
    /// Parameter inputs.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub parameters: SortedMap<TaskInputParameter, Name>,
}

impl TaskInputs {
    /// Whether no input is passed.
    pub fn is_empty(&self) -> bool {
        self.artifacts.is_empty() && self.parameters.is_empty()
    }
}

/// Where a task's artifact input comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InputArtifactSpec {
    /// An artifact input of the enclosing DAG component.
    ComponentInputArtifact(Name),
    /// An artifact output of a sibling task.
    TaskOutputArtifact(TaskOutputArtifactSpec),
}

/// `taskOutputArtifact`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskOutputArtifactSpec {
    /// The output's name.
    pub output_artifact_key: Name,
    /// The producing sibling task.
    pub producer_task: Name,
}

/// Where a task's parameter input comes from (`InputParameterSpec`): exactly one of
/// `componentInputParameter`, `runtimeValue` and `taskOutputParameter` is set. The fields are
/// separate so that they serialise in KFP's sorted key order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TaskInputParameter {
    /// A parameter input of the enclosing DAG component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_input_parameter: Option<Name>,
    /// A CEL selector applied to the value, e.g. `parseJson(string_value)["a"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter_expression_selector: Option<Box<str>>,
    /// A constant (boxed: a JSON value is large, and most inputs read another task's output).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_value: Option<Box<RuntimeValue>>,
    /// A parameter output of a sibling task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_output_parameter: Option<TaskOutputParameterSpec>,
}

impl TaskInputParameter {
    /// An input of the enclosing DAG component.
    pub fn component_input(name: impl Into<Name>) -> Self {
        TaskInputParameter {
            component_input_parameter: Some(name.into()),
            ..Self::default()
        }
    }

    /// A constant.
    pub fn constant(value: Value) -> Self {
        TaskInputParameter {
            runtime_value: Some(Box::new(RuntimeValue { constant: value })),
            ..Self::default()
        }
    }

    /// An output of a sibling task.
    pub fn task_output(producer: impl Into<Name>, output: impl Into<Name>) -> Self {
        TaskInputParameter {
            task_output_parameter: Some(TaskOutputParameterSpec {
                output_parameter_key: output.into(),
                producer_task: producer.into(),
            }),
            ..Self::default()
        }
    }
}

/// `runtimeValue`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RuntimeValue {
    /// The constant.
    pub constant: Value,
}

/// `taskOutputParameter`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskOutputParameterSpec {
    /// The output's name.
    pub output_parameter_key: Name,
    /// The producing sibling task.
    pub producer_task: Name,
}

//! The pipeline: the unit that is compiled, and (nested) a component of another pipeline.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Component, Dag, IoType, Node, ParamType, Settings, TaskOutputRef};

/// The version of the IR format this crate reads and writes.
pub const IR_VERSION: &str = "pipec.dev/ir/v1alpha1";

fn default_version() -> String {
    IR_VERSION.to_string()
}

/// A whole pipeline: parameters, the components its tasks call, and a DAG of tasks and scopes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// The IR format version, [`IR_VERSION`].
    #[serde(default = "default_version")]
    pub ir_version: String,
    /// The pipeline's name: a DNS-1123 label after sanitising (`my_pipeline` becomes `my-pipeline`).
    pub name: String,
    /// What the pipeline does, shown in the engines' UIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Run-time parameters, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Outputs of the pipeline (used when it is nested inside another pipeline).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<PipelineOutput>,
    /// The components the tasks call, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub components: BTreeMap<String, Component>,
    /// The root scope.
    pub root: Dag,
    /// Pipeline-wide settings: artifact repository, service account, schedule, ….
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
}

impl Pipeline {
    /// An empty pipeline with the given name.
    pub fn new(name: impl Into<String>) -> Self {
        Pipeline {
            ir_version: IR_VERSION.to_string(),
            name: name.into(),
            description: None,
            parameters: Vec::new(),
            outputs: Vec::new(),
            components: BTreeMap::new(),
            root: Dag::default(),
            settings: Settings::default(),
        }
    }

    /// The parameter with this name, if declared.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// How many tasks the pipeline runs, counting those inside every scope and exit handlers'
    /// tasks.
    ///
    /// ```
    /// use pipec_dsl::ir::{Node, Pipeline, Task};
    /// let mut p = Pipeline::new("two");
    /// p.root.nodes = vec![
    ///     Node::Task(Box::new(Task::new("a", "c"))),
    ///     Node::Task(Box::new(Task::new("b", "c"))),
    /// ];
    /// assert_eq!(p.task_count(), 2);
    /// ```
    pub fn task_count(&self) -> usize {
        count_tasks(&self.root)
    }
}

fn count_tasks(dag: &Dag) -> usize {
    dag.nodes
        .iter()
        .map(|node| match node {
            Node::Task(_) => 1,
            Node::Condition(c) => c.branches.iter().map(|b| count_tasks(&b.body)).sum(),
            Node::Loop(l) => count_tasks(&l.body),
            Node::ExitHandler(e) => 1 + count_tasks(&e.body),
        })
        .sum()
}

/// A pipeline parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The name, unique in the pipeline (`[A-Za-z_][A-Za-z0-9_]*`).
    pub name: String,
    /// The type.
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// The value used when a run does not give one; a parameter without a default is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// What the parameter means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An output of a pipeline, taken from an output of one of its tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineOutput {
    /// The output's name.
    pub name: String,
    /// Its type; must match the task output it comes from.
    #[serde(rename = "type")]
    pub ty: IoType,
    /// The task output that provides the value.
    pub from: TaskOutputRef,
}

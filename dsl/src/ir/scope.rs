//! Scopes: the root DAG and the control-flow groups nested in it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Expr, Task, TaskOutputRef};

/// A scope: tasks and nested groups that run as one DAG.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dag {
    /// The nodes, in the order the pipeline declared them.
    #[serde(deserialize_with = "super::exact_vec::deserialize")]
    pub nodes: Vec<Node>,
}

/// One node of a scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Node {
    // Tasks, loops and exit handlers are boxed so that a scope's list of nodes is dense, as
    // small as a condition: with nodes as large as a task the IR of a 100,000-task pipeline with
    // conditions took 300 MiB instead of 207, and as large as a loop (112 bytes) every pass over
    // a scope's nodes read twice the memory.
    /// A task.
    Task(Box<Task>),
    /// An if / else-if / else chain.
    Condition(Condition),
    /// A loop over items.
    Loop(Box<Loop>),
    /// A body with a task that runs after it whatever its outcome.
    ExitHandler(Box<ExitHandler>),
}

impl Node {
    /// The node's name (task name or group name).
    pub fn name(&self) -> &str {
        match self {
            Node::Task(t) => &t.name,
            Node::Condition(c) => &c.name,
            Node::Loop(l) => &l.name,
            Node::ExitHandler(e) => &e.name,
        }
    }
}

/// An if / else-if / else chain. Exactly one branch runs: the first whose condition holds, or the
/// final branch without a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The group's name, e.g. `condition-1`.
    pub name: String,
    /// The branches in order; only the last may have no condition (`else`).
    #[serde(deserialize_with = "super::exact_vec::deserialize")]
    pub branches: Vec<Branch>,
}

/// One branch of a [`Condition`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The branch's name, e.g. `condition-2`.
    pub name: String,
    /// When the branch runs; `None` for `else`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Expr>,
    /// What runs.
    pub body: Dag,
}

/// A loop: the body runs once per item, in parallel up to `parallelism`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Loop {
    /// The group's name, e.g. `for-loop-1`.
    pub name: String,
    /// What to iterate over.
    pub items: LoopItems,
    /// At most this many iterations at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    /// What runs per item.
    pub body: Dag,
}

/// The items of a loop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LoopItems {
    /// A list known when the pipeline is compiled.
    Static(Vec<serde_json::Value>),
    /// A list-typed pipeline parameter.
    Parameter(String),
    /// A list-typed output of a task.
    TaskOutput(TaskOutputRef),
}

/// A body and a task that runs when the body finishes, whether it succeeded or failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExitHandler {
    /// The group's name, e.g. `exit-handler-1`.
    pub name: String,
    /// The task that always runs afterwards.
    pub exit_task: Task,
    /// What runs.
    pub body: Dag,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_is_no_larger_than_a_condition() {
        assert!(size_of::<Loop>() > size_of::<Condition>() + 8);
        assert!(
            size_of::<Node>() <= size_of::<Condition>() + 8,
            "{}",
            size_of::<Node>()
        );
    }
}

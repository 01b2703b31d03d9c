//! What a task input receives: a constant, a pipeline parameter, another task's output, a loop item
//! or a fan-in of a loop's outputs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The value bound to one input of a task (or an operand of a condition).
///
/// Written externally tagged: `{"constant": 5}`, `{"parameter": "top_k"}`,
/// `{"task_output": {"task": "taggen", "output": "tags"}}`, `{"loop_item": {"loop": "for-loop-1"}}`,
/// `{"collected": {"task": "features", "output": "table"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Argument {
    /// A literal JSON value.
    Constant(serde_json::Value),
    /// A pipeline parameter, by name.
    Parameter(String),
    /// An output of a task in this scope or an enclosing one.
    TaskOutput(TaskOutputRef),
    /// The current item of an enclosing loop, or one field of it.
    LoopItem(LoopItemRef),
    /// Fan-in: the list of values an output took across every iteration of the loop that contains
    /// its task.
    Collected(TaskOutputRef),
}

/// A reference to one output of one task.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct TaskOutputRef {
    /// The producing task's name.
    pub task: String,
    /// The output's name.
    pub output: String,
}

/// A reference to the item of a loop.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoopItemRef {
    /// The loop's name.
    #[serde(rename = "loop")]
    pub loop_name: String,
    /// A field of the item, when items are objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

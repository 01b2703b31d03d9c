//! What a `#[pipeline]` function may return: nothing, or one output handle that becomes the
//! pipeline's output (named `output`) when it is nested inside another pipeline.

use crate::handle::{ArtifactKind, ArtifactRef, Param, ParamValue};
use crate::ir::{Argument, IoType, TaskOutputRef};

/// A pipeline body's return value.
pub trait PipelineReturn {
    /// The output's type and where its value comes from, if any.
    fn pipeline_output(&self) -> Option<(IoType, Argument)>;
    /// In an enclosing pipeline: the handle to this output of the nested pipeline's task.
    fn from_task_output(task: &str) -> Self;
}

/// The outputs of a nested pipeline's task: `output` is what the pipeline returned.
#[derive(Debug, Clone, Copy)]
pub struct PipelineOutputs<R> {
    /// The nested pipeline's output.
    pub output: R,
}

fn output_ref(task: &str) -> Argument {
    Argument::TaskOutput(TaskOutputRef {
        task: task.to_string(),
        output: "output".into(),
    })
}

impl PipelineReturn for () {
    fn pipeline_output(&self) -> Option<(IoType, Argument)> {
        None
    }
    fn from_task_output(_: &str) -> Self {}
}

impl<T: ParamValue> PipelineReturn for Param<T> {
    fn pipeline_output(&self) -> Option<(IoType, Argument)> {
        Some((IoType::Param(T::TYPE), self.argument()))
    }
    fn from_task_output(task: &str) -> Self {
        Param::from_argument(output_ref(task))
    }
}

impl<A: ArtifactKind> PipelineReturn for ArtifactRef<A> {
    fn pipeline_output(&self) -> Option<(IoType, Argument)> {
        Some((IoType::Artifact(A::TYPE), self.argument()))
    }
    fn from_task_output(task: &str) -> Self {
        ArtifactRef::from_argument(output_ref(task))
    }
}

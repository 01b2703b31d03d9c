//! Every task argument of one pipeline, classified once.
//!
//! Both passes over a pipeline (recording uses, then writing DAG tasks) need each argument's
//! [`Source`]. Classifying an argument that reads a task output looks the producing task up by
//! name: at 10,000 tasks those look-ups (a cold hash probe and a compare against a name elsewhere
//! in the IR) were the largest single cost of an Argo compile, made once per pass. So each
//! argument is classified once, right after the pipeline's nodes are numbered, and read back by
//! its node and its position among the task's arguments.

use std::borrow::Cow;

use pipec_dsl::ir::Task;

use super::nodes::NodeId;
use super::site::Site;
use super::source::{PipelineCtx, Source};
use crate::CompileError;

/// One classified argument.
#[derive(Debug, Clone)]
pub(super) struct Classified<'a> {
    /// Its source, or `None` when classifying it failed: the error is made again, with the place
    /// it is reported at, when the argument is read.
    pub source: Option<Source<'a>>,
    /// The position of the input it feeds among the component's inputs (`u32::MAX` when the
    /// component has no such input, an error reported when the task is written).
    pub input: u32,
}

/// The arguments of every task, classified, by node id and argument position (the order of
/// `Task::arguments`).
#[derive(Debug, Default)]
pub(super) struct TaskSources<'a> {
    /// Where each node's arguments start in `args`; one more entry than there are nodes.
    starts: Vec<u32>,
    args: Vec<Classified<'a>>,
}

impl<'a> TaskSources<'a> {
    /// Classify the arguments of every task and exit task of a pipeline.
    pub(super) fn new(ctx: &PipelineCtx<'a>) -> Self {
        let nodes = ctx.nodes.len();
        let mut starts = Vec::with_capacity(nodes + 1);
        let mut args = Vec::with_capacity(nodes);
        for id in 0..nodes {
            starts.push(args.len() as u32);
            let Some(info) = ctx.nodes.info(id as NodeId) else {
                continue;
            };
            let Some(task) = info.task else {
                continue;
            };
            let at = ctx.at(&task.name);
            let inputs = info.component.map_or(&[][..], |c| &c.inputs[..]);
            args.extend(task.arguments.iter().map(|(name, a)| {
                Classified {
                    source: ctx.source(a, at).ok(),
                    input: inputs
                        .iter()
                        .position(|i| i.name == *name)
                        .map_or(u32::MAX, |i| i as u32),
                }
            }));
        }
        starts.push(args.len() as u32);
        TaskSources { starts, args }
    }

    /// The classified arguments of node `id`, in the order of `Task::arguments`.
    pub(super) fn of(&self, id: NodeId) -> &[Classified<'a>] {
        let range = self
            .starts
            .get(id as usize)
            .zip(self.starts.get(id as usize + 1));
        range.map_or(&[], |(&from, &to)| &self.args[from as usize..to as usize])
    }
}

impl<'a> PipelineCtx<'a> {
    /// The source of argument `k` of task `task`, node `id`, used at `at`: borrowed from the
    /// classification when it succeeded.
    pub(super) fn task_source(
        &self,
        id: NodeId,
        k: usize,
        task: &'a Task,
        at: Site,
    ) -> Result<Cow<'_, Source<'a>>, CompileError> {
        match self.task_sources.of(id).get(k) {
            Some(c) => self.classified_source(c, k, task, at),
            None => self.reclassify(k, task, at),
        }
    }

    /// The source of `c`, argument `k` of task `task`, used at `at`: for a caller already
    /// holding the task's classified arguments, which need not be found again by node id.
    pub(super) fn classified_source<'s>(
        &'s self,
        c: &'s Classified<'a>,
        k: usize,
        task: &'a Task,
        at: Site,
    ) -> Result<Cow<'s, Source<'a>>, CompileError> {
        match &c.source {
            Some(src) => Ok(Cow::Borrowed(src)),
            None => self.reclassify(k, task, at),
        }
    }

    /// Classify argument `k` of `task` again, for the error classifying it gave.
    fn reclassify<'s>(
        &'s self,
        k: usize,
        task: &'a Task,
        at: Site,
    ) -> Result<Cow<'s, Source<'a>>, CompileError> {
        match task.arguments.values().nth(k) {
            Some(arg) => self.source(arg, at).map(Cow::Owned),
            None => Err(CompileError::unsupported(
                at.to_string(),
                "an argument is missing (an internal error)",
            )),
        }
    }
}

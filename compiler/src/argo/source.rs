//! What an IR argument stands for in Argo terms, before any scope is considered.
//!
//! Importers run no pod on Argo: an importer's output becomes an artifact *source* (`s3:`, `gcs:`,
//! `http:`) in the arguments of each task that consumes it, the way Argo users wire an existing
//! object into a step. So an argument naming an importer's output is replaced by the importer's
//! `uri` argument.

use pipec_dsl::ir::{Argument, Component, IoType, LoopItemRef, Pipeline, Task, TaskOutputRef};

use super::nodes::{NodeId, Nodes};
use super::site::Site;
use super::task_sources::TaskSources;
use super::value::Value;
use crate::CompileError;

/// The input name of an importer component that holds the URI.
pub(super) const IMPORTER_URI: &str = "uri";

/// An argument, classified.
#[derive(Debug, Clone)]
pub(super) enum Source<'a> {
    /// A literal.
    Constant(&'a serde_json::Value),
    /// A parameter of the root pipeline.
    Global(&'a str),
    /// A value that may travel between scopes.
    Value(Value<'a>),
    /// An object imported from this URI.
    Import(Box<Source<'a>>),
}

impl<'a> Source<'a> {
    /// The scope-travelling value in the source, if any (an import's URI holds at most one).
    pub(super) fn value(&self) -> Option<Value<'a>> {
        match self {
            Source::Value(v) => Some(*v),
            Source::Import(uri) => uri.value(),
            Source::Constant(_) | Source::Global(_) => None,
        }
    }

    /// The node whose output the source reads, if any (an import's URI reads at most one): the
    /// producer a reader waits for. Read without copying the value out.
    pub(super) fn producer(&self) -> Option<NodeId> {
        match self {
            Source::Value(Value::Output { node, .. }) => Some(*node),
            Source::Import(uri) => uri.producer(),
            Source::Value(_) | Source::Constant(_) | Source::Global(_) => None,
        }
    }
}

/// One pipeline (the root or a nested one) and lookups over it.
#[derive(Debug)]
pub(super) struct PipelineCtx<'a> {
    /// The pipeline.
    pub pipeline: &'a Pipeline,
    /// Whether it is the compiled pipeline (its parameters are the workflow's).
    pub is_root: bool,
    /// Every node, including exit tasks, by id.
    pub nodes: Nodes<'a>,
    /// Where errors point: `pipeline NAME`, or the path to a nested pipeline.
    pub location: String,
    /// Every task argument, classified once (see [`TaskSources`]).
    pub task_sources: TaskSources<'a>,
}

impl<'a> PipelineCtx<'a> {
    /// Index a pipeline.
    pub(super) fn new(pipeline: &'a Pipeline, is_root: bool, location: String) -> Self {
        let mut ctx = PipelineCtx {
            pipeline,
            is_root,
            nodes: Nodes::new(pipeline),
            location,
            task_sources: TaskSources::default(),
        };
        ctx.task_sources = TaskSources::new(&ctx);
        ctx
    }

    /// Where a task is, for error messages.
    pub(super) fn at<'s>(&'s self, task: &'s str) -> Site<'s> {
        Site::Task(&self.location, task)
    }

    /// Where a group (branch, loop, exit handler) or output is, for error messages.
    pub(super) fn group<'s>(&'s self, name: &'s str) -> Site<'s> {
        Site::Group(&self.location, name)
    }

    /// The component that task `task`, node `id`, calls.
    pub(super) fn component(&self, id: NodeId, task: &Task) -> Result<&'a Component, CompileError> {
        self.nodes
            .info(id)
            .and_then(|i| i.component)
            .ok_or_else(|| {
                CompileError::unsupported(
                    self.at(&task.name).to_string(),
                    format!("component `{}` is not defined", task.component),
                )
            })
    }

    /// Classify an argument used at `at` (for errors).
    pub(super) fn source(&self, arg: &'a Argument, at: Site) -> Result<Source<'a>, CompileError> {
        match arg {
            Argument::Constant(v) => Ok(Source::Constant(v)),
            Argument::Parameter(p) => Ok(self.parameter(p)),
            Argument::LoopItem(LoopItemRef { loop_name, field }) => {
                Ok(Source::Value(Value::Item {
                    loop_name,
                    field: field.as_deref(),
                }))
            }
            Argument::TaskOutput(r) => self.output(r, at, false),
            Argument::Collected(r) => self.output(r, at, true),
        }
    }

    /// A pipeline parameter: global in the root pipeline, an input of a nested one.
    pub(super) fn parameter(&self, name: &'a str) -> Source<'a> {
        if self.is_root {
            Source::Global(name)
        } else {
            Source::Value(Value::Param(name))
        }
    }

    /// An output of a task (`collected`: gathered across a loop), used at `at`.
    #[inline]
    pub(super) fn output(
        &self,
        r: &'a TaskOutputRef,
        at: Site,
        collected: bool,
    ) -> Result<Source<'a>, CompileError> {
        self.output_and_type(r, at, collected).map(|(src, _)| src)
    }

    /// [`PipelineCtx::output`] and the output's declared type (`None` for an importer's, which
    /// becomes its URI): a condition's operand needs both, and both come from one lookup of
    /// the output in its component.
    pub(super) fn typed_output(
        &self,
        r: &'a TaskOutputRef,
        at: Site,
        collected: bool,
    ) -> Result<(Source<'a>, Option<IoType>), CompileError> {
        self.output_and_type(r, at, collected)
    }

    /// The body of both, written into each: [`PipelineCtx::output`] carries no type.
    #[inline(always)]
    fn output_and_type(
        &self,
        r: &'a TaskOutputRef,
        at: Site,
        collected: bool,
    ) -> Result<(Source<'a>, Option<IoType>), CompileError> {
        let unknown = || {
            CompileError::unsupported(
                at.to_string(),
                format!("`{}.{}` names no task output", r.task, r.output),
            )
        };
        let id = self.nodes.id(&r.task).ok_or_else(unknown)?;
        let info = self.nodes.info(id).ok_or_else(unknown)?;
        let task = info.task.ok_or_else(unknown)?;
        if info.importer {
            if collected {
                return Err(CompileError::unsupported(
                    at.to_string(),
                    "an importer's output cannot be collected across a loop on Argo",
                ));
            }
            let uri = task.arguments.get(IMPORTER_URI).ok_or_else(|| {
                CompileError::unsupported(
                    self.at(&task.name).to_string(),
                    "the importer has no `uri` argument",
                )
            })?;
            return Ok((Source::Import(Box::new(self.source(uri, at)?)), None));
        }
        // The component was looked up when the task was numbered: `component` is only called
        // for its error.
        let component = match info.component {
            Some(c) => c,
            None => self.component(id, task)?,
        };
        let spec = component.output(&r.output).ok_or_else(unknown)?;
        let artifact = spec.ty.is_artifact();
        if collected && artifact {
            return Err(CompileError::unsupported(
                at.to_string(),
                format!(
                    "Argo gathers only parameters across loop iterations; `{}.{}` is an artifact",
                    r.task, r.output
                ),
            ));
        }
        let src = Source::Value(Value::Output {
            task: &r.task,
            node: id,
            output: &r.output,
            artifact,
        });
        Ok((src, Some(spec.ty)))
    }

    /// The type of an output, if the node is a task and has it.
    pub(super) fn output_type(&self, node: NodeId, output: &str) -> Option<IoType> {
        let component = self.nodes.info(node)?.component?;
        component.output(output).map(|o| o.ty)
    }
}

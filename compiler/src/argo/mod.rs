//! The Argo Workflows backend.
//!
//! [`lower`](fn@lower) turns a validated pipeline into a typed [`model::Document`] (a `Workflow`,
//! `WorkflowTemplate` or `CronWorkflow`); [`compile`] writes it as YAML. The shape of the output:
//!
//! - one template per component (a task with other pod settings than its siblings gets a variant),
//!   one DAG template per scope (the root, each condition branch, each loop body, each exit-handler
//!   body, each nested pipeline), and the root DAG as entrypoint;
//! - pipeline parameters are `spec.arguments.parameters`, read as `{{workflow.parameters.x}}`;
//!   values used in another scope than their own travel as template inputs and outputs;
//! - branches are DAG tasks with `when`; loops are DAG tasks with `withItems`/`withParam`, whose
//!   outputs Argo gathers into JSON lists (fan-in); an exit handler's body is a DAG task with an
//!   `exit` hook; importers are artifact sources of their consumers;
//! - a scope with more tasks than a DAG template may hold (200 under Argo 4's CRD) is split into
//!   nested DAG templates, its parts (see `split`).

mod adjacency;
mod carried;
mod carriers;
mod container;
mod dag;
mod depends;
mod importer;
mod lower;
pub mod model;
mod nodes;
mod options;
mod pod;
mod repository;
mod resource;
mod scope_tree;
mod site;
mod source;
mod split;
mod task_sources;
mod templates;
mod uses;
mod value;
mod waits;
mod when;

pub use container::{INPUTS_DIR, OUTPUTS_DIR, OUTPUTS_VOLUME};
pub use lower::lower;
pub use options::{ArgoKind, ArgoOptions, ArgoVersion};
pub use pod::DEFAULT_MEMO_CONFIG_MAP;

use pipec_dsl::{Validated, ir::Pipeline};

use crate::{CompileError, yaml};

/// Lower and write a pipeline as Argo YAML.
pub fn compile(
    pipeline: &Validated<Pipeline>,
    options: &ArgoOptions,
) -> Result<String, CompileError> {
    let document = lower(pipeline, options)?;
    write(&document, pipeline.task_count())
}

/// Write a lowered pipeline of `tasks` tasks as YAML, into a buffer sized for it up front (see
/// [`yaml::to_yaml_for_tasks`]: a large workflow's buffer would otherwise be regrown and copied
/// a dozen times).
///
/// ```
/// use pipec_compiler::argo;
/// use pipec_dsl::ir::Pipeline;
///
/// let checked = pipec_dsl::validate(Pipeline::new("empty")).unwrap();
/// let document = argo::lower(&checked, &argo::ArgoOptions::default()).unwrap();
/// let yaml = argo::write(&document, checked.task_count()).unwrap();
/// assert!(yaml.starts_with("apiVersion: argoproj.io/v1alpha1\n"));
/// ```
pub fn write(document: &model::Document, tasks: usize) -> Result<String, CompileError> {
    Ok(yaml::to_yaml_for_tasks(&[document], tasks)?)
}

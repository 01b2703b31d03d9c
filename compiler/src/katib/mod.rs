//! The Katib backend: tune a pipeline's parameters with a Katib `Experiment` whose trials are
//! Argo Workflows.
//!
//! [`lower`](fn@lower) turns a validated pipeline with tuning settings (`settings.tuning`) into a typed
//! [`model::Experiment`]; [`compile`] writes it as YAML. The shape of the output:
//!
//! - `spec.parameters` is the search space, one entry per searched pipeline parameter, with the
//!   same name; `objective`, `algorithm` and the trial counts come from the tuning spec;
//! - `trialTemplate.trialSpec` is the pipeline as the Argo backend writes a `Workflow`, without
//!   name or namespace (Katib sets both), whose `spec.arguments` give each searched parameter the
//!   value `${trialParameters.NAME}`; `trialParameters` map each name to the search space;
//! - the metric task's pod is labelled `katib.kubeflow.org/model-training: "true"` and
//!   `primaryPodLabels` selects it, so Katib's metrics collector wraps that pod only; its
//!   container is the primary one (Argo names it `main`);
//! - a trial ends when the workflow's phase is `Succeeded` or `Failed`;
//! - tasks with caching on are memoized by Argo, so trials reuse the steps whose inputs did not
//!   change; the metric task itself must run in every trial, which validation checks.

mod lower;
pub mod model;

pub use lower::{PRIMARY_POD_LABEL, lower};

use pipec_dsl::{Validated, ir::Pipeline};

use crate::CompileError;
use crate::argo::ArgoOptions;

/// Lower and write a pipeline as a Katib Experiment. The Argo options shape the trial workflow.
pub fn compile(
    pipeline: &Validated<Pipeline>,
    options: &ArgoOptions,
) -> Result<String, CompileError> {
    let experiment = lower(pipeline, options)?;
    // The trial template holds the whole workflow: size the buffer for it as Argo does.
    let tasks = pipeline.task_count();
    Ok(crate::yaml::to_yaml_for_tasks(&[experiment], tasks)?)
}

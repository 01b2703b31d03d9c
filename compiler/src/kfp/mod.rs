//! The Kubeflow Pipelines v2 IR backend.
//!
//! [`lower`](fn@lower) turns a validated pipeline into a typed [`model::KfpPipeline`]: the `PipelineSpec`
//! (schema 2.1.0) and, when tasks have Kubernetes settings, the `platforms.kubernetes` document
//! kfp-kubernetes would write. [`compile`] writes both as YAML documents.
//!
//! The output follows the KFP SDK's conventions so that the KFP backend (and people who know
//! KFP) read it the same way: `comp-…` / `exec-…` names, `condition-N` / `for-loop-N` /
//! `exit-handler-N` groups with `pipelinechannel--…` inputs, CEL triggers, parameter iterators,
//! and `createpvc` / `deletepvc` tasks for claims the pipeline creates. Two differences: `sdkVersion`
//! names pipec, and a component identical in every respect to another is written once (the SDK
//! writes one per task).
//!
//! What KFP cannot express is an error naming the task: Kubernetes resource steps, working
//! directories, container settings on importer or nested-pipeline tasks, conditions on loop-item
//! fields, and the pipeline settings `settings` refuses. What KFP owns elsewhere is ignored, each
//! with its reason in the module that handles it: per-task cache ages, templated cache keys and
//! memoization config maps (`task_settings`), retry policies narrower than "any failure"
//! (KFP retries every failure), and run-level settings (`settings`).

mod cel;
mod channel;
mod command;
mod component_table;
mod created_volume;
mod exact_json;
mod executor;
mod index;
mod io_types;
mod kubernetes;
mod lower;
pub mod model;
mod python_json;
mod resolve;
mod settings;
mod shared_names;
mod task_settings;

use pipec_dsl::{Validated, ir::Pipeline, name::sanitize};
use serde::Serialize;

use crate::{CompileError, Problem, yaml};
use model::{
    KfpPipeline, KubernetesPlatform, PipelineInfo, PipelineSpec, PlatformDeploymentSpec,
    PlatformSpec, Platforms,
};

/// The only `schemaVersion` the KFP backend accepts.
pub const SCHEMA_VERSION: &str = "2.1.0";

/// Options for the KFP backend.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KfpOptions {
    /// The node label that selects an accelerator model (`Accelerator::ty`). `None` uses
    /// [`KfpOptions::DEFAULT_ACCELERATOR_LABEL`].
    pub accelerator_label: Option<String>,
}

impl KfpOptions {
    /// The node label used for an accelerator model when none is configured (GKE's).
    pub const DEFAULT_ACCELERATOR_LABEL: &'static str = "cloud.google.com/gke-accelerator";

    /// The node label that selects an accelerator model.
    pub fn accelerator_label(&self) -> &str {
        self.accelerator_label
            .as_deref()
            .unwrap_or(Self::DEFAULT_ACCELERATOR_LABEL)
    }
}

/// Lower a validated pipeline to the KFP model, or return every problem found.
///
/// ```
/// use pipec_compiler::kfp::{KfpOptions, lower};
/// use pipec_dsl::{ir::Pipeline, validate};
/// let p = validate(Pipeline::new("empty")).unwrap();
/// let kfp = lower(&p, &KfpOptions::default()).unwrap();
/// assert_eq!(kfp.spec.schema_version, "2.1.0");
/// assert!(kfp.platform.is_none());
/// ```
pub fn lower(
    pipeline: &Validated<Pipeline>,
    options: &KfpOptions,
) -> Result<KfpPipeline, CompileError> {
    lower_counting(pipeline, options).map(|(kfp, _)| kfp)
}

/// [`lower`](fn@lower), and how many tasks the pipeline has (as `Pipeline::task_count`, counted while
/// indexing instead of by another walk over the pipeline).
fn lower_counting(
    pipeline: &Validated<Pipeline>,
    options: &KfpOptions,
) -> Result<(KfpPipeline, usize), CompileError> {
    let location = format!("pipeline {}", pipeline.name);
    let mut problems: Vec<Problem> = settings::refused(&pipeline.settings)
        .into_iter()
        .map(|message| Problem {
            location: location.clone(),
            message,
        })
        .collect();
    let mut table = component_table::ComponentTable::default();
    let (root, tasks) =
        lower::pipeline_component(pipeline, &location, options, &mut table, &mut problems);
    if !problems.is_empty() {
        return Err(CompileError { problems });
    }
    let tables = table.finish();
    let spec = PipelineSpec {
        components: tables.components,
        default_pipeline_root: settings::pipeline_root(&pipeline.settings),
        deployment_spec: tables.deployment,
        pipeline_info: PipelineInfo {
            description: pipeline.description.clone(),
            name: sanitize(&pipeline.name),
        },
        root,
        schema_version: SCHEMA_VERSION.to_string(),
        sdk_version: format!("pipec-{}", env!("CARGO_PKG_VERSION")),
    };
    let platform = (!tables.platform.is_empty()).then(|| PlatformSpec {
        platforms: Platforms {
            kubernetes: KubernetesPlatform {
                deployment_spec: PlatformDeploymentSpec {
                    executors: tables.platform,
                },
            },
        },
    });
    Ok((KfpPipeline { spec, platform }, tasks))
}

/// One YAML document of the output.
#[derive(Serialize)]
#[serde(untagged)]
enum Document<'a> {
    Spec(&'a PipelineSpec),
    Platform(&'a PlatformSpec),
}

/// Lower and write a pipeline as KFP IR YAML: the pipeline spec, then (after `---`) the
/// Kubernetes platform spec if there is one.
pub fn compile(
    pipeline: &Validated<Pipeline>,
    options: &KfpOptions,
) -> Result<String, CompileError> {
    let (kfp, tasks) = lower_counting(pipeline, options)?;
    let mut documents = vec![Document::Spec(&kfp.spec)];
    documents.extend(kfp.platform.as_ref().map(Document::Platform));
    Ok(yaml::to_yaml_for_tasks(&documents, tasks)?)
}

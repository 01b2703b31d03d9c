//! Targets and the single entry point that compiles a validated pipeline to one of them.

use pipec_dsl::{Validated, ir::Pipeline};

use crate::{CompileError, argo, katib, kfp};

/// An engine pipec compiles for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Target {
    /// Argo Workflows (`Workflow`, `WorkflowTemplate`, `CronWorkflow`).
    Argo,
    /// Kubeflow Pipelines v2 IR (`PipelineSpec` plus the Kubernetes platform spec).
    Kfp,
    /// A Katib `Experiment` whose trials are Argo Workflows.
    Katib,
}

impl Target {
    /// Every target, in a stable order.
    pub const ALL: [Target; 3] = [Target::Argo, Target::Kfp, Target::Katib];

    /// The target's name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Target::Argo => "argo",
            Target::Kfp => "kfp",
            Target::Katib => "katib",
        }
    }
}

/// Options for every target; each backend reads its own part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Argo options (also used for the workflow embedded in a Katib trial).
    pub argo: argo::ArgoOptions,
    /// KFP options.
    pub kfp: kfp::KfpOptions,
}

/// Compile a validated pipeline to YAML for `target`.
///
/// ```
/// use pipec_compiler::{Options, Target, compile};
/// use pipec_dsl::{ir::Pipeline, validate};
/// let p = validate(Pipeline::new("empty")).unwrap();
/// // Katib needs a tuning spec; a pipeline without one is an error that says how to add it.
/// let err = compile(&p, Target::Katib, &Options::default()).unwrap_err();
/// assert!(err.to_string().contains("katib target needs a tuning spec"));
/// ```
pub fn compile(
    pipeline: &Validated<Pipeline>,
    target: Target,
    options: &Options,
) -> Result<String, CompileError> {
    match target {
        Target::Argo => argo::compile(pipeline, &options.argo),
        Target::Kfp => kfp::compile(pipeline, &options.kfp),
        Target::Katib => katib::compile(pipeline, &options.argo),
    }
}

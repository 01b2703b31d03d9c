//! The Kubeflow Pipelines v2 IR backend.

use pipec_dsl::{Validated, ir::Pipeline};

use crate::CompileError;

/// Options for the KFP backend.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KfpOptions {}

/// Lower and write a pipeline as KFP IR YAML.
pub fn compile(
    pipeline: &Validated<Pipeline>,
    _options: &KfpOptions,
) -> Result<String, CompileError> {
    Err(CompileError::unsupported(
        &pipeline.name,
        "the kfp backend is not written yet",
    ))
}

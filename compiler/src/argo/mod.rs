//! The Argo Workflows backend.

use pipec_dsl::{Validated, ir::Pipeline};

use crate::CompileError;

/// Options for the Argo backend.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArgoOptions {}

/// Lower and write a pipeline as Argo YAML.
pub fn compile(
    pipeline: &Validated<Pipeline>,
    _options: &ArgoOptions,
) -> Result<String, CompileError> {
    Err(CompileError::unsupported(
        &pipeline.name,
        "the argo backend is not written yet",
    ))
}

//! The validation rules.

use super::ValidationError;
use crate::ir::Pipeline;

/// Run every rule over the pipeline.
pub(super) fn check(_pipeline: &Pipeline) -> Vec<ValidationError> {
    Vec::new()
}

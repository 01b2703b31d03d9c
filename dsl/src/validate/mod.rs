//! Validation: every rule the IR must satisfy before a backend may lower it.
//!
//! [`validate`] returns every error it finds, each with where it is and what to do, or a
//! [`Validated`] proof that the backends require.

#[cfg(test)]
mod arbitrary;
mod components;
mod conditions;
mod cycles;
mod durations;
mod env;
mod error;
#[cfg(test)]
mod fixture;
mod index;
mod location;
mod loops;
mod names;
mod outputs;
mod references;
mod resources;
mod rules;
mod scopes;
mod settings;
mod suggestion;
mod tuning;
mod types;
mod version;
mod volumes;

pub use error::{ValidationError, ValidationErrors};

use crate::ir::Pipeline;

/// A value that passed validation. Backends take `&Validated<ir::Pipeline>`, so no backend can see
/// an unchecked pipeline.
///
/// ```
/// use pipec_dsl::{ir::Pipeline, validate};
/// let checked = validate(Pipeline::new("empty")).unwrap();
/// assert_eq!(checked.name, "empty");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Validated<T>(T);

impl<T> Validated<T> {
    /// The checked value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Validated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Check a pipeline; return it wrapped as [`Validated`] or every error found.
pub fn validate(pipeline: Pipeline) -> Result<Validated<Pipeline>, ValidationErrors> {
    let errors = rules::check(&pipeline);
    if errors.is_empty() {
        Ok(Validated(pipeline))
    } else {
        Err(ValidationErrors(errors))
    }
}

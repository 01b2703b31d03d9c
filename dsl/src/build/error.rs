//! Errors found while building a pipeline, before validation.

use std::fmt;

/// Mistakes the type system cannot see, found while a pipeline function runs: a component file
/// that does not load, a placeholder used outside its component, a task used outside any pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The pipeline being built.
    pub pipeline: String,
    /// Each problem, already saying where.
    pub problems: Vec<String>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: pipeline {}: {p}", self.pipeline)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

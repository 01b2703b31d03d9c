//! Errors from lowering a pipeline to a target.

use std::fmt;

/// Why a valid pipeline could not be compiled for a target (a feature the target cannot express,
/// or the YAML writer failing). Holds every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Each problem: where, and what.
    pub problems: Vec<Problem>,
}

/// One problem found while lowering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `pipeline mlops › task deploy`.
    pub location: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl CompileError {
    /// A single problem at `location`.
    pub fn unsupported(location: impl Into<String>, message: impl Into<String>) -> Self {
        CompileError {
            problems: vec![Problem {
                location: location.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {}: {}", p.location, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for CompileError {}

impl From<crate::yaml::Error> for CompileError {
    fn from(e: crate::yaml::Error) -> Self {
        CompileError::unsupported("yaml", e.to_string())
    }
}

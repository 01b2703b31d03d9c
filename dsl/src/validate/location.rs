//! Where in a pipeline a problem is: `pipeline praxi › task prediction › input top_k`.

use std::fmt;

use super::ValidationError;

/// A path of segments from the pipeline down to the offending item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Location(String);

/// The separator between segments.
const SEPARATOR: &str = " › ";

impl Location {
    /// The location of a whole pipeline.
    pub(super) fn pipeline(name: &str) -> Self {
        Location(format!("pipeline {name}"))
    }

    /// A location one segment further down, e.g. `.then(format_args!("task {name}"))`.
    pub(super) fn then(&self, segment: impl fmt::Display) -> Self {
        Location(format!("{}{SEPARATOR}{segment}", self.0))
    }

    /// An error at this location.
    pub(super) fn error(&self, message: impl Into<String>) -> ValidationError {
        ValidationError {
            location: self.0.clone(),
            message: message.into(),
        }
    }

    /// Put an error found in a nested pipeline under this location.
    pub(super) fn adopt(&self, error: ValidationError) -> ValidationError {
        ValidationError {
            location: format!("{}{SEPARATOR}{}", self.0, error.location),
            message: error.message,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_join_with_a_chevron() {
        let loc = Location::pipeline("praxi")
            .then("task prediction")
            .then("input top_k");
        assert_eq!(
            loc.to_string(),
            "pipeline praxi › task prediction › input top_k"
        );
        let e = Location::pipeline("outer")
            .then("component inner")
            .adopt(Location::pipeline("inner").error("bad"));
        assert_eq!(
            e.location,
            "pipeline outer › component inner › pipeline inner"
        );
    }
}

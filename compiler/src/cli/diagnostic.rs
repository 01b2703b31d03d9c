//! The wording of problems: each names the source file and the pipeline, then the task and field
//! that the validator or backend reported.

use pipec_dsl::ValidationErrors;

use crate::CompileError;

/// One line per validation error: `basic.yaml: pipeline basic › task x › input y: …`.
pub(super) fn validation(origin: &str, pipeline: &str, errors: &ValidationErrors) -> Vec<String> {
    errors
        .0
        .iter()
        .map(|e| line(origin, pipeline, &e.location, &e.message))
        .collect()
}

/// One line per compile problem.
pub(super) fn compile(origin: &str, pipeline: &str, error: &CompileError) -> Vec<String> {
    error
        .problems
        .iter()
        .map(|p| line(origin, pipeline, &p.location, &p.message))
        .collect()
}

fn line(origin: &str, pipeline: &str, location: &str, message: &str) -> String {
    format!("{origin}: {}: {message}", qualify(pipeline, location))
}

/// The location with the pipeline in front, unless the reporter already put it there.
fn qualify(pipeline: &str, location: &str) -> String {
    let this = format!("pipeline {pipeline}");
    if location == pipeline || location.is_empty() {
        this
    } else if location.starts_with("pipeline ") {
        location.to_string()
    } else {
        format!("{this} › {location}")
    }
}

#[cfg(test)]
mod tests {
    use super::qualify;

    #[test]
    fn the_pipeline_is_named_once() {
        assert_eq!(qualify("p", "pipeline p › task t"), "pipeline p › task t");
        assert_eq!(qualify("p", "task t"), "pipeline p › task t");
        assert_eq!(qualify("p", "p"), "pipeline p");
        assert_eq!(qualify("p", ""), "pipeline p");
    }
}

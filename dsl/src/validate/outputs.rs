//! Pipeline outputs: each comes from a task output of a type that fits the declared one.
//!
//! That the task and output exist, and that the task runs at the top level, is checked with every
//! other reference (see `references` and `scopes`).

use super::ValidationError;
use super::index::Index;
use super::rules::Part;
use super::types::{Source, ValueType, mismatch};
use crate::ir::IoType;

/// Check the type of every pipeline output.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for output in &index.pipeline.outputs {
        let Some(ty) = index.output_type(&output.from) else {
            continue;
        };
        let source = Source::Output(&output.from);
        let given = match ty {
            IoType::Param(ty) => ValueType::Param { ty, source },
            IoType::Artifact(ty) => ValueType::Artifact { ty, source },
        };
        let what = format_args!("pipeline output `{}`", output.name);
        if let Some(message) = mismatch(&given, output.ty, what) {
            let location = index.location.then(format_args!("output {}", output.name));
            errors.push(location.error(message));
        }
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{ArtifactType, ParamType, PipelineOutput};

    fn output(name: &str, ty: IoType, task: &str, out: &str) -> PipelineOutput {
        PipelineOutput {
            name: name.into(),
            ty,
            from: output_ref(task, out),
        }
    }

    #[test]
    fn output_types() {
        let mut p = pipeline(vec![produce("a")]);
        p.outputs = vec![
            output("ok", IoType::Param(ParamType::Float), "a", "count"),
            output("any", IoType::Artifact(ArtifactType::Artifact), "a", "data"),
            output("bad", IoType::Artifact(ArtifactType::Model), "a", "data"),
            output("worse", IoType::Param(ParamType::String), "a", "data"),
        ];
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › output bad: pipeline output `bad` is a model artifact but output \
                 `data` of task `a` is a dataset artifact; pass a model (or declare it as \
                 `artifact` to take any)",
                "pipeline t › output worse: pipeline output `worse` is a string parameter but \
                 output `data` of task `a` is a dataset artifact; artifacts are files, so declare \
                 it as an artifact or pass a parameter",
            ]
        );
    }
}

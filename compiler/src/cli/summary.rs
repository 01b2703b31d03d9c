//! Short descriptions of a pipeline for `list` and `validate`.

use pipec_dsl::ir::Pipeline;

/// `2 tasks`, `1 task`.
pub(super) fn tasks(pipeline: &Pipeline) -> String {
    match pipeline.task_count() {
        1 => "1 task".to_string(),
        n => format!("{n} tasks"),
    }
}

/// `rows: int = 100, label: string`, or `-` without parameters.
pub(super) fn parameters(pipeline: &Pipeline) -> String {
    if pipeline.parameters.is_empty() {
        return "-".to_string();
    }
    pipeline
        .parameters
        .iter()
        .map(|p| match &p.default {
            Some(d) => format!("{}: {} = {d}", p.name, p.ty.name()),
            None => format!("{}: {}", p.name, p.ty.name()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

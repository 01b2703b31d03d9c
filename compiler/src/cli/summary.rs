//! Short descriptions of a pipeline for `list` and `validate`.

use pipec_dsl::ir::{Dag, Node, Pipeline};

/// How many tasks the pipeline runs, counting those inside every scope and exit handlers' tasks.
pub(super) fn task_count(pipeline: &Pipeline) -> usize {
    count(&pipeline.root)
}

fn count(dag: &Dag) -> usize {
    dag.nodes
        .iter()
        .map(|node| match node {
            Node::Task(_) => 1,
            Node::Condition(c) => c.branches.iter().map(|b| count(&b.body)).sum(),
            Node::Loop(l) => count(&l.body),
            Node::ExitHandler(e) => 1 + count(&e.body),
        })
        .sum()
}

/// `2 tasks`, `1 task`.
pub(super) fn tasks(pipeline: &Pipeline) -> String {
    match task_count(pipeline) {
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

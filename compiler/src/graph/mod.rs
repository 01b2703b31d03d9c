//! Draw a pipeline's DAG: Graphviz dot or a Mermaid flowchart (`pipec graph`).
//!
//! Tasks are nodes labelled with their display name (or name) and component. A data edge runs from
//! the task that produces an output to each task that reads it and is labelled with the output's
//! name; an `after` edge (ordering without data) is dashed. Each scope is a cluster (dot) or a
//! subgraph (Mermaid) labelled with what it means: `if score < 0.5`, `else`,
//! `for each item in …, parallelism 4`, `exit handler` (the exit task is drawn inside it, marked
//! `runs on exit`). Output is deterministic byte for byte.
//!
//! ```
//! use pipec_compiler::graph::{Format, render};
//! use pipec_dsl::ir::Pipeline;
//! let dot = render(&Pipeline::new("empty"), Format::Dot);
//! assert!(dot.starts_with("digraph \"empty\" {"));
//! ```

mod build;
mod dot;
mod label;
mod mermaid;
mod model;

use pipec_dsl::ir::Pipeline;

/// A graph language pipec writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Graphviz dot (`dot -Tsvg`).
    #[default]
    Dot,
    /// A Mermaid flowchart (renders in GitHub and GitLab Markdown).
    Mermaid,
}

/// Draw `pipeline` in `format`.
///
/// Works on any pipeline, checked or not: references to tasks or groups that do not exist are
/// left out rather than drawn as stray nodes.
pub fn render(pipeline: &Pipeline, format: Format) -> String {
    let graph = build::graph(pipeline);
    match format {
        Format::Dot => dot::write(&graph),
        Format::Mermaid => mermaid::write(&graph),
    }
}

//! The command line's shape: subcommands, their arguments and help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::Target;
use crate::argo::{ArgoKind, ArgoVersion};
use crate::graph::Format;

const EXAMPLES: &str = "\
Examples:
  pipec compile pipeline.yaml --target argo -o workflow.yaml
  pipec compile examples/praxi --target kfp --pipeline praxi
  pipec validate pipeline.json
  pipec graph pipeline.yaml --format mermaid
  cat pipeline.json | pipec compile - --target argo --kind workflow-template

SOURCE is an IR file (.json, .yaml or .yml; `-` reads standard input) or the directory of a Cargo
package whose binary defines pipelines (pipec runs `cargo run -- --pipec-ir` there).

Exit status: 0 success; 1 invalid pipeline, compile error, unreadable or malformed source, failed
package build; 2 usage error (unknown flag, target or --pipeline name).";

/// Compile container pipelines to Argo Workflows, Kubeflow Pipelines v2 and Katib.
#[derive(Debug, Parser)]
#[command(name = "pipec", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Validate a pipeline and compile it to YAML for an engine.
    Compile(CompileArgs),
    /// Check pipelines and report every problem found.
    Validate(ValidateArgs),
    /// Draw a pipeline's DAG as Graphviz dot or a Mermaid flowchart.
    Graph(GraphArgs),
    /// List the pipelines a source defines: name, tasks, parameters, description.
    List(ListArgs),
    /// Print the JSON Schema of the pipeline IR.
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  pipec completions bash > ~/.local/share/bash-completion/completions/pipec"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Where pipelines come from.
#[derive(Debug, Args)]
pub(super) struct SourceArg {
    /// IR file (.json, .yaml, .yml), `-` for standard input, or a Cargo package directory.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
}

/// Which pipeline of a source to use.
#[derive(Debug, Args)]
pub(super) struct PipelineArg {
    /// The pipeline to use when the source defines several.
    #[arg(long, short = 'p', value_name = "NAME")]
    pub pipeline: Option<String>,
}

/// `pipec compile`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  pipec compile pipeline.yaml --target argo -o workflow.yaml
  pipec compile pipeline.yaml --target argo --kind cron-workflow
  pipec compile examples/praxi --target kfp --pipeline praxi > praxi.kfp.yaml")]
pub(super) struct CompileArgs {
    #[command(flatten)]
    pub source: SourceArg,
    /// The engine to compile for.
    #[arg(long, short = 't', value_enum)]
    pub target: Target,
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// The Argo resource to emit (argo and katib targets) [default: cron-workflow when the
    /// pipeline has a schedule, else workflow].
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<ArgoKind>,
    /// The Argo release to write for (argo and katib targets) [default: v4].
    #[arg(long, value_enum, value_name = "VERSION")]
    pub argo_version: Option<ArgoVersion>,
    /// Write the YAML to FILE instead of standard output; FILE is only replaced on success.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `pipec validate`.
#[derive(Debug, Args)]
pub(super) struct ValidateArgs {
    #[command(flatten)]
    pub source: SourceArg,
    /// Check only this pipeline (default: every pipeline of the source).
    #[arg(long, short = 'p', value_name = "NAME")]
    pub pipeline: Option<String>,
}

/// `pipec graph`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  pipec graph pipeline.yaml | dot -Tsvg > pipeline.svg
  pipec graph pipeline.yaml --format mermaid")]
pub(super) struct GraphArgs {
    #[command(flatten)]
    pub source: SourceArg,
    #[command(flatten)]
    pub pipeline: PipelineArg,
    /// The graph language.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Dot)]
    pub format: Format,
}

/// `pipec list`.
#[derive(Debug, Args)]
pub(super) struct ListArgs {
    #[command(flatten)]
    pub source: SourceArg,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}

//! The `pipec` command line: `compile`, `validate`, `graph`, `list`, `schema` and `completions`.
//!
//! Results go to standard output, diagnostics to standard error. Exit status: 0 on success, 1
//! when the input is at fault (invalid pipeline, compile error, unreadable or malformed source,
//! failed package build), 2 when the command line is (unknown flag, target or `--pipeline`).

mod args;
mod compile;
mod completions;
mod diagnostic;
mod failure;
mod graph;
mod list;
mod output;
mod package;
mod schema;
mod select;
mod size;
mod source;
mod summary;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use failure::Failure;

/// Parse the process's arguments, run the command, print diagnostics and return the exit status.
pub fn main() -> ExitCode {
    // On a usage error clap prints it with suggestions and exits with status 2.
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

fn run(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Compile(args) => compile::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Graph(args) => graph::run(args),
        Command::List(args) => list::run(args),
        Command::Schema => schema::run(),
        Command::Completions { shell } => completions::run(*shell),
    }
}

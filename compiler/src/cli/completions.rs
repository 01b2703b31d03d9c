//! `pipec completions`: a shell completion script, generated from the command line's definition
//! so it never falls out of date.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::{failure::Failure, output};

/// Run `pipec completions <SHELL>`.
pub(super) fn run(shell: Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pipec", &mut script);
    output::print(&String::from_utf8_lossy(&script))
}

//! How a run of `pipec` fails: the messages it prints and the exit status it returns.
//!
//! Exit status 1 means the input is at fault (invalid pipeline, compile error, unreadable or
//! malformed source, failed package build, output not writable); 2 means the command line is
//! (clap's own usage errors, `--kind` with a target that has no kinds, an unknown or missing
//! `--pipeline`), so scripts can tell "fix the pipeline" from "fix the call".

use std::io::Write;
use std::process::ExitCode;

/// A failed run: every message to print, and whose fault it is.
#[derive(Debug)]
pub(super) struct Failure {
    usage: bool,
    messages: Vec<String>,
}

impl Failure {
    /// The command line is wrong (exit status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            usage: true,
            messages: vec![message.into()],
        }
    }

    /// The input is wrong or could not be processed (exit status 1).
    pub fn input(message: impl Into<String>) -> Self {
        Failure::inputs(vec![message.into()])
    }

    /// Several problems with the input (exit status 1).
    pub fn inputs(messages: Vec<String>) -> Self {
        Failure {
            usage: false,
            messages,
        }
    }

    /// All messages of several failures; a usage error if any of them is one.
    pub fn merge(failures: Vec<Failure>) -> Self {
        Failure {
            usage: failures.iter().any(|f| f.usage),
            messages: failures.into_iter().flat_map(|f| f.messages).collect(),
        }
    }

    /// Print every message to standard error as `error: …` and return the exit status.
    pub fn report(&self) -> ExitCode {
        let mut stderr = std::io::stderr().lock();
        for message in &self.messages {
            // Nothing useful is left to do when standard error itself cannot be written.
            let _ = writeln!(stderr, "error: {message}");
        }
        ExitCode::from(if self.usage { 2 } else { 1 })
    }
}

//! Pipelines defined by a Cargo package: pipec builds and runs the package's binary with
//! `--pipec-ir`, and the binary prints its pipelines as a JSON array of IR on standard output.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};

use pipec_dsl::IR_FLAG;

use super::{failure::Failure, source};

/// Build and run the package in `dir` and read the pipelines it prints.
pub(super) fn load(dir: &Path) -> Result<source::Loaded, Failure> {
    let origin = dir.display().to_string();
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Err(Failure::input(format!(
            "{origin}: is a directory without Cargo.toml; pass an IR file (.json, .yaml) or a \
             Cargo package directory"
        )));
    }
    let stdout = run(&manifest, &origin)?;
    let text = String::from_utf8(stdout)
        .map_err(|_| Failure::input(format!("{origin}: `{IR_FLAG}` output is not UTF-8 text")))?;
    source::parse(&text, format!("{origin} ({IR_FLAG} output)"))
}

/// Run `cargo run --quiet --manifest-path … -- --pipec-ir` and return its standard output.
/// Cargo's own messages (build errors included) go straight to the user's standard error.
fn run(manifest: &Path, origin: &str) -> Result<Vec<u8>, Failure> {
    // Cargo sets CARGO for the programs it runs; honouring it picks the same toolchain.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let output = Command::new(&cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(manifest)
        .args(["--", IR_FLAG])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| {
            Failure::input(format!(
                "{origin}: cannot run `{}`: {e} (set CARGO to the cargo binary)",
                Path::new(&cargo).display()
            ))
        })?;
    if !output.status.success() {
        return Err(Failure::input(format!(
            "{origin}: `cargo run -- {IR_FLAG}` failed ({}); the messages above say why",
            output.status
        )));
    }
    Ok(output.stdout)
}

//! Reading a SOURCE: an IR file, standard input, or a Cargo package directory.

use std::io::Read;
use std::path::Path;

use pipec_dsl::{ir::Pipeline, ir_file};

use super::{failure::Failure, package};

/// The pipelines of a source, and how to name the source in messages.
#[derive(Debug)]
pub(super) struct Loaded {
    /// The file, `<stdin>`, or the package directory.
    pub origin: String,
    /// At least one pipeline, in the order the source gives them.
    pub pipelines: Vec<Pipeline>,
}

/// Read every pipeline of `source`.
pub(super) fn load(source: &Path) -> Result<Loaded, Failure> {
    if source == Path::new("-") {
        return parse(&read_stdin()?, "<stdin>".to_string());
    }
    if source.is_dir() {
        return package::load(source);
    }
    // A package's manifest stands for the package, as with `cargo --manifest-path`.
    if source.file_name().is_some_and(|n| n == "Cargo.toml") {
        let dir = source.parent().unwrap_or(Path::new("."));
        return package::load(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        });
    }
    let origin = source.display().to_string();
    let text = std::fs::read_to_string(source)
        .map_err(|e| Failure::input(format!("{origin}: cannot read: {e}")))?;
    parse(&text, origin)
}

/// Parse IR text (JSON or YAML, one pipeline or a list).
pub(super) fn parse(text: &str, origin: String) -> Result<Loaded, Failure> {
    let pipelines = ir_file::parse(text, &origin).map_err(|e| Failure::input(e.to_string()))?;
    if pipelines.is_empty() {
        return Err(Failure::input(format!("{origin}: defines no pipelines")));
    }
    Ok(Loaded { origin, pipelines })
}

fn read_stdin() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::input(format!("<stdin>: cannot read: {e}")))?;
    Ok(text)
}

//! Writing results: to standard output, or atomically to a file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::failure::Failure;

/// Print `text` to standard output. A closed pipe (`pipec … | head`) is not an error.
pub(super) fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Failure::input(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Write `text` to `path` or, without a path, to standard output.
pub(super) fn emit(text: &str, path: Option<&Path>) -> Result<(), Failure> {
    match path {
        Some(path) => write_atomically(path, text)
            .map_err(|e| Failure::input(format!("{}: cannot write: {e}", path.display()))),
        None => print(text),
    }
}

/// Write to a temporary file beside `path`, then rename it over `path`, so readers never see a
/// half-written file and an existing file survives any failure.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let temp = temp_path(path);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        // The temporary file is ours and useless now; failing to remove it changes nothing.
        let _ = fs::remove_file(&temp);
    }
    written
}

/// `dir/.name.pipec-<pid>.tmp`: hidden, in the same directory (so the rename stays on one file
/// system), and distinct per process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    path.with_file_name(format!(".{name}.pipec-{}.tmp", std::process::id()))
}

//! What pipec's tests share: random pipelines ([`random`]) and the golden inputs — every IR file in `tests/in/` and every example
//! package's pipeline — so the golden, semantics and conformance tests all cover the same set.

pub mod random;

use std::path::{Path, PathBuf};

use pipec_dsl::ir::Pipeline;
use pipec_dsl::ir_file;

/// The IR files (`.yaml`, `.json`) in a folder of this package, sorted by name.
///
/// # Panics
/// When the folder cannot be read: the test tree is incomplete.
pub fn ir_files(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

/// The pipelines of `tests/in/`, each named by its file stem.
///
/// # Panics
/// When a file does not parse or holds other than one pipeline.
pub fn input_files() -> Vec<(String, Pipeline)> {
    ir_files("in")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut pipelines = ir_file::parse(&text, &path.display().to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                pipelines.len(),
                1,
                "{}: one pipeline per golden input",
                path.display()
            );
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, pipelines.remove(0))
        })
        .collect()
}

/// The example packages' pipelines, built through the DSL, named `example-<pipeline>`.
///
/// # Panics
/// When an example fails to build.
pub fn examples() -> Vec<(String, Pipeline)> {
    let built = [
        pipec_example_praxi::praxi(),
        pipec_example_rmi::rmi(),
        pipec_example_tuun::tuun(),
        pipec_example_mlops::mlops(),
        pipec_example_kfp_components::reuse(),
    ];
    built
        .into_iter()
        .map(|p| p.unwrap_or_else(|e| panic!("{e}")))
        .map(|p| (format!("example-{}", p.name), p))
        .collect()
}

/// Every golden input: the files of `tests/in/`, then the examples.
pub fn golden_inputs() -> Vec<(String, Pipeline)> {
    input_files().into_iter().chain(examples()).collect()
}

//! Bad input: every IR file in `tests/invalid/` holds one kind of mistake, and validation must
//! report exactly the lines of the `.expected` file beside it (one error per line, in order).
//! Every golden input in `tests/in/` must validate.
//!
//! After changing a message, regenerate with
//! `UPDATE_EXPECTED=1 cargo test -p pipec-tests --test invalid` and read the diff before keeping it.

use std::path::Path;

use pipec_dsl::{ir_file, validate};

use pipec_tests::ir_files;

/// Every validation error for the pipelines in a file, one displayed error per line.
fn error_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let pipelines = ir_file::parse(&text, &path.display().to_string())
        .unwrap_or_else(|e| panic!("an invalid input must still parse: {e}"));
    pipelines
        .into_iter()
        .filter_map(|p| validate(p).err())
        .flat_map(|errors| errors.0)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn invalid_inputs_give_the_expected_errors() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let files = ir_files("invalid");
    assert!(!files.is_empty(), "tests/invalid has inputs");
    let mut failures = Vec::new();
    for path in files {
        let actual = error_lines(&path);
        let expected_path = path.with_extension("expected");
        if actual.is_empty() {
            failures.push(format!("{}: validates, but should not", path.display()));
            continue;
        }
        let actual_text = actual.join("\n") + "\n";
        if update {
            std::fs::write(&expected_path, &actual_text).unwrap();
            continue;
        }
        let expected_text = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected_text != actual_text {
            failures.push(format!(
                "{}:\n--- expected\n{expected_text}+++ actual\n{actual_text}",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(regenerate with UPDATE_EXPECTED=1 and review the diff)",
        failures.join("\n")
    );
}

#[test]
fn every_expected_file_has_an_input() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("invalid");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            let has_input = ["yaml", "json"]
                .iter()
                .any(|ext| path.with_extension(ext).exists());
            assert!(has_input, "{}: no input beside it", path.display());
        }
    }
}

#[test]
fn golden_inputs_validate() {
    let failures: Vec<String> = ir_files("in")
        .iter()
        .filter_map(|path| {
            let lines = error_lines(path);
            (!lines.is_empty()).then(|| format!("{}:\n{}", path.display(), lines.join("\n")))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

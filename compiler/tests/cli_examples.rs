//! The `pipec` commands on every example package, through the package path (pipec builds the
//! package and asks its binary for the IR): `list`, `validate`, `graph` and `compile`, whose YAML
//! must be the golden snapshot the DSL path produced.

use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: &[(&str, &str)] = &[
    ("praxi", "praxi"),
    ("rmi", "rmi"),
    ("tuun", "tuun"),
    ("mlops", "mlops"),
    ("kfp-components", "kfp-components"),
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `pipec` with the examples built into the test's own scratch directory.
fn pipec(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pipec"))
        .args(args)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-packages"),
        )
        .output()
        .expect("pipec runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A golden snapshot's body: the text after insta's header.
fn golden(target: &str, pipeline: &str) -> String {
    let path = repo().join(format!("tests/out/{target}/example-{pipeline}.snap"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text.splitn(3, "---\n").nth(2).expect("an insta header");
    body.to_string()
}

#[test]
fn every_command_works_on_every_example_package() {
    for (dir, pipeline) in EXAMPLES {
        let source = repo().join("examples").join(dir).display().to_string();

        let (code, stdout, stderr) = pipec(&["list", &source]);
        assert_eq!(code, 0, "list {dir}: {stderr}");
        assert!(
            stdout.starts_with(&format!("{pipeline}\t")),
            "list {dir}: {stdout}"
        );

        let (code, stdout, stderr) = pipec(&["validate", &source]);
        assert_eq!(code, 0, "validate {dir}: {stderr}");
        assert!(
            stdout.starts_with(&format!("ok: {pipeline} (")),
            "validate {dir}: {stdout}"
        );

        let (code, stdout, stderr) = pipec(&["graph", &source]);
        assert_eq!(code, 0, "graph {dir}: {stderr}");
        assert!(stdout.starts_with("digraph "), "graph {dir}: {stdout}");

        let (code, stdout, stderr) = pipec(&["compile", &source, "--target", "argo"]);
        assert_eq!(code, 0, "compile {dir}: {stderr}");
        assert_eq!(
            stdout,
            golden("argo", pipeline),
            "compile {dir} --target argo"
        );
    }
}

#[test]
fn a_target_that_cannot_express_an_example_says_why() {
    let source = repo().join("examples/mlops").display().to_string();
    let (code, stdout, stderr) = pipec(&["compile", &source, "--target", "kfp"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("task `seldon-deploy`"), "{stderr}");
    assert!(stderr.contains("Kubernetes resource step"), "{stderr}");
}

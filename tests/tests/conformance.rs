//! Conformance: pipec's output must be accepted by the real engines' checkers.
//!
//! The checkers are Python (`tests/conformance/check.py`, run in `<repo>/.venv` made by
//! `tests/conformance/bootstrap.sh`): Argo's JSON schemas and CRD with its CEL rules plus
//! `argo lint`'s rules, the KFP SDK loading and compiling the IR plus the KFP backend's rules,
//! Katib's schema and webhook rules, and a YAML 1.1 read-back. These tests run it over the goldens,
//! over deliberately broken fixtures (each must fail with its expected message), over valid
//! hand-written fixtures (both Argo memoize forms, quoted look-alike strings), and over the
//! engines' own reference output (which must pass).
//!
//! Without the venv or the reference data the tests print a notice and pass, except under `CI=true`,
//! where a missing checker is a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pipec_compiler::{Options, Target, compile};

/// Reference files the engines themselves emit that legitimately fail, with the message they must
/// fail with. The KFP SDK writes a resource-limit channel (`set_cpu_limit(param)`) inside a group
/// without declaring it on the group component, which the backend cannot resolve.
const KNOWN_REFERENCE_FAILURES: &[(&str, &str)] = &[
    (
        "kfp/sdk-compiled/j_extras.yaml",
        "componentInputParameter 'pipelinechannel--cpu' is not declared",
    ),
    (
        "kfp/sdk-compiled/k_resource_params.yaml",
        "componentInputParameter 'pipelinechannel--cpu' is not declared",
    ),
];

/// The reference directories and files whose YAML must pass the runner.
const REFERENCE_INPUTS: &[&str] = &[
    "argo/examples",
    "kfp/sdk-compiled",
    "katib/example-argo-workflow-experiment.yaml",
];

/// The conformance runner: the venv's Python, the script, and the reference data it reads.
struct Runner {
    python: PathBuf,
    script: PathBuf,
    reference: PathBuf,
}

/// What one run of the runner printed and how it exited.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The runner's output, for failure messages.
    fn report(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Problem lines grouped by the file they name (`FILE:doc N:...`).
    fn problems_by_file(&self) -> BTreeMap<String, Vec<String>> {
        let mut files: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in self.stdout.lines() {
            if let Some((file, _)) = line.split_once(":doc ") {
                files
                    .entry(file.to_owned())
                    .or_default()
                    .push(line.to_owned());
            }
        }
        files
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Finds the runner, or explains why it is missing (a failure under `CI=true`, else a skip).
fn runner(test: &str) -> Option<Runner> {
    let python = std::env::var_os("PIPEC_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../.venv/bin/python"));
    let reference = std::env::var_os("PIPEC_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("../../shared/reference"));
    let script = manifest_dir().join("conformance/check.py");
    let missing: Vec<String> = [&python, &reference]
        .into_iter()
        .filter(|path| !path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if missing.is_empty() {
        return Some(Runner {
            python,
            script,
            reference,
        });
    }
    let notice = format!(
        "conformance checker unavailable ({} missing); run tests/conformance/bootstrap.sh, \
         or set PIPEC_PYTHON / PIPEC_REFERENCE_DIR",
        missing.join(", ")
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{notice}");
    eprintln!("skipping {test}: {notice}");
    None
}

impl Runner {
    /// Runs the checker over `paths`.
    fn run(&self, paths: &[PathBuf]) -> Run {
        let output = Command::new(&self.python)
            .arg(&self.script)
            .args(paths)
            .env("PIPEC_REFERENCE_DIR", &self.reference)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.python.display()));
        let run = Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "the checker crashed:\n{}",
            run.report()
        );
        run
    }
}

/// Files with the given extension directly inside `dir`, sorted.
fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some(extension))
        .collect();
    files.sort();
    files
}

#[test]
fn goldens_are_accepted_by_the_engines() {
    let Some(runner) = runner("goldens_are_accepted_by_the_engines") else {
        return;
    };
    let out = manifest_dir().join("out");
    std::fs::create_dir_all(&out).expect("tests/out can be created");
    let run = runner.run(&[out]);
    assert!(
        run.success,
        "goldens rejected by the engines' checkers:\n{}",
        run.report()
    );
}

#[test]
fn random_pipelines_are_accepted_by_the_engines() {
    let Some(runner) = runner("random_pipelines_are_accepted_by_the_engines") else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-pipelines");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    for (i, pipeline) in pipec_tests::random::sample(40).into_iter().enumerate() {
        let checked = pipec_dsl::validate(pipeline).expect("random pipelines are valid");
        for target in [Target::Argo, Target::Kfp] {
            let yaml = compile(&checked, target, &Options::default())
                .unwrap_or_else(|e| panic!("random pipeline {i} for {}: {e}", target.name()));
            std::fs::write(dir.join(format!("{i:02}-{}.yaml", target.name())), yaml).unwrap();
        }
    }
    let run = runner.run(&[dir]);
    assert!(run.success, "random pipelines rejected:\n{}", run.report());
}

#[test]
fn broken_fixtures_fail_with_their_expected_message() {
    let Some(runner) = runner("broken_fixtures_fail_with_their_expected_message") else {
        return;
    };
    let dir = manifest_dir().join("conformance/negative");
    let fixtures = files_with_extension(&dir, "yaml");
    assert!(fixtures.len() >= 10, "negative fixtures are missing");
    let run = runner.run(&fixtures);
    assert!(!run.success, "broken fixtures passed:\n{}", run.report());
    let problems = run.problems_by_file();
    for fixture in &fixtures {
        let expected_path = fixture.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let expected = expected.trim();
        let lines = problems
            .get(&fixture.display().to_string())
            .cloned()
            .unwrap_or_default();
        assert!(
            lines.iter().any(|line| line.contains(expected)),
            "{} should fail with {expected:?}; the checker said:\n{}",
            fixture.display(),
            lines.join("\n")
        );
    }
}

#[test]
fn valid_fixtures_pass() {
    let Some(runner) = runner("valid_fixtures_pass") else {
        return;
    };
    let run = runner.run(&[manifest_dir().join("conformance/positive")]);
    assert!(
        run.success && run.stdout.contains(" passed, 0 failed"),
        "valid fixtures were rejected:\n{}",
        run.report()
    );
}

#[test]
fn engines_own_output_is_accepted() {
    let Some(runner) = runner("engines_own_output_is_accepted") else {
        return;
    };
    let inputs: Vec<PathBuf> = REFERENCE_INPUTS
        .iter()
        .map(|path| runner.reference.join(path))
        .collect();
    let run = runner.run(&inputs);
    let mut problems = run.problems_by_file();
    for (file, message) in KNOWN_REFERENCE_FAILURES {
        let path = runner.reference.join(file).display().to_string();
        let lines = problems.remove(&path).unwrap_or_default();
        assert!(
            lines.iter().any(|line| line.contains(message)),
            "{file} is known to fail with {message:?}; the checker said:\n{}",
            lines.join("\n")
        );
    }
    assert!(
        problems.is_empty(),
        "the engines' own output was rejected:\n{}",
        problems
            .into_values()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

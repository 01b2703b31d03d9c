//! The `pipec` binary, driven as a user drives it: arguments in; standard output, standard error
//! and exit status out. Fixtures live in `tests/fixtures/`.
//!
//! The graph snapshots (`fixtures/flow.dot`, `fixtures/flow.mmd`) are compared byte for byte;
//! after a deliberate change, rewrite them with `PIPEC_BLESS=1 cargo test -p pipec-compiler --test cli`
//! and review the diff.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What one run of `pipec` did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o
                .status
                .code()
                .expect("pipec exited normally, not by a signal"),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pipec"));
    c.args(args);
    // Fixture packages build into the test's own scratch directory, not beside pipec's build.
    c.env(
        "CARGO_TARGET_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-packages"),
    );
    c
}

fn pipec(args: &[&str]) -> Run {
    command(args).stdin(Stdio::null()).output().unwrap().into()
}

fn pipec_with_stdin(args: &[&str], input: &str) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

/// A fresh, empty directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn assert_snapshot(expected_file: &str, actual: &str) {
    let path = fixture(expected_file);
    if std::env::var_os("PIPEC_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{expected_file} differs from the output (PIPEC_BLESS=1 rewrites it)\n--- actual\n{actual}"
    );
}

// ---- command line manners ----

#[test]
fn help_shows_examples_and_exit_codes() {
    let run = pipec(&["--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for needle in [
        "Examples:",
        "pipec compile pipeline.yaml --target argo",
        "Exit status",
    ] {
        assert!(run.stdout.contains(needle), "missing {needle:?}: {run:?}");
    }
}

#[test]
fn version_is_the_crate_version() {
    let run = pipec(&["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, format!("pipec {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_arguments_is_a_usage_error() {
    let run = pipec(&[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("Usage:"), "{run:?}");
}

#[test]
fn misspelled_subcommand_gets_a_suggestion() {
    let run = pipec(&["compil", &fixture("flow.yaml")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("'compile'"), "{run:?}");
}

#[test]
fn unknown_target_is_a_usage_error_with_suggestion() {
    let run = pipec(&["compile", &fixture("flow.yaml"), "--target", "argoo"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("'argo'"), "{run:?}");
    assert!(run.stderr.contains("argo, kfp, katib"), "{run:?}");
}

#[test]
fn target_is_required() {
    let run = pipec(&["compile", &fixture("flow.yaml")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--target"), "{run:?}");
}

#[test]
fn kind_with_the_kfp_target_is_a_usage_error() {
    let file = fixture("flow.yaml");
    let run = pipec(&["compile", &file, "--target", "kfp", "--kind", "workflow"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--kind"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn argo_version_with_the_kfp_target_is_a_usage_error() {
    let file = fixture("flow.yaml");
    let run = pipec(&["compile", &file, "--target", "kfp", "--argo-version", "v3"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--argo-version"), "{run:?}");
}

#[test]
fn kind_selects_the_argo_resource() {
    let file = fixture("two.json");
    let args = ["compile", &file, "-p", "first", "-t", "argo"];
    let run = pipec(&[&args[..], &["--kind", "workflow-template"]].concat());
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("\nkind: WorkflowTemplate\n"), "{run:?}");
    // A CronWorkflow needs a schedule, which this pipeline lacks: the backend says so.
    let run = pipec(&[&args[..], &["--kind", "cron-workflow"]].concat());
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .starts_with(&format!("error: {file}: pipeline first")),
        "{run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
}

// ---- reading sources ----

#[test]
fn missing_file_names_the_file() {
    let file = fixture("no-such-file.yaml");
    let run = pipec(&["validate", &file]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .starts_with(&format!("error: {file}: cannot read")),
        "{run:?}"
    );
}

#[test]
fn malformed_json_names_file_and_line() {
    let file = fixture("malformed.json");
    let run = pipec(&["compile", &file, "--target", "argo"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!("error: {file}: ")),
        "{run:?}"
    );
    assert!(run.stderr.contains("line 1"), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn malformed_yaml_names_the_file() {
    let file = fixture("malformed.yaml");
    let run = pipec(&["validate", &file]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!("error: {file}: ")),
        "{run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn an_empty_list_defines_no_pipelines() {
    let run = pipec_with_stdin(&["list", "-"], "[]");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr, "error: <stdin>: defines no pipelines\n");
}

#[test]
fn standard_input_is_read_for_dash() {
    let text = std::fs::read_to_string(fixture("two.json")).unwrap();
    let run = pipec_with_stdin(&["validate", "-", "--pipeline", "second"], &text);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "ok: second (1 task)\n");
}

#[test]
fn a_directory_without_cargo_toml_is_refused() {
    let dir = fixture("");
    let run = pipec(&["list", &dir]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("without Cargo.toml"), "{run:?}");
}

// ---- choosing a pipeline ----

#[test]
fn unknown_pipeline_lists_the_available_ones() {
    let file = fixture("two.json");
    let run = pipec(&["compile", &file, "--target", "argo", "--pipeline", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        format!("error: {file}: no pipeline named `nope`; available: first, second\n")
    );
}

#[test]
fn several_pipelines_need_a_choice_to_compile_or_draw() {
    let file = fixture("two.json");
    for args in [
        vec!["compile", &file, "--target", "kfp"],
        vec!["graph", &file],
    ] {
        let run = pipec(&args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("defines 2 pipelines (first, second)"),
            "{run:?}"
        );
        assert!(run.stderr.contains("--pipeline NAME"), "{run:?}");
    }
}

// ---- validate and list ----

#[test]
fn validate_checks_every_pipeline() {
    let run = pipec(&["validate", &fixture("two.json")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "ok: first (2 tasks)\nok: second (1 task)\n");
    assert!(run.stderr.is_empty(), "{run:?}");
}

#[test]
fn validate_counts_tasks_in_every_scope() {
    let run = pipec(&["validate", &fixture("flow.yaml")]);
    assert_eq!(run.code, 0, "{run:?}");
    // prepare, retrain, publish, cleanup, score-shard, merge, report
    assert_eq!(run.stdout, "ok: flow (7 tasks)\n");
}

#[test]
fn invalid_pipeline_errors_name_file_pipeline_and_task() {
    let file = fixture("unknown-component.yaml");
    let run = pipec(&["validate", &file]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("error: {file}: pipeline broken › task hello")),
        "{run:?}"
    );
    assert!(run.stderr.contains("no-such-component"), "{run:?}");
}

#[test]
fn validate_reports_each_pipeline_of_a_mixed_source() {
    let input = r#"[
      {"name": "good", "root": {"nodes": []}},
      {"name": "bad", "root": {"nodes": [{"task": {"name": "t", "component": "missing"}}]}}
    ]"#;
    let run = pipec_with_stdin(&["validate", "-"], input);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "ok: good (0 tasks)\n");
    assert!(
        run.stderr
            .starts_with("error: <stdin>: pipeline bad › task t"),
        "{run:?}"
    );
}

#[test]
fn list_shows_name_tasks_parameters_and_description() {
    let run = pipec(&["list", &fixture("two.json")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "first\t2 tasks\trows: int = 100, label: string\tThe first of two pipelines\n\
         second\t1 task\t-\t-\n"
    );
}

// ---- compile ----

#[test]
fn invalid_pipeline_is_not_compiled_and_output_is_left_alone() {
    let dir = scratch("invalid-output");
    let out = dir.join("out.yaml");
    std::fs::write(&out, "previous\n").unwrap();
    let file = fixture("unknown-component.yaml");
    let run = pipec(&[
        "compile",
        &file,
        "--target",
        "argo",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("pipeline broken"), "{run:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no stray files"
    );
}

#[test]
fn output_file_holds_exactly_what_stdout_would() {
    let dir = scratch("output-file");
    let file = fixture("two.json");
    for target in ["argo", "kfp", "katib"] {
        let out = dir.join(format!("{target}.yaml"));
        let args = ["compile", &file, "--pipeline", "first", "--target", target];
        let to_stdout = pipec(&args);
        let mut with_output = args.to_vec();
        with_output.extend(["-o", out.to_str().unwrap()]);
        let to_file = pipec(&with_output);
        assert_eq!(to_file.code, to_stdout.code, "{to_file:?}");
        assert!(to_file.stdout.is_empty(), "{to_file:?}");
        if to_stdout.code == 0 {
            assert!(!to_stdout.stdout.is_empty(), "{to_stdout:?}");
            assert_eq!(std::fs::read_to_string(&out).unwrap(), to_stdout.stdout);
        } else {
            // A backend that cannot compile the pipeline says where and leaves no file.
            assert_eq!(to_stdout.code, 1, "{to_stdout:?}");
            assert!(
                to_file
                    .stderr
                    .starts_with(&format!("error: {file}: pipeline first")),
                "{to_file:?}"
            );
            assert!(!out.exists(), "{target}: nothing written on error");
        }
    }
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(
        left.iter()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")),
        "no temporary files are left behind"
    );
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let dir = scratch("missing-dir");
    let out = dir.join("no/such/dir/out.yaml");
    let file = fixture("unknown-component.yaml");
    // Whether it fails at validation or at writing, it fails with status 1 and a message.
    let run = pipec(&[
        "compile",
        &file,
        "--target",
        "argo",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
}

// ---- graph ----

#[test]
fn graph_dot_matches_snapshot() {
    let run = pipec(&["graph", &fixture("flow.yaml")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_snapshot("flow.dot", &run.stdout);
}

#[test]
fn graph_mermaid_matches_snapshot() {
    let run = pipec(&["graph", &fixture("flow.yaml"), "--format", "mermaid"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_snapshot("flow.mmd", &run.stdout);
}

#[test]
fn graph_of_one_of_several_pipelines() {
    let run = pipec(&[
        "graph",
        &fixture("two.json"),
        "-p",
        "first",
        "-f",
        "mermaid",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "flowchart TB\n  %% pipeline first\n  t0(\"hello<br/>(echo)\")\n  \
         t1(\"bye<br/>(echo)\")\n  t0 -.-> t1\n"
    );
}

#[test]
fn graph_of_an_invalid_pipeline_reports_its_errors() {
    let run = pipec(&["graph", &fixture("unknown-component.yaml")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("no-such-component"), "{run:?}");
}

#[test]
fn unknown_graph_format_is_a_usage_error() {
    let run = pipec(&["graph", &fixture("flow.yaml"), "--format", "svg"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("dot, mermaid"), "{run:?}");
}

// ---- schema ----

#[test]
fn schema_is_the_ir_json_schema() {
    let run = pipec(&["schema"]);
    assert_eq!(run.code, 0, "{run:?}");
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(schema["title"], "Pipeline");
    assert!(schema["$schema"].is_string(), "{schema}");
    assert!(schema["properties"]["root"].is_object(), "{schema}");
}

// ---- Cargo packages ----

#[test]
fn package_pipelines_are_read_from_its_binary() {
    let dir = fixture("pkg");
    let run = pipec(&["list", &dir]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "from-package\t1 task\t-\tDefined by a Cargo package\nother\t0 tasks\t-\t-\n"
    );
    let manifest = fixture("pkg/Cargo.toml");
    let run = pipec(&["validate", &manifest, "--pipeline", "from-package"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "ok: from-package (1 task)\n");
}

#[test]
fn package_that_does_not_build_shows_cargo_output() {
    let dir = fixture("pkg-broken");
    let run = pipec(&["validate", &dir]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("error[E0308]"),
        "cargo's error: {run:?}"
    );
    assert!(
        run.stderr
            .contains(&format!("error: {dir}: `cargo run -- --pipec-ir` failed")),
        "{run:?}"
    );
}

#[test]
fn a_missing_cargo_binary_is_reported() {
    let run: Run = command(&["list", &fixture("pkg")])
        .env("CARGO", "/nonexistent/cargo")
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("cannot run `/nonexistent/cargo`"),
        "{run:?}"
    );
}

// ---- completions ----

#[test]
fn completion_scripts_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let run = pipec(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        for word in ["compile", "validate", "graph", "list", "schema", "mermaid"] {
            assert!(run.stdout.contains(word), "{shell}: no {word:?}: {run:?}");
        }
    }
}

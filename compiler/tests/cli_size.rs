//! `pipec compile` warns when its output is over 1 MiB, naming the size, the largest contributors
//! and the tasks a loop would write once; a small output gets no warning. An Argo 4 workflow with
//! more templates than its CRD accepts gets a warning too.

#[path = "../benches/shapes.rs"]
mod shapes;

use std::path::PathBuf;
use std::process::Command;

use shapes::Shape;

/// Write the shape's IR to a scratch file and compile it to `target`; returns (status, stderr).
fn compile(shape: Shape, n: usize, target: &str) -> (i32, String) {
    compile_with(shape, n, &["--target", target])
}

fn compile_with(shape: Shape, n: usize, flags: &[&str]) -> (i32, String) {
    let target = flags.concat().replace('-', "");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-size");
    std::fs::create_dir_all(&dir).unwrap();
    let ir = dir.join(format!("{}-{n}.json", shape.name()));
    std::fs::write(&ir, serde_json::to_string(&shape.build(n)).unwrap()).unwrap();
    let out = dir.join(format!("{}-{n}-{target}.yaml", shape.name()));
    let run = Command::new(env!("CARGO_BIN_EXE_pipec"))
        .args(["compile", ir.to_str().unwrap()])
        .args(flags)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let size = std::fs::metadata(&out).map_or(0, |m| m.len());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(size > 0, "{stderr}");
    (run.status.code().unwrap(), stderr)
}

#[test]
fn a_large_fan_out_gets_the_size_its_contributors_and_a_loop() {
    for target in ["argo", "kfp"] {
        let (code, stderr) = compile(Shape::FanOut, 8000, target);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!("warning: the {target} output is ")),
            "{stderr}"
        );
        assert!(stderr.contains("bytes, over 1 MiB"), "{stderr}");
        assert!(
            stderr.contains("largest contributors: component `step`: 8000 tasks"),
            "{stderr}"
        );
        assert!(
            stderr.contains("7999 tasks of component `step` (step-1, step-2, …)"),
            "{stderr}"
        );
        assert!(stderr.contains("`for_each`"), "{stderr}");
    }
}

#[test]
fn a_large_chain_gets_no_loop_suggested() {
    let (code, stderr) = compile(Shape::Chain, 8000, "argo");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("over 1 MiB"), "{stderr}");
    assert!(!stderr.contains("for_each"), "{stderr}");
}

#[test]
fn a_small_output_gets_no_warning() {
    let (code, stderr) = compile(Shape::FanOut, 100, "kfp");
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn too_many_argo_templates_get_a_warning_for_argo_4_only() {
    // 125 blocks of nested conditions: 250 branch templates.
    let (code, stderr) = compile(Shape::Conditions, 500, "argo");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("templates and Argo 4 accepts at most 200"),
        "{stderr}"
    );
    assert!(!stderr.contains("over 1 MiB"), "{stderr}");
    let (code, stderr) = compile_with(
        Shape::Conditions,
        500,
        &["--target", "argo", "--argo-version", "v3"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
}

//! Equivalence with the KFP SDK: for each `tests/kfp_equivalence/<name>.py` (the pipeline of
//! `tests/in/<name>.yaml` written with the KFP SDK), pipec's KFP output must match what the SDK
//! compiles, modulo `sdkVersion` and component sharing (see `compare.py`). pipec's output must also
//! parse into KFP's protos with unknown fields rejected.
//!
//! The Python interpreter is `$PIPEC_PYTHON`, else the repo's venv `../.venv/bin/python`
//! (created by `tests/conformance/bootstrap.sh`). Without one the test is skipped, except under
//! `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use pipec_compiler::{Options, Target, compile};
use pipec_dsl::{ir_file, validate};

fn python() -> Option<PathBuf> {
    let path = std::env::var_os("PIPEC_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python"));
    path.exists().then_some(path)
}

/// The `<name>.py` pipelines that have an IR twin in `tests/in/`.
fn pairs(dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let inputs = dir.join("../in");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/kfp_equivalence exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter_map(|py| {
            let name = py.file_stem()?.to_string_lossy().into_owned();
            let ir = inputs.join(format!("{name}.yaml"));
            ir.exists().then_some((name, py, ir))
        })
        .collect();
    out.sort();
    out
}

/// pipec's KFP YAML for an IR file, written where the comparison script can read it.
fn pipec_output(name: &str, ir: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(ir).map_err(|e| e.to_string())?;
    let mut pipelines =
        ir_file::parse(&text, &ir.display().to_string()).map_err(|e| e.to_string())?;
    let checked = validate(pipelines.remove(0)).map_err(|e| e.to_string())?;
    let yaml = compile(&checked, Target::Kfp, &Options::default()).map_err(|e| e.to_string())?;
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kfp-equivalence-{name}.yaml"));
    std::fs::write(&out, yaml).map_err(|e| e.to_string())?;
    Ok(out)
}

#[test]
fn kfp_output_matches_the_kfp_sdk() {
    let Some(python) = python() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "no Python with kfp: run tests/conformance/bootstrap.sh or set PIPEC_PYTHON"
        );
        eprintln!(
            "skipped: no Python with kfp (run tests/conformance/bootstrap.sh or set PIPEC_PYTHON)"
        );
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("kfp_equivalence");
    let pairs = pairs(&dir);
    assert!(
        !pairs.is_empty(),
        "no tests/kfp_equivalence/*.py with a tests/in twin"
    );
    let mut failures = Vec::new();
    for (name, py, ir) in pairs {
        let result = pipec_output(&name, &ir).and_then(|yaml| {
            let run = Command::new(&python)
                .arg(dir.join("compare.py"))
                .arg(&py)
                .arg(&yaml)
                .output()
                .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
            if run.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{}{}",
                    String::from_utf8_lossy(&run.stdout),
                    String::from_utf8_lossy(&run.stderr)
                ))
            }
        });
        if let Err(diff) = result {
            failures.push(format!("── {name} ──\n{diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "pipec differs from the KFP SDK:\n{}",
        failures.join("\n")
    );
}

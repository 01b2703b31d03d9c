//! Golden snapshots: every IR file in `tests/in/` and every example pipeline compiled to every
//! target, written to `tests/out/<target>/<name>.snap` (examples as `example-<name>`). A target that cannot express a pipeline records the error it
//! gives, so that too is reviewed.
//!
//! Review changes with `cargo insta review` (or accept new ones with `INSTA_UPDATE=always`).

use std::path::{Path, PathBuf};

use pipec_compiler::{Options, Target, compile};
use pipec_dsl::{ir::Pipeline, ir_file, validate};

/// The example packages' pipelines, built through the DSL.
fn examples() -> Vec<(String, Pipeline)> {
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

fn inputs() -> Vec<(String, Pipeline)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("in");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/in exists")
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
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let mut pipelines = ir_file::parse(&text, &path.display().to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                pipelines.len(),
                1,
                "{}: one pipeline per golden input",
                path.display()
            );
            (stem, pipelines.remove(0))
        })
        .collect()
}

/// What `pipec compile` prints for a pipeline and target: the YAML, or the error.
pub fn golden_text(pipeline: &Pipeline, target: Target) -> String {
    let checked = validate(pipeline.clone()).unwrap_or_else(|e| panic!("{}: {e}", pipeline.name));
    match compile(&checked, target, &Options::default()) {
        Ok(yaml) => yaml,
        Err(e) => format!("{e}\n"),
    }
}

#[test]
fn goldens() {
    for (name, pipeline) in inputs().into_iter().chain(examples()) {
        for target in Target::ALL {
            let text = golden_text(&pipeline, target);
            assert_eq!(
                text,
                golden_text(&pipeline, target),
                "{name} → {target:?} is deterministic"
            );
            insta::with_settings!({
                snapshot_path => format!("../out/{}", target.name()),
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("{name} compiled for {}", target.name()),
            }, {
                insta::assert_snapshot!(name.clone(), text);
            });
        }
    }
}

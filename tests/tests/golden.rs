//! Golden snapshots: every IR file in `tests/in/` and every example pipeline compiled to every
//! target, written to `tests/out/<target>/<name>.snap` (examples as `example-<name>`). A target that cannot express a pipeline records the error it
//! gives, so that too is reviewed.
//!
//! Review changes with `cargo insta review` (or accept new ones with `INSTA_UPDATE=always`).

use pipec_compiler::{Options, Target, compile};
use pipec_dsl::{ir::Pipeline, validate};

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
    for (name, pipeline) in pipec_tests::golden_inputs() {
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

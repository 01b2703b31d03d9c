//! The IR version: this pipec reads only the version it writes.

use super::ValidationError;
use super::index::Index;
use super::rules::Part;
use crate::ir::IR_VERSION;

/// Check the pipeline's `ir_version`.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let version = &index.pipeline.ir_version;
    if version != IR_VERSION {
        errors.push(index.location.then("ir_version").error(format!(
            "unsupported IR version `{version}`; this pipec reads `{IR_VERSION}`, so regenerate \
             the IR with it or leave the field out"
        )));
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn only_the_current_version() {
        let mut p = pipeline(vec![]);
        assert_eq!(run(check, &p), Vec::<String>::new());
        p.ir_version = "pipec.dev/ir/v9".into();
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › ir_version: unsupported IR version `pipec.dev/ir/v9`; this pipec reads \
              `pipec.dev/ir/v1alpha1`, so regenerate the IR with it or leave the field out"
            ]
        );
    }
}

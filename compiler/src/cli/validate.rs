//! `pipec validate`, and the validation step every other command shares.

use pipec_dsl::{Validated, ir::Pipeline};

use super::args::ValidateArgs;
use super::{diagnostic, failure::Failure, output, select, source, summary};

/// Run `pipec validate`: `ok: <pipeline> (<n> tasks)` on standard output for each valid
/// pipeline, every error of the others on standard error.
pub(super) fn run(args: &ValidateArgs) -> Result<(), Failure> {
    let loaded = source::load(&args.source.source)?;
    let origin = loaded.origin.clone();
    let mut errors = Vec::new();
    for pipeline in select::some(loaded, args.pipeline.as_deref())? {
        match checked(&origin, pipeline) {
            Ok(p) => output::print(&format!("ok: {} ({})\n", p.name, summary::tasks(&p)))?,
            Err(failure) => errors.push(failure),
        }
    }
    match errors.len() {
        0 => Ok(()),
        _ => Err(Failure::merge(errors)),
    }
}

/// Validate one pipeline of `origin`; on failure, every error named by file and pipeline.
pub(super) fn checked(origin: &str, pipeline: Pipeline) -> Result<Validated<Pipeline>, Failure> {
    let name = pipeline.name.clone();
    pipec_dsl::validate(pipeline)
        .map_err(|e| Failure::inputs(diagnostic::validation(origin, &name, &e)))
}

//! `pipec graph`: draw one validated pipeline.

use super::args::GraphArgs;
use super::{failure::Failure, output, select, source, validate};

/// Run `pipec graph`.
pub(super) fn run(args: &GraphArgs) -> Result<(), Failure> {
    let loaded = source::load(&args.source.source)?;
    let origin = loaded.origin.clone();
    let pipeline = select::one(loaded, args.pipeline.pipeline.as_deref())?;
    // Drawing an invalid pipeline would show edges to nothing; report its errors instead.
    let checked = validate::checked(&origin, pipeline)?;
    output::print(&crate::graph::render(&checked, args.format))
}

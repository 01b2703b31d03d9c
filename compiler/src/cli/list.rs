//! `pipec list`: one tab-separated line per pipeline: name, tasks, parameters, description.

use super::args::ListArgs;
use super::{failure::Failure, output, source, summary};

/// Run `pipec list`. Pipelines are listed as read, valid or not.
pub(super) fn run(args: &ListArgs) -> Result<(), Failure> {
    let loaded = source::load(&args.source.source)?;
    let text: String = loaded
        .pipelines
        .iter()
        .map(|p| {
            let description = p.description.as_deref().unwrap_or("-");
            // One line per pipeline even when the description has several.
            let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(
                "{}\t{}\t{}\t{description}\n",
                p.name,
                summary::tasks(p),
                summary::parameters(p)
            )
        })
        .collect();
    output::print(&text)
}

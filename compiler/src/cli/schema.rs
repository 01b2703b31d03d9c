//! `pipec schema`: the JSON Schema of the pipeline IR, for editors and other tools.

use pipec_dsl::ir::Pipeline;

use super::{failure::Failure, output};

/// Run `pipec schema`.
pub(super) fn run() -> Result<(), Failure> {
    let schema = schemars::schema_for!(Pipeline);
    let mut text = serde_json::to_string_pretty(&schema)
        .map_err(|e| Failure::input(format!("cannot write the schema: {e}")))?;
    text.push('\n');
    output::print(&text)
}

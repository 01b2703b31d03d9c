//! Recognising a KFP v2 pipeline-spec file (what `kfp.compiler` writes, also for a single
//! component), which shares the `.yaml` extension with v1 components but not their format.

use super::error::{ComponentYamlError, ErrorKind, Position};

/// Top-level keys that only a v2 pipeline spec has.
const V2_KEYS: &[&str] = &["pipelineInfo:", "deploymentSpec:", "schemaVersion:"];

/// An error when `text` is a v2 pipeline spec rather than a v1 component, pointing at the first
/// top-level v2 key.
pub(super) fn reject(text: &str) -> Option<ComponentYamlError> {
    if text.lines().any(|l| l.starts_with("implementation:")) {
        return None;
    }
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| V2_KEYS.iter().any(|k| l.starts_with(k)))?;
    let key = line.split(':').next().unwrap_or(line);
    let message = format!(
        "this is a KFP v2 pipeline spec (top-level `{key}`), not a v1 component.yaml; load the \
         component's v1 `component.yaml` (with `implementation: {{container: ...}}`) instead"
    );
    let line = u64::try_from(index).map_or(0, |i| i + 1);
    Some(
        ComponentYamlError::new(ErrorKind::Unsupported, message)
            .at(Some(Position { line, column: 1 })),
    )
}

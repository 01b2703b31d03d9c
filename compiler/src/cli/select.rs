//! Choosing pipelines of a source by `--pipeline`.

use pipec_dsl::ir::Pipeline;

use super::{failure::Failure, source::Loaded};

/// The one pipeline a command works on: the named one, or the only one.
pub(super) fn one(loaded: Loaded, name: Option<&str>) -> Result<Pipeline, Failure> {
    if name.is_none() && loaded.pipelines.len() > 1 {
        return Err(Failure::usage(format!(
            "{} defines {} pipelines ({}); choose one with --pipeline NAME",
            loaded.origin,
            loaded.pipelines.len(),
            names(&loaded.pipelines)
        )));
    }
    let mut chosen = some(loaded, name)?;
    Ok(chosen.remove(0))
}

/// The named pipeline, or every pipeline when no name is given.
pub(super) fn some(loaded: Loaded, name: Option<&str>) -> Result<Vec<Pipeline>, Failure> {
    let Some(name) = name else {
        return Ok(loaded.pipelines);
    };
    let available = names(&loaded.pipelines);
    match loaded.pipelines.into_iter().find(|p| p.name == name) {
        Some(p) => Ok(vec![p]),
        None => Err(Failure::usage(format!(
            "{}: no pipeline named `{name}`; available: {available}",
            loaded.origin
        ))),
    }
}

fn names(pipelines: &[Pipeline]) -> String {
    pipelines
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

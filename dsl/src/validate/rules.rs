//! The validation rules, in the order they run. Each rule walks the pipeline in declaration order,
//! so the errors come out in a stable order: by rule, then by position in the pipeline.

use super::ValidationError;
use super::index::Index;
use super::{
    components, conditions, cycles, durations, env, loops, names, outputs, references, resources,
    scopes, settings, tuning, types, version, volumes,
};
use crate::ir::Pipeline;

/// A rule: look at the indexed pipeline, push every problem found.
type Rule = fn(&Index<'_>, &mut Vec<ValidationError>);

/// Every rule. The IR version comes first (a pipeline from another version may mean something
/// else entirely), then names (a clash makes later messages ambiguous), then the components the
/// tasks call, then the wiring between tasks, then per-task and pipeline settings.
const RULES: [Rule; 16] = [
    version::check,
    names::check,
    components::check,
    references::check,
    scopes::check,
    types::check,
    cycles::check,
    conditions::check,
    loops::check,
    outputs::check,
    resources::check,
    durations::check,
    volumes::check,
    env::check,
    settings::check,
    tuning::check,
];

/// Run every rule over the pipeline.
pub(super) fn check(pipeline: &Pipeline) -> Vec<ValidationError> {
    let index = Index::new(pipeline);
    let mut errors = Vec::new();
    for rule in RULES {
        rule(&index, &mut errors);
    }
    errors
}

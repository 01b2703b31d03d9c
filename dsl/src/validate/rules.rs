//! The validation rules, in the order they run. Each rule walks the pipeline in declaration order,
//! so the errors come out in a stable order: by rule, then by position in the pipeline.
//!
//! A rule is made of parts. A part looks either at the pipeline as a whole or at one task or group
//! at a time. The per-task parts of all rules run in one walk over the tasks and groups, so a large
//! pipeline is read once while it is in the processor's cache rather than once per rule; each part
//! keeps its own errors, and they are put back in rule order at the end.

use super::ValidationError;
use super::index::{Index, NodeRef};
use super::{
    components, conditions, cycles, durations, env, loops, names, outputs, references, resources,
    scopes, settings, tuning, types, version, volumes,
};
use crate::ir::Pipeline;

/// One part of a rule.
#[derive(Clone, Copy)]
pub(super) enum Part {
    /// Look at the indexed pipeline, push every problem found.
    Whole(fn(&Index<'_>, &mut Vec<ValidationError>)),
    /// Look at one task or group, push every problem found; run for each in declaration order.
    Node(fn(&Index<'_>, NodeRef, &mut Vec<ValidationError>)),
}

/// Every rule, as its parts in the order their errors are reported. The IR version comes first (a
/// pipeline from another version may mean something else entirely), then names (a clash makes
/// later messages ambiguous), then the components the tasks call, then the wiring between tasks,
/// then per-task and pipeline settings.
const RULES: [&[Part]; 16] = [
    version::PARTS,
    names::PARTS,
    components::PARTS,
    references::PARTS,
    scopes::PARTS,
    types::PARTS,
    cycles::PARTS,
    conditions::PARTS,
    loops::PARTS,
    outputs::PARTS,
    resources::PARTS,
    durations::PARTS,
    volumes::PARTS,
    env::PARTS,
    settings::PARTS,
    tuning::PARTS,
];

/// Run every rule over the pipeline.
pub(super) fn check(pipeline: &Pipeline) -> Vec<ValidationError> {
    let index = Index::new(pipeline);
    let parts: Vec<Part> = RULES.iter().flat_map(|rule| rule.iter().copied()).collect();
    let mut found: Vec<Vec<ValidationError>> = parts.iter().map(|_| Vec::new()).collect();
    let mut per_node = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            Part::Whole(check) => check(&index, &mut found[i]),
            Part::Node(check) => per_node.push((i, check)),
        }
    }
    for &node in &index.nodes {
        for &(i, check) in &per_node {
            check(&index, node, &mut found[i]);
        }
    }
    found.concat()
}

/// Run every rule on its own, one after the other: what [`check`] must match.
#[cfg(test)]
pub(super) fn check_rule_by_rule(pipeline: &Pipeline) -> Vec<ValidationError> {
    let index = Index::new(pipeline);
    let mut errors = Vec::new();
    for rule in RULES {
        run(rule, &index, &mut errors);
    }
    errors
}

/// Run one rule's parts in turn (the rule alone, as its unit tests do).
#[cfg(test)]
pub(super) fn run(parts: &[Part], index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for part in parts {
        match *part {
            Part::Whole(check) => check(index, errors),
            Part::Node(check) => {
                for &node in &index.nodes {
                    check(index, node, errors);
                }
            }
        }
    }
}

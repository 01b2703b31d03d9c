//! Loops: something to iterate over, at a parallelism that can run.
//!
//! Static items are not empty; a parameter or task output iterated over is a list; parallelism,
//! when set, is at least 1.

use super::ValidationError;
use super::index::{Group, Index, NodeRef};
use super::rules::Part;
use super::types::a;
use crate::ir::{IoType, Loop, LoopItems, ParamType};

/// This rule: each loop in turn.
pub(super) const PARTS: &[Part] = &[Part::Node(check_group)];

/// Check every loop.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_group(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.group_at(node) else {
        return;
    };
    let Group::Loop(l) = site.group else {
        return;
    };
    if let Some(message) = items_problem(index, l) {
        errors.push(site.location().then("items").error(message));
    }
    if l.parallelism == Some(0) {
        errors.push(site.location().then("parallelism").error(
            "parallelism 0 would never run an iteration; use at least 1, or leave it unset for \
             no limit",
        ));
    }
}

fn items_problem(index: &Index<'_>, l: &Loop) -> Option<String> {
    match &l.items {
        LoopItems::Static(items) => items.is_empty().then(|| {
            "the loop has no items, so its body never runs; give at least one item".to_string()
        }),
        LoopItems::Parameter(name) => {
            let p = index.pipeline.parameter(name)?;
            (p.ty != ParamType::List).then(|| {
                format!(
                    "pipeline parameter `{name}` is {}, but a loop iterates over a list; \
                     declare it as `list`",
                    a(p.ty.name())
                )
            })
        }
        LoopItems::TaskOutput(r) => {
            let ty = index.output_type(r)?;
            (ty != IoType::Param(ParamType::List)).then(|| {
                let kind = if ty.is_artifact() { " artifact" } else { "" };
                format!(
                    "output `{}` of task `{}` is {}{kind}, but a loop iterates over a list \
                     parameter; loop over a `list` output",
                    r.output,
                    r.task,
                    a(ty.name())
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::Node;

    #[test]
    fn items_and_parallelism() {
        let mut bad_parallelism = for_each("e", LoopItems::Parameter("names".into()), vec![]);
        if let Node::Loop(l) = &mut bad_parallelism {
            l.parallelism = Some(0);
        }
        let p = pipeline(vec![
            produce("a"),
            for_each("b", LoopItems::Static(vec![]), vec![]),
            for_each("c", LoopItems::Parameter("rows".into()), vec![]),
            for_each("d", LoopItems::TaskOutput(output_ref("a", "data")), vec![]),
            bad_parallelism,
            for_each("f", LoopItems::TaskOutput(output_ref("a", "names")), vec![]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › loop b › items: the loop has no items, so its body never runs; \
                 give at least one item",
                "pipeline t › loop c › items: pipeline parameter `rows` is an int, but a loop \
                 iterates over a list; declare it as `list`",
                "pipeline t › loop d › items: output `data` of task `a` is a dataset artifact, \
                 but a loop iterates over a list parameter; loop over a `list` output",
                "pipeline t › loop e › parallelism: parallelism 0 would never run an iteration; \
                 use at least 1, or leave it unset for no limit",
            ]
        );
    }
}

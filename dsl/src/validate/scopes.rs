//! Scopes: a value is only used where it exists.
//!
//! A task may use outputs of tasks in its own scope or an enclosing one, never from inside a
//! condition branch, loop body or exit handler body it is not itself in: such an output may not
//! exist (the branch did not run) or exists once per iteration. The one way out of a loop is a
//! fan-in (`collected`), which must name a task inside a loop the consumer is outside of. A loop's
//! item exists only inside that loop. `after` follows the same visibility as data.

use super::ValidationError;
use super::index::{Consumer, Group, Index, NodeRef, Reference, TaskSite, Use};
use super::rules::Part;
use crate::ir::{LoopItemRef, TaskOutputRef};

/// This rule: every reference, then every `after` entry.
pub(super) const PARTS: &[Part] = &[
    Part::Node(check_node_uses),
    Part::Whole(check_output_uses),
    Part::Node(check_task_after),
];

/// Check every reference and `after` entry against the scopes.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_node_uses(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    for u in index.uses_of(node) {
        check_use(index, u, errors);
    }
}

fn check_output_uses(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for u in index.output_uses() {
        check_use(index, u, errors);
    }
}

fn check_task_after(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    if let Some(site) = index.task_at(node) {
        check_after(index, site, errors);
    }
}

fn check_use(index: &Index<'_>, u: &Use<'_>, errors: &mut Vec<ValidationError>) {
    let problem = match u.reference {
        Reference::Parameter(_) => None,
        Reference::TaskOutput(r) => output_problem(index, r, u),
        Reference::Collected(r) => collected_problem(index, r, u),
        Reference::LoopItem(r) => loop_item_problem(index, r, u),
    };
    if let Some(message) = problem {
        errors.push(index.use_location(u).error(message));
    }
}

/// `group `name`` as used in messages, e.g. ``loop `for-loop-1` ``.
fn describe(index: &Index<'_>, group: usize) -> String {
    let g = &index.groups[group].group;
    format!("{} `{}`", g.kind(), g.name())
}

fn output_problem(index: &Index<'_>, r: &TaskOutputRef, u: &Use<'_>) -> Option<String> {
    let producer = &index.tasks[u.producer? as usize];
    let hidden = index.hiding_group(producer.scope, u.scope)?;
    let place = describe(index, hidden);
    if let Consumer::Task(t) = u.consumer
        && index.tasks[t as usize].exit_of.map(|e| e as usize) == Some(hidden)
    {
        return Some(format!(
            "the exit task of {place} runs even when the body fails, so it cannot take output \
             `{}` of task `{}` from the body; remove this argument",
            r.output, r.task
        ));
    }
    let advice = match index.groups[hidden].group {
        Group::Loop(_) => format!(
            "it has one value per iteration: use `collected` to get the list of them, or move \
             this into {place}"
        ),
        Group::Branch(_) => format!("it may not exist: move this into {place}"),
        _ => format!("move this into {place}"),
    };
    Some(format!(
        "output `{}` of task `{}` is not available here because the task runs inside {place}; \
         {advice}",
        r.output, r.task
    ))
}

fn collected_problem(index: &Index<'_>, r: &TaskOutputRef, u: &Use<'_>) -> Option<String> {
    let producer = &index.tasks[u.producer? as usize];
    let Some(hidden) = index.hiding_group(producer.scope, u.scope) else {
        return Some(format!(
            "`collected` gathers a task's output across the iterations of a loop that contains \
             the task but not this use; task `{}` is in no such loop, so pass \
             `task_output` instead",
            r.task
        ));
    };
    if matches!(index.groups[hidden].group, Group::Loop(_)) {
        return None;
    }
    let place = describe(index, hidden);
    Some(format!(
        "output `{}` of task `{}` is not available here because the task runs inside {place}; \
         move this into {place}",
        r.output, r.task
    ))
}

fn loop_item_problem(index: &Index<'_>, r: &LoopItemRef, u: &Use<'_>) -> Option<String> {
    let (g, _) = index.loop_named(&r.loop_name)?;
    let body = index.groups[g].body?;
    (!index.encloses(body, u.scope)).then(|| {
        format!(
            "the item of loop `{}` exists only inside that loop; move this into the loop or \
             pass the list itself",
            r.loop_name
        )
    })
}

/// An `after` entry must name a task or group this task can see; depending on a task inside a
/// group means depending on the group.
fn check_after(index: &Index<'_>, site: &TaskSite<'_>, errors: &mut Vec<ValidationError>) {
    for name in &site.task.after {
        let target_scope = match (index.task(name), index.group_index(name)) {
            (Some(t), _) => t.scope,
            (None, Some(g)) => index.groups[g].scope,
            (None, None) => continue,
        };
        if let Some(hidden) = index.hiding_group(target_scope, site.scope) {
            let place = describe(index, hidden);
            errors.push(site.location().then("after").error(format!(
                "`{name}` runs inside {place}, which this task is outside of; \
                 depend on `{}` instead",
                index.groups[hidden].group.name()
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{CmpOp, LoopItems, Node};
    use serde_json::json;

    fn items() -> LoopItems {
        LoopItems::Static(vec![json!(1), json!(2)])
    }

    #[test]
    fn outputs_from_enclosing_scopes_are_fine() {
        let p = pipeline(vec![
            produce("a"),
            for_each(
                "l",
                items(),
                vec![node("b", "sum", [("values", out("a", "names"))])],
            ),
        ]);
        assert_eq!(run(check, &p), Vec::<String>::new());
    }

    #[test]
    fn outputs_from_a_loop_need_collected() {
        let p = pipeline(vec![
            for_each("l", items(), vec![produce("a")]),
            node("b", "sum", [("values", out("a", "names"))]),
            node("c", "sum", [("values", collected("a", "names"))]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task b › input values: output `names` of task `a` is not available \
              here because the task runs inside loop `l`; it has one value per iteration: use \
              `collected` to get the list of them, or move this into loop `l`"
            ]
        );
    }

    #[test]
    fn sibling_branches_and_exit_bodies_are_hidden() {
        let when = Some(compare(CmpOp::Eq, param("rows"), constant(json!(1))));
        let exit = task("cleanup", "sum", [("values", out("a", "names"))]);
        let p = pipeline(vec![
            condition(
                "c",
                vec![
                    branch("c-1", when, vec![produce("a")]),
                    branch(
                        "c-2",
                        None,
                        vec![node("b", "sum", [("values", out("a", "names"))])],
                    ),
                ],
            ),
            exit_handler("e", exit, vec![produce("x")]),
            node("y", "sum", [("values", out("x", "names"))]),
        ]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(errors[0].starts_with("pipeline t › task b › input values: output `names` of task `a` is not available here because the task runs inside branch `c-1`; it may not exist"));
        assert!(errors[1].contains("task cleanup") && errors[1].contains("branch `c-1`"));
        let exit = task("cleanup", "sum", [("values", out("x", "names"))]);
        let p = pipeline(vec![exit_handler("e", exit, vec![produce("x")])]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task cleanup › input values: the exit task of exit handler `e` runs \
              even when the body fails, so it cannot take output `names` of task `x` from the \
              body; remove this argument"
            ]
        );
        assert!(errors[2].contains("inside exit handler `e`; move this into exit handler `e`"));
    }

    #[test]
    fn collected_needs_a_loop_the_consumer_is_outside_of() {
        let p = pipeline(vec![
            produce("a"),
            node("b", "sum", [("values", collected("a", "names"))]),
            for_each(
                "l",
                items(),
                vec![
                    produce("c"),
                    node("d", "sum", [("values", collected("c", "names"))]),
                ],
            ),
        ]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].starts_with("pipeline t › task b › input values: `collected` gathers"));
        assert!(errors[1].starts_with("pipeline t › task d › input values: `collected` gathers"));
    }

    #[test]
    fn loop_items_only_inside_their_loop() {
        let p = pipeline(vec![
            for_each(
                "l",
                items(),
                vec![node("a", "produce", [("rows", item("l", None))])],
            ),
            node("b", "produce", [("rows", item("l", None))]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task b › input rows: the item of loop `l` exists only inside that \
              loop; move this into the loop or pass the list itself"
            ]
        );
    }

    #[test]
    fn after_a_task_inside_a_group() {
        let mut b = task("b", "echo", [("message", constant(json!("x")))]);
        b.after = vec!["a".into(), "l".into()];
        let p = pipeline(vec![
            for_each("l", items(), vec![produce("a")]),
            Node::Task(Box::new(b)),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task b › after: `a` runs inside loop `l`, which this task is outside \
              of; depend on `l` instead"
            ]
        );
    }

    #[test]
    fn pipeline_outputs_come_from_the_top_level() {
        let mut p = pipeline(vec![for_each("l", items(), vec![produce("a")])]);
        p.outputs.push(crate::ir::PipelineOutput {
            name: "n".into(),
            ty: crate::ir::IoType::Param(crate::ir::ParamType::List),
            from: output_ref("a", "names"),
        });
        let errors = run(check, &p);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("pipeline t › output n: output `names` of task `a`"));
    }
}

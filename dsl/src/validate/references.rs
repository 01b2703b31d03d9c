//! References: every name a task mentions exists.
//!
//! A task's component, the inputs it passes (declared by the component, and every required one
//! passed), its `after` entries, and every parameter, task output and loop it takes a value from.

use super::ValidationError;
use super::index::{Group, Index, NodeRef, Reference, TaskSite, Use};
use super::rules::Part;
use super::suggestion::hint;
use crate::ir::TaskOutputRef;

/// This rule: each task's component, inputs and `after`, then every value referenced.
pub(super) const PARTS: &[Part] = &[
    Part::Node(check_task),
    Part::Node(check_node_uses),
    Part::Whole(check_output_uses),
];

/// Check every reference in the pipeline.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    if let Some(site) = index.task_at(node) {
        check_component(index, site, errors);
        check_after(index, site, errors);
    }
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

/// The component exists, every argument names a declared input, and every required input is set.
fn check_component(index: &Index<'_>, site: &TaskSite<'_>, errors: &mut Vec<ValidationError>) {
    let task = site.task;
    let Some(component) = site.component else {
        let known = index.pipeline.components.keys().map(String::as_str);
        errors.push(site.location().error(format!(
            "unknown component `{}`{}",
            task.component,
            hint(&task.component, known)
        )));
        return;
    };
    for input in task.arguments.keys() {
        if component.input(input).is_none() {
            let known = component.inputs.iter().map(|i| i.name.as_str());
            errors.push(
                site.location()
                    .then(format_args!("input {input}"))
                    .error(format!(
                        "component `{}` has no input `{input}`{}",
                        component.name,
                        hint(input, known)
                    )),
            );
        }
    }
    for input in &component.inputs {
        if input.is_required() && !task.arguments.contains_key(&input.name) {
            errors.push(site.location().error(format!(
                "missing required input `{}` ({}) of component `{}`; pass a value for it",
                input.name,
                input.ty.name(),
                component.name
            )));
        }
    }
}

fn check_after(index: &Index<'_>, site: &TaskSite<'_>, errors: &mut Vec<ValidationError>) {
    for name in &site.task.after {
        if index.task_index(name).is_none() && index.group_index(name).is_none() {
            let tasks = index.tasks.iter().map(|t| t.task.name.as_str());
            let groups = index.groups.iter().map(|g| g.group.name());
            errors.push(site.location().then("after").error(format!(
                "unknown task or group `{name}`{}",
                hint(name, tasks.chain(groups))
            )));
        }
    }
}

fn check_use(index: &Index<'_>, u: &Use<'_>, errors: &mut Vec<ValidationError>) {
    let problem = match u.reference {
        Reference::Parameter(name) => index.pipeline.parameter(name).is_none().then(|| {
            let known = index.pipeline.parameters.iter().map(|p| p.name.as_str());
            format!("unknown pipeline parameter `{name}`{}", hint(name, known))
        }),
        Reference::TaskOutput(r) | Reference::Collected(r) => {
            output_problem(index, r, u.producer.map(|p| p as usize))
        }
        Reference::LoopItem(r) => index.loop_named(&r.loop_name).is_none().then(|| {
            let loops = index.groups.iter().filter_map(|g| match g.group {
                Group::Loop(l) => Some(l.name.as_str()),
                _ => None,
            });
            format!(
                "unknown loop `{}`{}",
                r.loop_name,
                hint(&r.loop_name, loops)
            )
        }),
    };
    if let Some(message) = problem {
        errors.push(index.use_location(u).error(message));
    }
}

/// Why a task output reference does not resolve. Nothing is said when the producing task calls an
/// unknown component: that task's own error covers it.
fn output_problem(index: &Index<'_>, r: &TaskOutputRef, producer: Option<usize>) -> Option<String> {
    let Some(producer) = producer else {
        let known = index.tasks.iter().map(|t| t.task.name.as_str());
        return Some(format!("unknown task `{}`{}", r.task, hint(&r.task, known)));
    };
    let component = index.tasks[producer].component?;
    if component.output(&r.output).is_some() {
        return None;
    }
    let known = component.outputs.iter().map(|o| o.name.as_str());
    Some(format!(
        "task `{}` (component `{}`) has no output `{}`{}",
        r.task,
        component.name,
        r.output,
        hint(&r.output, known)
    ))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{CmpOp, LoopItems};
    use serde_json::json;

    #[test]
    fn unknown_component_and_inputs() {
        let p = pipeline(vec![
            node("a", "produse", [("rows", param("rows"))]),
            node(
                "b",
                "echo",
                [
                    ("message", constant(json!("x"))),
                    ("mesage", constant(json!("y"))),
                ],
            ),
            node("c", "consume", [("count", constant(json!(1)))]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a: unknown component `produse`; did you mean `produce`?",
                "pipeline t › task b › input mesage: component `echo` has no input `mesage`; did \
                 you mean `message`?",
                "pipeline t › task c: missing required input `data` (dataset) of component \
                 `consume`; pass a value for it",
            ]
        );
    }

    #[test]
    fn unknown_values() {
        let p = pipeline(vec![
            produce("a"),
            node("b", "echo", [("message", param("lable"))]),
            node(
                "c",
                "consume",
                [("data", out("a", "dta")), ("count", out("z", "count"))],
            ),
            node("d", "echo", [("message", item("loop-1", None))]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task b › input message: unknown pipeline parameter `lable`; did you \
                 mean `label`?",
                "pipeline t › task c › input count: unknown task `z`; known: `a`, `b`, `c`, `d`",
                "pipeline t › task c › input data: task `a` (component `produce`) has no output \
                 `dta`; did you mean `data`?",
                "pipeline t › task d › input message: unknown loop `loop-1`",
            ]
        );
    }

    #[test]
    fn after_and_group_references() {
        let mut b = task("b", "echo", [("message", constant(json!("x")))]);
        b.after = vec!["a".into(), "loop-1".into(), "nope".into()];
        let cond = compare(CmpOp::Eq, param("missing"), constant(json!(1)));
        let p = pipeline(vec![
            produce("a"),
            for_each("loop-1", LoopItems::Parameter("nmes".into()), vec![]),
            crate::ir::Node::Task(Box::new(b)),
            condition("c-1", vec![branch("c-2", Some(cond), vec![])]),
        ]);
        let errors = run(check, &p);
        assert_eq!(
            errors,
            [
                "pipeline t › task b › after: unknown task or group `nope`; known: `a`, `b`, \
                 `loop-1`, `c-1`, `c-2`",
                "pipeline t › loop loop-1 › items: unknown pipeline parameter `nmes`; did you \
                 mean `names`?",
                "pipeline t › condition c-1 › branch c-2 › when: unknown pipeline parameter \
                 `missing`; known: `rows`, `label`, `rate`, `names`, `pvc`",
            ]
        );
    }
}

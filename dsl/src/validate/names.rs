//! Names: valid and unique.
//!
//! Pipeline, task, group and component names become Kubernetes names after
//! [`sanitize`](crate::name::sanitize), so they must sanitise to a non-empty DNS-1123 label, and
//! tasks and groups must stay unique after sanitising (`train_model` and `train-model` would be one
//! Argo task). Parameter, input and output names are identifiers.

use std::collections::BTreeMap;

use super::ValidationError;
use super::index::{Index, Label, NodeRef};
use super::location::Location;
use super::rules::Part;
use crate::name::{MAX_LABEL_LEN, is_identifier, sanitized};

/// Check every name in the pipeline.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let p = index.pipeline;
    if let Some(message) = label_problem("pipeline", &p.name, &sanitized(&p.name)) {
        errors.push(index.location.error(message));
    }
    check_nodes(index, errors);
    let params = p.parameters.iter().map(|x| x.name.as_str());
    check_identifiers(&index.location, "parameter", params, errors);
    let outputs = p.outputs.iter().map(|x| x.name.as_str());
    check_identifiers(&index.location, "output", outputs, errors);
    check_components(index, errors);
}

/// Why a name whose Kubernetes form is `label` does not make a Kubernetes name, if it does not.
fn label_problem(kind: &str, name: &str, label: &str) -> Option<String> {
    if label.is_empty() {
        Some(format!(
            "{kind} name `{name}` has no letters or digits, so it makes no Kubernetes name; \
             give it a name like `train-model`"
        ))
    } else if label.len() > MAX_LABEL_LEN {
        Some(format!(
            "{kind} name `{name}` is {} characters as a Kubernetes name (`{label}`); \
             the limit is {MAX_LABEL_LEN}, so shorten it",
            label.len()
        ))
    } else {
        None
    }
}

/// A task's or group's kind, name, Kubernetes name and location.
fn describe<'p>(index: &Index<'p>, node: NodeRef) -> (&'static str, &'p str, Label, Location) {
    match node {
        NodeRef::Task(i) => {
            let site = &index.tasks[i as usize];
            ("task", site.task.name.as_str(), site.label, site.location())
        }
        NodeRef::Group(i) => {
            let site = &index.groups[i as usize];
            (
                site.group.kind(),
                site.group.name(),
                site.label,
                site.location(),
            )
        }
    }
}

/// The Kubernetes name of a task or group.
fn label(index: &Index<'_>, node: NodeRef) -> Label {
    match node {
        NodeRef::Task(i) => index.tasks[i as usize].label,
        NodeRef::Group(i) => index.groups[i as usize].label,
    }
}

/// Task and group names: valid, and unique across the pipeline as written and after sanitising.
/// The index found which names clash while it had them at hand; only problems are written out.
fn check_nodes(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for &node in &index.nodes {
        if label(index, node) == Label::First {
            continue;
        }
        let (kind, name, label, location) = describe(index, node);
        let message = match label {
            Label::First => continue,
            Label::Invalid => label_problem(kind, name, &sanitized(name)),
            Label::Taken(first) => {
                let (first_kind, first_name, ..) = describe(index, first);
                Some(clash(kind, name, first_kind, first_name, &sanitized(name)))
            }
        };
        if let Some(message) = message {
            errors.push(location.error(message));
        }
    }
}

fn clash(kind: &str, name: &str, first_kind: &str, first_name: &str, label: &str) -> String {
    if name == first_name {
        format!(
            "the name `{name}` is already used by {first_kind} `{first_name}`; \
             task and group names must be unique in the pipeline, so rename one"
        )
    } else {
        format!(
            "{kind} `{name}` and {first_kind} `{first_name}` both become `{label}` as \
             Kubernetes names; rename one"
        )
    }
}

/// Identifier-shaped names (parameters, inputs, outputs): valid and unique within their list.
fn check_identifiers<'a>(
    parent: &Location,
    kind: &str,
    names: impl IntoIterator<Item = &'a str>,
    errors: &mut Vec<ValidationError>,
) {
    let mut seen = Vec::new();
    for name in names {
        let location = || parent.then(format_args!("{kind} {name}"));
        if !is_identifier(name) {
            let hint = identifier_hint(name);
            errors.push(location().error(format!(
                "{kind} name `{name}` is not an identifier: use letters, digits and `_`, \
                 not starting with a digit{hint}"
            )));
        } else if seen.contains(&name) {
            errors.push(location().error(format!(
                "{kind} `{name}` is declared twice; remove or rename one"
            )));
        }
        seen.push(name);
    }
}

/// `; for example `top_k`` when replacing the bad characters gives an identifier.
fn identifier_hint(name: &str) -> String {
    let mut fixed: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if fixed.starts_with(|c: char| c.is_ascii_digit()) {
        fixed.insert(0, '_');
    }
    if is_identifier(&fixed) && fixed.chars().any(|c| c.is_ascii_alphanumeric()) {
        format!(", e.g. `{fixed}`")
    } else {
        String::new()
    }
}

/// Component names make template names, so they follow the task rules; their inputs and outputs
/// are identifiers.
fn check_components(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (key, component) in &index.pipeline.components {
        let location = index.location.then(format_args!("component {key}"));
        let label = sanitized(key);
        if let Some(message) = label_problem("component", key, &label) {
            errors.push(location.error(message));
        } else if let Some(first) = seen.get(label.as_ref()) {
            errors.push(location.error(clash("component", key, "component", first, &label)));
        } else {
            seen.insert(label.into_owned(), key);
        }
        let inputs = component.inputs.iter().map(|x| x.name.as_str());
        check_identifiers(&location, "input", inputs, errors);
        let outputs = component.outputs.iter().map(|x| x.name.as_str());
        check_identifiers(&location, "output", outputs, errors);
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{IoSpec, IoType, LoopItems, ParamType};

    #[test]
    fn sanitised_names_collide() {
        let p = pipeline(vec![produce("train_model"), produce("train-model")]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task train-model: task `train-model` and task `train_model` both \
              become `train-model` as Kubernetes names; rename one"
            ]
        );
    }

    #[test]
    fn a_sanitised_name_collides_with_an_earlier_plain_one() {
        let p = pipeline(vec![produce("train-model"), produce("train_model")]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task train_model: task `train_model` and task `train-model` both \
              become `train-model` as Kubernetes names; rename one"
            ]
        );
    }

    #[test]
    fn groups_share_the_namespace() {
        let items = LoopItems::Static(vec![1.into()]);
        let p = pipeline(vec![produce("x"), for_each("x", items, vec![echo("y")])]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("pipeline t › loop x: the name `x` is already used by task `x`")
        );
    }

    #[test]
    fn names_must_make_labels() {
        let mut p = pipeline(vec![produce("__"), produce(&"a".repeat(64))]);
        p.name = "Ok Name".into();
        let errors = run(check, &p);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("task name `__` has no letters or digits"));
        assert!(errors[1].contains("is 64 characters as a Kubernetes name"));
        p.name = "!!!".into();
        assert!(run(check, &p)[0].starts_with("pipeline !!!: pipeline name `!!!` has no letters"));
    }

    #[test]
    fn identifiers() {
        let mut p = pipeline(vec![]);
        p.parameters[0].name = "top-k".into();
        p.parameters[1].name = "rate".into();
        let c = p.components.get_mut("echo").unwrap();
        c.outputs
            .push(IoSpec::new("1st", IoType::Param(ParamType::Int)));
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › parameter top-k: parameter name `top-k` is not an identifier: use \
                 letters, digits and `_`, not starting with a digit, e.g. `top_k`",
                "pipeline t › parameter rate: parameter `rate` is declared twice; remove or \
                 rename one",
                "pipeline t › component echo › output 1st: output name `1st` is not an \
                 identifier: use letters, digits and `_`, not starting with a digit, e.g. `_1st`",
            ]
        );
    }

    #[test]
    fn component_names_collide_after_sanitising() {
        let mut p = pipeline(vec![]);
        let mut c = p.components["echo"].clone();
        c.name = "Echo".into();
        p.components.insert("Echo".into(), c);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("both become `echo`"), "{errors:?}");
    }
}

//! Types: what a task passes to an input fits what the component declares.
//!
//! Constants are checked with [`ParamType::accepts`], parameters and outputs with
//! [`ParamType::assignable_to`] and [`ArtifactType::assignable_to`]; an artifact never goes where a
//! parameter is declared or the other way round. A fan-in (`collected`) is a list. A loop item is
//! whatever JSON the list holds: any parameter type fits, unless the items are written in the
//! pipeline and show otherwise. Defaults of parameters and inputs must fit their types too.

use std::fmt;

use serde_json::Value;

use super::ValidationError;
use super::index::{Index, NodeRef, Resolved};
use super::location::Location;
use super::rules::Part;
use crate::ir::{Argument, ArtifactType, IoType, LoopItemRef, LoopItems, ParamType, TaskOutputRef};

/// Where a typed value comes from, written out only when a message needs it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source<'p> {
    /// ``pipeline parameter `k` ``.
    Parameter(&'p str),
    /// ``output `tags` of task `taggen` ``.
    Output(&'p TaskOutputRef),
    /// ``collected output `tags` of task `taggen` (one value per iteration)``.
    Collected(&'p TaskOutputRef),
}

impl fmt::Display for Source<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Parameter(name) => write!(f, "pipeline parameter `{name}`"),
            Source::Output(r) => write!(f, "output `{}` of task `{}`", r.output, r.task),
            Source::Collected(r) => write!(
                f,
                "collected output `{}` of task `{}` (one value per iteration)",
                r.output, r.task
            ),
        }
    }
}

/// What is known about the type of an argument's value.
#[derive(Debug, Clone)]
pub(super) enum ValueType<'p> {
    /// A constant.
    Constant(&'p Value),
    /// A typed parameter value; `source` says where it comes from, for messages.
    Param {
        /// The type.
        ty: ParamType,
        /// Where it comes from.
        source: Source<'p>,
    },
    /// An artifact.
    Artifact {
        /// The type.
        ty: ArtifactType,
        /// Where it comes from.
        source: Source<'p>,
    },
    /// A loop item whose values are written in the pipeline.
    Items {
        /// The values.
        values: ItemValues<'p>,
        /// The loop's name.
        loop_name: &'p str,
    },
    /// A loop item known only at run time: any JSON value.
    AnyJson,
    /// Not known: the reference does not resolve (reported by the reference rules), or a
    /// collected artifact (reported here).
    Unknown,
}

/// The type of the value an argument gives.
pub(super) fn type_of<'p>(index: &Index<'p>, resolved: Resolved<'p>) -> ValueType<'p> {
    match resolved.argument {
        Argument::Constant(v) => ValueType::Constant(v),
        Argument::Parameter(name) => match index.pipeline.parameter(name) {
            Some(p) => ValueType::Param {
                ty: p.ty,
                source: Source::Parameter(name),
            },
            None => ValueType::Unknown,
        },
        Argument::TaskOutput(r) => {
            let source = Source::Output(r);
            match resolved.output_type(index) {
                Some(IoType::Param(ty)) => ValueType::Param { ty, source },
                Some(IoType::Artifact(ty)) => ValueType::Artifact { ty, source },
                None => ValueType::Unknown,
            }
        }
        Argument::Collected(r) => match resolved.output_type(index) {
            Some(IoType::Param(_)) => ValueType::Param {
                ty: ParamType::List,
                source: Source::Collected(r),
            },
            _ => ValueType::Unknown,
        },
        Argument::LoopItem(r) => loop_item_type(index, r),
    }
}

/// The values a loop item takes when the items are written in the pipeline: each item, or the
/// named field of each item.
#[derive(Debug, Clone, Copy)]
pub(super) struct ItemValues<'p> {
    items: &'p [Value],
    field: Option<&'p str>,
}

impl<'p> ItemValues<'p> {
    /// The values, in item order. A missing field is reported by `field_problem`; the values of
    /// the items that have it still count.
    pub fn iter(self) -> impl Iterator<Item = &'p Value> {
        let field = self.field;
        self.items.iter().filter_map(move |item| match field {
            None => Some(item),
            Some(field) => item.get(field),
        })
    }
}

fn loop_item_type<'p>(index: &Index<'p>, r: &'p LoopItemRef) -> ValueType<'p> {
    let Some((_, l)) = index.loop_named(&r.loop_name) else {
        return ValueType::Unknown;
    };
    let LoopItems::Static(items) = &l.items else {
        return ValueType::AnyJson;
    };
    ValueType::Items {
        values: ItemValues {
            items,
            field: r.field.as_deref(),
        },
        loop_name: &l.name,
    }
}

/// The JSON type of a value, in the IR's words.
pub(super) fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "struct",
    }
}

/// The parameter type a JSON value naturally has (`None` for null).
pub(super) fn json_param_type(value: &Value) -> Option<ParamType> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => ParamType::Bool,
        Value::Number(n) if n.is_i64() || n.is_u64() => ParamType::Int,
        Value::Number(_) => ParamType::Float,
        Value::String(_) => ParamType::String,
        Value::Array(_) => ParamType::List,
        Value::Object(_) => ParamType::Struct,
    })
}

/// A constant written short enough for a message.
fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// Why a value of type `given` cannot go where `expected` is declared, or `None` if it can.
/// `what` names the receiving end, e.g. ``input `top_k` ``.
pub(super) fn mismatch(
    given: &ValueType<'_>,
    expected: IoType,
    what: impl fmt::Display,
) -> Option<String> {
    match (given, expected) {
        (ValueType::Unknown | ValueType::AnyJson, _) => None,
        (ValueType::Constant(v), IoType::Param(ty)) => (!ty.accepts(v)).then(|| {
            format!(
                "{what} is {} but the constant {} is {}; pass {}",
                ty.name(),
                show(v),
                a(json_type_name(v)),
                a(ty.name())
            )
        }),
        (ValueType::Constant(_), IoType::Artifact(ty)) => Some(format!(
            "{what} is {} artifact, which a constant cannot provide; pass a task output or \
             bring the file in with an importer",
            a(ty.name())
        )),
        (ValueType::Param { ty, source }, IoType::Param(expected)) => (!ty.assignable_to(expected))
            .then(|| {
                format!(
                    "{what} is {} but {source} is {}; pass {} value",
                    expected.name(),
                    ty.name(),
                    a(expected.name())
                )
            }),
        (ValueType::Param { ty, source }, IoType::Artifact(expected)) => Some(format!(
            "{what} is {} artifact but {source} is {} parameter; pass an artifact, or import the \
             file it names with an importer",
            a(expected.name()),
            a(ty.name())
        )),
        (ValueType::Artifact { ty, source }, IoType::Artifact(expected)) => {
            (!ty.assignable_to(expected)).then(|| {
                format!(
                    "{what} is {} artifact but {source} is {} artifact; pass {} (or declare it as \
                     `artifact` to take any)",
                    a(expected.name()),
                    a(ty.name()),
                    a(expected.name())
                )
            })
        }
        (ValueType::Artifact { ty, source }, IoType::Param(expected)) => Some(format!(
            "{what} is {} parameter but {source} is {} artifact; artifacts are files, so declare \
             it as an artifact or pass a parameter",
            a(expected.name()),
            a(ty.name())
        )),
        (ValueType::Items { values, loop_name }, IoType::Param(ty)) => {
            let (i, v) = values.iter().enumerate().find(|(_, v)| !ty.accepts(v))?;
            Some(format!(
                "{what} is {} but item {} of loop `{loop_name}` is {} ({}); make the items {} \
                 values",
                ty.name(),
                i + 1,
                show(v),
                a(json_type_name(v)),
                ty.name()
            ))
        }
        (ValueType::Items { loop_name, .. }, IoType::Artifact(ty)) => Some(format!(
            "{what} is {} artifact but the items of loop `{loop_name}` are parameter values; \
             pass an artifact",
            a(ty.name())
        )),
    }
}

/// `int` → `an int`, `string` → `a string`.
pub(super) fn a(word: &str) -> String {
    let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {word}")
}

/// This rule: defaults, then each task's arguments.
pub(super) const PARTS: &[Part] = &[Part::Whole(check_defaults), Part::Node(check_task)];

/// Check every task argument, loop item field and default.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.task_at(node) else {
        return;
    };
    let Some(component) = site.component else {
        return;
    };
    let mut uses = index.uses_of(node).iter();
    for (input, argument) in &site.task.arguments {
        let resolved = Resolved::next(argument, &mut uses);
        let location = || site.location().then(format_args!("input {input}"));
        if let Some(message) = argument_problem(index, resolved) {
            errors.push(location().error(message));
            continue;
        }
        let Some(spec) = component.input(input) else {
            continue;
        };
        if let Argument::Collected(r) = argument
            && spec.ty != IoType::Param(ParamType::List)
        {
            errors.push(location().error(format!(
                "input `{input}` is {} but `collected` gives a list (the values of output \
                 `{}` of task `{}`, one per iteration); declare the input as `list`",
                spec.ty.name(),
                r.output,
                r.task
            )));
            continue;
        }
        let given = type_of(index, resolved);
        if let Some(message) = mismatch(&given, spec.ty, format_args!("input `{input}`")) {
            errors.push(location().error(message));
        }
    }
}

/// Problems an argument has whatever it is passed to: a field of loop items that lack it, or a
/// collected artifact.
pub(super) fn argument_problem(index: &Index<'_>, resolved: Resolved<'_>) -> Option<String> {
    match resolved.argument {
        Argument::LoopItem(r) => field_problem(index, r),
        Argument::Collected(r) => match resolved.output_type(index) {
            Some(IoType::Artifact(ty)) => Some(format!(
                "output `{}` of task `{}` is {} artifact, and only parameter outputs can be \
                 collected; collect a parameter (e.g. the artifact's URI) instead",
                r.output,
                r.task,
                a(ty.name())
            )),
            _ => None,
        },
        _ => None,
    }
}

fn field_problem(index: &Index<'_>, r: &LoopItemRef) -> Option<String> {
    let field = r.field.as_ref()?;
    let (_, l) = index.loop_named(&r.loop_name)?;
    match &l.items {
        LoopItems::Static(items) => {
            let i = items.iter().position(|item| item.get(field).is_none())?;
            Some(format!(
                "item {} of loop `{}` has no field `{field}`; give every item that field or \
                 use the whole item",
                i + 1,
                l.name
            ))
        }
        LoopItems::Parameter(_) | LoopItems::TaskOutput(_) => None,
    }
}

/// Defaults of pipeline parameters and component inputs fit their types.
fn check_defaults(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for p in &index.pipeline.parameters {
        if let Some(default) = &p.default {
            let location = index.location.then(format_args!("parameter {}", p.name));
            default_problem(&location, default, IoType::Param(p.ty), errors);
        }
    }
    for (key, component) in &index.pipeline.components {
        for input in &component.inputs {
            if let Some(default) = &input.default {
                let location = index
                    .location
                    .then(format_args!("component {key}"))
                    .then(format_args!("input {}", input.name));
                default_problem(&location, default, input.ty, errors);
            }
        }
    }
}

fn default_problem(
    location: &Location,
    default: &Value,
    ty: IoType,
    errors: &mut Vec<ValidationError>,
) {
    let message = match ty {
        IoType::Param(p) if !p.accepts(default) => format!(
            "the default {} is {}, not {}; give {} default",
            show(default),
            a(json_type_name(default)),
            a(p.name()),
            a(p.name())
        ),
        IoType::Artifact(art) => format!(
            "an artifact input ({}) cannot have a default value; make it optional instead",
            art.name()
        ),
        IoType::Param(_) => return,
    };
    errors.push(location.error(message));
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn constants() {
        let p = pipeline(vec![
            node("a", "produce", [("rows", constant(json!("5")))]),
            node(
                "b",
                "train",
                [
                    ("data", constant(json!("s3://x"))),
                    ("rate", constant(json!(1))),
                ],
            ),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a › input rows: input `rows` is int but the constant \"5\" is \
                 a string; pass an int",
                "pipeline t › task b › input data: input `data` is a dataset artifact, which a \
                 constant cannot provide; pass a task output or bring the file in with an importer",
            ]
        );
    }

    #[test]
    fn parameters_and_outputs() {
        let p = pipeline(vec![
            node("a", "produce", [("rows", param("rate"))]),
            node(
                "b",
                "train",
                [("data", out("a", "data")), ("rate", param("rows"))],
            ),
            node(
                "c",
                "consume",
                [("data", out("b", "model")), ("count", out("b", "score"))],
            ),
            node("d", "echo", [("message", out("a", "data"))]),
            node(
                "e",
                "train",
                [("data", param("label")), ("rate", out("a", "count"))],
            ),
        ]);
        let errors = run(check, &p);
        assert_eq!(
            errors,
            [
                "pipeline t › task a › input rows: input `rows` is int but pipeline parameter \
                 `rate` is float; pass an int value",
                "pipeline t › task c › input count: input `count` is int but output `score` of \
                 task `b` is float; pass an int value",
                "pipeline t › task c › input data: input `data` is a dataset artifact but output \
                 `model` of task `b` is a model artifact; pass a dataset (or declare it as \
                 `artifact` to take any)",
                "pipeline t › task d › input message: input `message` is a string parameter but \
                 output `data` of task `a` is a dataset artifact; artifacts are files, so declare \
                 it as an artifact or pass a parameter",
                "pipeline t › task e › input data: input `data` is a dataset artifact but pipeline \
                 parameter `label` is a string parameter; pass an artifact, or import the file it \
                 names with an importer",
            ]
        );
    }

    #[test]
    fn collected_is_a_list() {
        let items = LoopItems::Static(vec![json!(1)]);
        let p = pipeline(vec![
            for_each("l", items, vec![produce("a")]),
            node("b", "sum", [("values", collected("a", "count"))]),
            node("c", "produce", [("rows", collected("a", "count"))]),
            node("d", "sum", [("values", collected("a", "data"))]),
        ]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(
            errors[0],
            "pipeline t › task c › input rows: input `rows` is int but `collected` gives a list \
             (the values of output `count` of task `a`, one per iteration); declare the input as \
             `list`"
        );
        assert!(errors[1].contains("only parameter outputs can be collected"));
    }

    #[test]
    fn loop_items() {
        let objects = LoopItems::Static(vec![json!({"n": 1}), json!({"n": "x"}), json!({})]);
        let p = pipeline(vec![
            for_each(
                "l",
                objects,
                vec![
                    node("a", "produce", [("rows", item("l", Some("n")))]),
                    node("b", "echo", [("message", item("l", Some("m")))]),
                ],
            ),
            for_each(
                "m",
                LoopItems::Parameter("names".into()),
                vec![node("c", "produce", [("rows", item("m", None))])],
            ),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a › input rows: item 3 of loop `l` has no field `n`; give \
                 every item that field or use the whole item",
                "pipeline t › task b › input message: item 1 of loop `l` has no field `m`; give \
                 every item that field or use the whole item",
            ]
        );
        let p = pipeline(vec![for_each(
            "l",
            LoopItems::Static(vec![json!(1), json!("x")]),
            vec![node("a", "produce", [("rows", item("l", None))])],
        )]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a › input rows: input `rows` is int but item 2 of loop `l` is \
              \"x\" (a string); make the items int values"
            ]
        );
    }

    #[test]
    fn defaults() {
        let mut p = pipeline(vec![]);
        p.parameters[0].default = Some(json!("ten"));
        p.components.get_mut("consume").unwrap().inputs[0].default = Some(json!("x"));
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › parameter rows: the default \"ten\" is a string, not an int; give \
                 an int default",
                "pipeline t › component consume › input data: an artifact input (dataset) cannot \
                 have a default value; make it optional instead",
            ]
        );
    }
}

//! Test pipelines for the rules' unit tests: a few standard components and parameters, and short
//! constructors for tasks, arguments and groups.

use serde_json::{Value, json};

use super::ValidationError;
use super::index::Index;
use crate::ir::{
    Arg, Argument, Branch, Component, Condition, ContainerSpec, Dag, ExitHandler, Implementation,
    IoSpec, IoType, Loop, LoopItemRef, LoopItems, Node, ParamType, Parameter, Pipeline,
    Placeholder, Task, TaskOutputRef,
};

/// A rule's entry point.
pub(super) type Rule = fn(&Index<'_>, &mut Vec<ValidationError>);

/// The errors one rule finds, as displayed.
pub(super) fn run(rule: Rule, pipeline: &Pipeline) -> Vec<String> {
    let index = Index::new(pipeline);
    let mut errors = Vec::new();
    rule(&index, &mut errors);
    errors.iter().map(ToString::to_string).collect()
}

/// The errors every rule finds, as displayed.
pub(super) fn all(pipeline: &Pipeline) -> Vec<String> {
    super::rules::check(pipeline)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn param_ty(p: ParamType) -> IoType {
    IoType::Param(p)
}

fn container(inputs: &[IoSpec], outputs: &[IoSpec]) -> Implementation {
    let mut args = Vec::new();
    for i in inputs {
        args.push(Arg::Placeholder(if i.ty.is_artifact() {
            Placeholder::InputPath(i.name.clone())
        } else {
            Placeholder::InputValue(i.name.clone())
        }));
    }
    for o in outputs {
        args.push(Arg::Placeholder(Placeholder::OutputPath(o.name.clone())));
    }
    Implementation::Container(ContainerSpec {
        image: "alpine:3.20".into(),
        command: vec![Arg::Text("run".into())],
        args,
        env: Vec::new(),
        working_dir: None,
    })
}

fn component(name: &str, inputs: Vec<IoSpec>, outputs: Vec<IoSpec>) -> Component {
    Component {
        name: name.into(),
        description: None,
        implementation: container(&inputs, &outputs),
        inputs,
        outputs,
    }
}

fn with_default(mut spec: IoSpec, default: Value) -> IoSpec {
    spec.default = Some(default);
    spec
}

/// The standard components:
/// - `produce(rows: int) -> (data: dataset, count: int, names: list)`
/// - `consume(data: dataset, count: int, label: string = "x")`
/// - `echo(message: string)`
/// - `train(data: dataset, rate: float) -> (model: model, score: float)`
/// - `sum(values: list) -> (total: int)`
pub(super) fn components() -> Vec<Component> {
    use crate::ir::ArtifactType::{Dataset, Model};
    let art = IoType::Artifact;
    vec![
        component(
            "produce",
            vec![IoSpec::new("rows", param_ty(ParamType::Int))],
            vec![
                IoSpec::new("data", art(Dataset)),
                IoSpec::new("count", param_ty(ParamType::Int)),
                IoSpec::new("names", param_ty(ParamType::List)),
            ],
        ),
        component(
            "consume",
            vec![
                IoSpec::new("data", art(Dataset)),
                IoSpec::new("count", param_ty(ParamType::Int)),
                with_default(
                    IoSpec::new("label", param_ty(ParamType::String)),
                    json!("x"),
                ),
            ],
            Vec::new(),
        ),
        component(
            "echo",
            vec![IoSpec::new("message", param_ty(ParamType::String))],
            Vec::new(),
        ),
        component(
            "train",
            vec![
                IoSpec::new("data", art(Dataset)),
                IoSpec::new("rate", param_ty(ParamType::Float)),
            ],
            vec![
                IoSpec::new("model", art(Model)),
                IoSpec::new("score", param_ty(ParamType::Float)),
            ],
        ),
        component(
            "sum",
            vec![IoSpec::new("values", param_ty(ParamType::List))],
            vec![IoSpec::new("total", param_ty(ParamType::Int))],
        ),
    ]
}

fn parameter(name: &str, ty: ParamType, default: Option<Value>) -> Parameter {
    Parameter {
        name: name.into(),
        ty,
        default,
        description: None,
    }
}

/// A pipeline `t` with the standard components, parameters `rows: int = 10`, `label: string`,
/// `rate: float = 0.1`, `names: list = ["a", "b"]`, `pvc: string`, and these root nodes.
pub(super) fn pipeline(nodes: Vec<Node>) -> Pipeline {
    let mut p = Pipeline::new("t");
    p.parameters = vec![
        parameter("rows", ParamType::Int, Some(json!(10))),
        parameter("label", ParamType::String, None),
        parameter("rate", ParamType::Float, Some(json!(0.1))),
        parameter("names", ParamType::List, Some(json!(["a", "b"]))),
        parameter("pvc", ParamType::String, None),
    ];
    p.components = components()
        .into_iter()
        .map(|c| (c.name.clone(), c))
        .collect();
    p.root = Dag { nodes };
    p
}

/// A task with these arguments.
pub(super) fn task<'a>(
    name: &str,
    component: &str,
    arguments: impl IntoIterator<Item = (&'a str, Argument)>,
) -> Task {
    let mut t = Task::new(name, component);
    t.arguments = arguments
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    t
}

/// [`task`] as a node.
pub(super) fn node<'a>(
    name: &str,
    component: &str,
    arguments: impl IntoIterator<Item = (&'a str, Argument)>,
) -> Node {
    Node::Task(Box::new(task(name, component, arguments)))
}

/// A `produce` task with `rows` from the parameter.
pub(super) fn produce(name: &str) -> Node {
    node(name, "produce", [("rows", param("rows"))])
}

/// An `echo` task with a constant message.
pub(super) fn echo(name: &str) -> Node {
    node(name, "echo", [("message", constant(json!("hi")))])
}

/// A task output argument.
pub(super) fn out(task: &str, output: &str) -> Argument {
    Argument::TaskOutput(output_ref(task, output))
}

/// A fan-in argument.
pub(super) fn collected(task: &str, output: &str) -> Argument {
    Argument::Collected(output_ref(task, output))
}

/// A task output reference.
pub(super) fn output_ref(task: &str, output: &str) -> TaskOutputRef {
    TaskOutputRef {
        task: task.into(),
        output: output.into(),
    }
}

/// A pipeline parameter argument.
pub(super) fn param(name: &str) -> Argument {
    Argument::Parameter(name.into())
}

/// A constant argument.
pub(super) fn constant(value: Value) -> Argument {
    Argument::Constant(value)
}

/// A loop item argument.
pub(super) fn item(loop_name: &str, field: Option<&str>) -> Argument {
    Argument::LoopItem(LoopItemRef {
        loop_name: loop_name.into(),
        field: field.map(Into::into),
    })
}

/// A loop node.
pub(super) fn for_each(name: &str, items: LoopItems, body: Vec<Node>) -> Node {
    Node::Loop(Box::new(Loop {
        name: name.into(),
        items,
        parallelism: None,
        body: Dag { nodes: body },
    }))
}

/// A branch.
pub(super) fn branch(name: &str, when: Option<crate::ir::Expr>, body: Vec<Node>) -> Branch {
    Branch {
        name: name.into(),
        when,
        body: Dag { nodes: body },
    }
}

/// A condition node.
pub(super) fn condition(name: &str, branches: Vec<Branch>) -> Node {
    Node::Condition(Condition {
        name: name.into(),
        branches,
    })
}

/// An exit handler node.
pub(super) fn exit_handler(name: &str, exit_task: Task, body: Vec<Node>) -> Node {
    Node::ExitHandler(Box::new(ExitHandler {
        name: name.into(),
        exit_task,
        body: Dag { nodes: body },
    }))
}

/// `left op right`.
pub(super) fn compare(op: crate::ir::CmpOp, left: Argument, right: Argument) -> crate::ir::Expr {
    crate::ir::Expr::Compare { op, left, right }
}

/// The task named `name` among the root nodes, for editing settings.
pub(super) fn task_mut<'a>(p: &'a mut Pipeline, name: &str) -> &'a mut Task {
    p.root
        .nodes
        .iter_mut()
        .find_map(|n| match n {
            Node::Task(t) if t.name == name => Some(t),
            _ => None,
        })
        .expect("the test pipeline has this task")
}

#[test]
fn the_standard_pipeline_is_valid() {
    let p = pipeline(vec![
        produce("a"),
        node(
            "b",
            "consume",
            [("data", out("a", "data")), ("count", out("a", "count"))],
        ),
    ]);
    assert_eq!(all(&p), Vec::<String>::new());
}

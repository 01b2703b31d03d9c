//! Generated pipelines for benchmarks: four shapes at any size, built as IR directly.
//!
//! Every task calls one container component `step` (a string input `x`, a string output `out`),
//! the loop's fan-in calls `gather` (a list input). The same chain and fan-out are written with the
//! KFP SDK by `benches/kfp_shapes.py`, so the two compilers compile the same pipeline.

use pipec_dsl::ir::{
    Arg, Argument, ArgumentMap, Branch, CmpOp, Component, Condition, ContainerSpec, Dag, Expr,
    Implementation, IoSpec, IoType, Loop, LoopItemRef, LoopItems, Node, ParamType, Pipeline,
    Placeholder, Task, TaskOutputRef,
};

/// A pipeline shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each user of this module names only some shapes
pub enum Shape {
    /// `step-0 → step-1 → … → step-(n-1)`, each reading the previous output.
    Chain,
    /// `step-0`, then n-1 tasks that each read its output.
    FanOut,
    /// Blocks of four: a producer, then `if out == "go" { a; if out != "stop" { b; c } }`.
    Conditions,
    /// One loop over three items whose body holds n-1 tasks reading the item, then a task that
    /// collects the first body task's outputs (fan-in).
    LoopFanIn,
}

#[allow(dead_code)]
impl Shape {
    /// Every shape, in report order.
    pub const ALL: [Shape; 4] = [
        Shape::Chain,
        Shape::FanOut,
        Shape::Conditions,
        Shape::LoopFanIn,
    ];

    /// The shape's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Chain => "chain",
            Shape::FanOut => "fanout",
            Shape::Conditions => "conditions",
            Shape::LoopFanIn => "loop",
        }
    }

    /// The shape with this name.
    pub fn parse(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// A pipeline of this shape with (about) `n` tasks.
    pub fn build(self, n: usize) -> Pipeline {
        let mut p = Pipeline::new(format!("{}-{n}", self.name()));
        p.components.insert("step".into(), step_component());
        p.root.nodes = match self {
            Shape::Chain => chain(n),
            Shape::FanOut => fan_out(n),
            Shape::Conditions => conditions(n),
            Shape::LoopFanIn => {
                p.components.insert("gather".into(), gather_component());
                loop_fan_in(n)
            }
        };
        p
    }
}

fn step_component() -> Component {
    Component {
        name: "step".into(),
        description: None,
        inputs: vec![IoSpec::new("x", IoType::Param(ParamType::String))],
        outputs: vec![IoSpec::new("out", IoType::Param(ParamType::String))],
        implementation: Implementation::Container(ContainerSpec {
            image: "alpine:3.20".into(),
            command: vec![text("sh"), text("-c"), text("echo \"$0\" > \"$1\"")],
            args: vec![
                Arg::Placeholder(Placeholder::InputValue("x".into())),
                Arg::Placeholder(Placeholder::OutputPath("out".into())),
            ],
            env: Vec::new(),
            working_dir: None,
        }),
    }
}

fn gather_component() -> Component {
    Component {
        name: "gather".into(),
        description: None,
        inputs: vec![IoSpec::new("xs", IoType::Param(ParamType::List))],
        outputs: Vec::new(),
        implementation: Implementation::Container(ContainerSpec {
            image: "alpine:3.20".into(),
            command: vec![text("echo")],
            args: vec![Arg::Placeholder(Placeholder::InputValue("xs".into()))],
            env: Vec::new(),
            working_dir: None,
        }),
    }
}

fn text(s: &str) -> Arg {
    Arg::Text(s.into())
}

fn name(i: usize) -> String {
    format!("step-{i}")
}

fn output_of(i: usize) -> TaskOutputRef {
    TaskOutputRef {
        task: name(i),
        output: "out".into(),
    }
}

fn step(i: usize, x: Argument) -> Node {
    let mut t = Task::new(name(i), "step");
    t.arguments = ArgumentMap::from([("x".to_string(), x)]);
    Node::Task(Box::new(t))
}

fn constant(s: &str) -> Argument {
    Argument::Constant(serde_json::Value::String(s.into()))
}

fn chain(n: usize) -> Vec<Node> {
    (0..n)
        .map(|i| match i {
            0 => step(0, constant("start")),
            _ => step(i, Argument::TaskOutput(output_of(i - 1))),
        })
        .collect()
}

fn fan_out(n: usize) -> Vec<Node> {
    (0..n)
        .map(|i| match i {
            0 => step(0, constant("start")),
            _ => step(i, Argument::TaskOutput(output_of(0))),
        })
        .collect()
}

fn conditions(n: usize) -> Vec<Node> {
    (0..n.div_ceil(4)).flat_map(condition_block).collect()
}

/// A producer and two nested conditions on its output, four tasks in all.
fn condition_block(k: usize) -> Vec<Node> {
    let first = 4 * k;
    let read = || Argument::TaskOutput(output_of(first));
    let compare = |op, value| Expr::Compare {
        op,
        left: read(),
        right: constant(value),
    };
    let inner = Condition {
        name: format!("condition-{k}-inner"),
        branches: vec![Branch {
            name: format!("condition-{k}-inner-then"),
            when: Some(compare(CmpOp::Ne, "stop")),
            body: Dag {
                nodes: vec![step(first + 2, read()), step(first + 3, read())],
            },
        }],
    };
    let outer = Condition {
        name: format!("condition-{k}"),
        branches: vec![Branch {
            name: format!("condition-{k}-then"),
            when: Some(compare(CmpOp::Eq, "go")),
            body: Dag {
                nodes: vec![step(first + 1, read()), Node::Condition(inner)],
            },
        }],
    };
    vec![step(first, constant("go")), Node::Condition(outer)]
}

fn loop_fan_in(n: usize) -> Vec<Node> {
    let item = || {
        Argument::LoopItem(LoopItemRef {
            loop_name: "for-loop".into(),
            field: None,
        })
    };
    let body = (0..n.saturating_sub(1).max(1))
        .map(|i| step(i, item()))
        .collect();
    let items = ["a", "b", "c"].map(|s| serde_json::Value::String(s.into()));
    let looped = Loop {
        name: "for-loop".into(),
        items: LoopItems::Static(items.to_vec()),
        parallelism: None,
        body: Dag { nodes: body },
    };
    let mut gather = Task::new("gather", "gather");
    gather.arguments = ArgumentMap::from([("xs".to_string(), Argument::Collected(output_of(0)))]);
    vec![Node::Loop(Box::new(looped)), Node::Task(Box::new(gather))]
}

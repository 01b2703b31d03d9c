//! Where every node of a pipeline sits: the chain of group keys above it, its own key, and the
//! loop around it. Lowering resolves every reference (data, `after`, fan-in) through this index.

use foldhash::HashMap;
use std::rc::Rc;

use pipec_dsl::ir::{Component, Dag, Loop, LoopItems, Node, Pipeline, Task};
use pipec_dsl::name::{sanitize, sanitized};

use super::io_types::{ValueType, parameter_type};
use super::model::{Name, ParameterType};
use super::shared_names::SharedNames;

/// A node's place: the keys of the groups (DAG components) that contain it, outermost first,
/// and its own key in the innermost DAG. Nodes of one DAG share its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Group keys from the pipeline's root down to the DAG holding the node.
    pub path: Rc<[Name]>,
    /// The node's task key in that DAG.
    pub key: Name,
}

impl Location {
    /// How many keys lead to the node itself (its DAG path plus its key).
    pub fn depth(&self) -> usize {
        self.path.len() + 1
    }

    /// Whether the node's own path (its DAG path plus its key) is `full`.
    pub fn full_is(&self, full: &[Name]) -> bool {
        full.split_last()
            .is_some_and(|(key, path)| *key == self.key && *path == *self.path)
    }

    /// Whether the node's own path (its DAG path plus its key) starts with `prefix`.
    pub fn full_starts_with(&self, prefix: &[Name]) -> bool {
        if prefix.len() <= self.path.len() {
            self.path.starts_with(prefix)
        } else {
            self.full_is(prefix)
        }
    }

    /// The key of the child of the DAG at `dag` on the way to this node (the node itself when it
    /// sits directly in that DAG), or `None` if the node is not inside that DAG.
    pub fn child_of(&self, dag: &[Name]) -> Option<&Name> {
        if !self.path.starts_with(dag) {
            return None;
        }
        Some(self.path.get(dag.len()).unwrap_or(&self.key))
    }

    /// Whether the node lies inside the group whose full path is `group`.
    pub fn is_inside(&self, group: &[Name]) -> bool {
        self.path.starts_with(group)
    }
}

/// A loop and the name and type of the group input that receives its item.
#[derive(Debug, Clone)]
pub struct LoopInfo<'p> {
    /// The loop.
    pub lp: &'p Loop,
    /// Where the loop's group task sits.
    pub location: Location,
    /// The group input receiving each item, e.g. `pipelinechannel--loop-item-param-1`.
    pub item_input: Name,
    /// The item's type.
    pub item_type: ParameterType,
}

/// Every node of one pipeline (a nested pipeline has its own index).
#[derive(Debug)]
pub struct Index<'p> {
    /// The pipeline.
    pub pipeline: &'p Pipeline,
    nodes: HashMap<&'p str, Location>,
    tasks: HashMap<&'p str, &'p Task>,
    loops: HashMap<&'p str, LoopInfo<'p>>,
    task_loop: HashMap<&'p str, &'p str>,
    /// Names written many times, shared.
    pub names: SharedNames<'p>,
}

impl<'p> Index<'p> {
    /// Index a pipeline.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        // Counted first so that no map grows (and rehashes) while the pipeline is walked.
        let mut counts = Counts::default();
        counts.add(&pipeline.root, false);
        let hasher = Default::default;
        let mut index = Index {
            pipeline,
            nodes: HashMap::with_capacity_and_hasher(counts.nodes, hasher()),
            tasks: HashMap::with_capacity_and_hasher(counts.tasks, hasher()),
            loops: HashMap::with_capacity_and_hasher(counts.loops, hasher()),
            task_loop: HashMap::with_capacity_and_hasher(counts.tasks_in_loops, hasher()),
            names: SharedNames::default(),
        };
        index.walk(&pipeline.root, &Rc::from([]), None);
        index
    }

    fn walk(&mut self, dag: &'p Dag, path: &Rc<[Name]>, lp: Option<&'p str>) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => self.add_task(t, path, lp),
                Node::Condition(c) => {
                    let key = node_key(&c.name);
                    self.add_node(&c.name, path, key.clone());
                    let inner = child_path(path, key.clone());
                    if c.branches.len() == 1 {
                        self.add_node(&c.branches[0].name, path, key);
                        self.walk(&c.branches[0].body, &inner, lp);
                        continue;
                    }
                    for b in &c.branches {
                        let bkey = node_key(&b.name);
                        self.add_node(&b.name, &inner, bkey.clone());
                        self.walk(&b.body, &child_path(&inner, bkey), lp);
                    }
                }
                Node::Loop(l) => {
                    let key = node_key(&l.name);
                    self.add_node(&l.name, path, key.clone());
                    let info = self.describe_loop(l, path, &key);
                    self.loops.insert(&l.name, info);
                    self.walk(&l.body, &child_path(path, key), Some(&l.name));
                }
                Node::ExitHandler(e) => {
                    let key = node_key(&e.name);
                    self.add_node(&e.name, path, key.clone());
                    self.add_task(&e.exit_task, path, lp);
                    self.walk(&e.body, &child_path(path, key), lp);
                }
            }
        }
    }

    fn add_task(&mut self, t: &'p Task, path: &Rc<[Name]>, lp: Option<&'p str>) {
        self.add_node(&t.name, path, node_key(&t.name));
        self.tasks.insert(&t.name, t);
        if let Some(lp) = lp {
            self.task_loop.insert(&t.name, lp);
        }
    }

    fn add_node(&mut self, name: &'p str, path: &Rc<[Name]>, key: Name) {
        let location = Location {
            path: Rc::clone(path),
            key,
        };
        self.nodes.insert(name, location);
    }

    fn describe_loop(&self, l: &'p Loop, path: &Rc<[Name]>, key: &Name) -> LoopInfo<'p> {
        let (item_input, item_type) = match &l.items {
            LoopItems::Static(items) => (static_item_input(key), static_item_type(items)),
            // KFP types the item of a runtime list as a string.
            LoopItems::Parameter(p) => (
                format!("pipelinechannel--{p}-loop-item"),
                ParameterType::String,
            ),
            LoopItems::TaskOutput(r) => (
                format!(
                    "pipelinechannel--{}-{}-loop-item",
                    sanitize(&r.task),
                    r.output
                ),
                ParameterType::String,
            ),
        };
        LoopInfo {
            item_input: Name::from(item_input),
            lp: l,
            location: Location {
                path: Rc::clone(path),
                key: key.clone(),
            },
            item_type,
        }
    }

    /// The location of a task or group by its IR name.
    pub fn location(&self, name: &str) -> Option<&Location> {
        self.nodes.get(name)
    }

    /// The task with this name.
    pub fn task(&self, name: &str) -> Option<&'p Task> {
        self.tasks.get(name).copied()
    }

    /// The component a task calls.
    pub fn component_of(&self, task: &str) -> Option<&'p Component> {
        let t = self.task(task)?;
        self.pipeline.components.get(&t.component)
    }

    /// The type of one output of a task.
    pub fn output_type(&self, task: &str, output: &str) -> Option<ValueType> {
        let component = self.component_of(task)?;
        Some(ValueType::of(component.output(output)?.ty))
    }

    /// The loop with this name.
    pub fn loop_info(&self, name: &str) -> Option<&LoopInfo<'p>> {
        self.loops.get(name)
    }

    /// The innermost loop around a task, if any.
    pub fn loop_of(&self, task: &str) -> Option<&LoopInfo<'p>> {
        self.loops.get(self.task_loop.get(task)?)
    }
}

/// How many entries each map of an [`Index`] receives.
#[derive(Debug, Default)]
struct Counts {
    nodes: usize,
    tasks: usize,
    loops: usize,
    tasks_in_loops: usize,
}

impl Counts {
    /// Count the nodes of `dag`; `in_loop` when it is the body of a loop or lies inside one.
    fn add(&mut self, dag: &Dag, in_loop: bool) {
        for node in &dag.nodes {
            self.nodes += 1;
            match node {
                Node::Task(_) => self.task(in_loop),
                Node::Condition(c) => {
                    for b in &c.branches {
                        self.nodes += 1;
                        self.add(&b.body, in_loop);
                    }
                }
                Node::Loop(l) => {
                    self.loops += 1;
                    self.add(&l.body, true);
                }
                Node::ExitHandler(e) => {
                    self.nodes += 1;
                    self.task(in_loop);
                    self.add(&e.body, in_loop);
                }
            }
        }
    }

    fn task(&mut self, in_loop: bool) {
        self.tasks += 1;
        self.tasks_in_loops += usize::from(in_loop);
    }
}

/// The task key of a node: its sanitised name.
pub fn node_key(name: &str) -> Name {
    Name::from(sanitized(name).as_ref())
}

/// The path of the DAG of the group `key` inside the DAG at `path`.
fn child_path(path: &[Name], key: Name) -> Rc<[Name]> {
    path.iter().cloned().chain([key]).collect()
}

/// KFP numbers a literal loop's item one below its group: `for-loop-2` iterates
/// `loop-item-param-1`. Loops named otherwise get an item named after the loop.
fn static_item_input(key: &str) -> String {
    match key
        .strip_prefix("for-loop-")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) if n > 1 => format!("pipelinechannel--loop-item-param-{}", n - 1),
        _ => format!("pipelinechannel--{key}-loop-item"),
    }
}

/// KFP types a literal loop's item by its first element.
fn static_item_type(items: &[serde_json::Value]) -> ParameterType {
    use serde_json::Value;
    match items.first() {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => ParameterType::NumberInteger,
        Some(Value::Number(_)) => ParameterType::NumberDouble,
        Some(Value::Bool(_)) => ParameterType::Boolean,
        Some(Value::Object(_)) => ParameterType::Struct,
        Some(Value::Array(_)) => ParameterType::List,
        _ => parameter_type(pipec_dsl::ir::ParamType::String),
    }
}

//! Where every node of a pipeline sits: the chain of group keys above it, its own key, and the
//! loop around it. Lowering resolves every reference (data, `after`, fan-in) through this index.

use foldhash::HashMap;
use std::borrow::Borrow;
use std::rc::Rc;

use pipec_dsl::ir::{
    Component, Dag, IoSpec, Loop, LoopItems, Node, Pipeline, Task, VolumeMount, VolumeSource,
};
use pipec_dsl::name::{sanitize, sanitized};

use super::channel::{Use, for_each_branch_operand, uses_in_task};
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

/// What the index holds for one node, found with one lookup by its IR name.
#[derive(Debug)]
pub struct NodeInfo {
    /// Where the node sits.
    pub location: Location,
    /// For a task: the component it calls, when the pipeline has it (see [`Index::component`]).
    pub component: Option<u32>,
    /// The loop the node sits in or is (one field for both keeps the entries small).
    lp: LoopLink,
}

/// How a node relates to a loop.
#[derive(Debug, Clone, Copy)]
enum LoopLink {
    /// It has none: a group other than a loop, or a task outside every loop.
    None,
    /// A task, and the innermost loop around it.
    Around(u32),
    /// A loop, and the loop itself.
    Own(u32),
}

/// A component of the pipeline with its input and output names, shared by every task calling it.
#[derive(Debug)]
pub struct ComponentNames<'p> {
    /// The component's key in the pipeline's components.
    key: &'p str,
    /// The component.
    pub component: &'p Component,
    /// The names of its inputs, in the component's order.
    pub inputs: Box<[Name]>,
    /// The names of its outputs, in the component's order.
    pub outputs: Box<[Name]>,
}

impl ComponentNames<'_> {
    /// The input named `name` and its shared name.
    pub fn input(&self, name: &str) -> Option<(&IoSpec, &Name)> {
        let i = self.component.inputs.iter().position(|s| s.name == name)?;
        Some((&self.component.inputs[i], &self.inputs[i]))
    }

    /// The output named `name` and its shared name.
    pub fn output(&self, name: &str) -> Option<(&IoSpec, &Name)> {
        let i = self.component.outputs.iter().position(|s| s.name == name)?;
        Some((&self.component.outputs[i], &self.outputs[i]))
    }
}

/// Every node of one pipeline (a nested pipeline has its own index).
#[derive(Debug)]
pub struct Index<'p> {
    /// The pipeline.
    pub pipeline: &'p Pipeline,
    /// Tasks and groups in one map: a reference resolves its location, component and loop with
    /// a single lookup (names are unique across tasks and groups). Its slots are small (a
    /// reference to the name, and the position of the node's entry in `infos`) so that more of
    /// them stay in the cache; the entries sit in walk order, where lowering (which walks in the
    /// same order, and mostly reads nodes close to the one it lowers) finds them near each other.
    nodes: HashMap<NameRef<'p>, u32>,
    /// What the index holds for each node, in walk order.
    infos: Vec<NodeInfo>,
    loops: Vec<LoopInfo<'p>>,
    /// The pipeline's components in name order.
    components: Vec<ComponentNames<'p>>,
    /// How many groups the pipeline has.
    groups: usize,
    /// How many tasks the pipeline has.
    tasks: usize,
    /// The collected outputs read anywhere (task, output), in the order
    /// a walk of the pipeline meets them: noted while the tasks are indexed, so that
    /// finding the fan-ins reads no task again.
    collected: Vec<(&'p str, &'p str)>,
    /// Whether a task mounts a claim the pipeline creates.
    mounts_created: bool,
    /// Names written many times, shared.
    pub names: SharedNames<'p>,
}

impl<'p> Index<'p> {
    /// Index a pipeline.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        // Counted first so that the map does not grow (and rehash) while the pipeline is walked.
        let mut counts = Counts::default();
        counts.add(&pipeline.root);
        let components = pipeline
            .components
            .iter()
            .map(|(key, c)| ComponentNames {
                key,
                component: c,
                inputs: c
                    .inputs
                    .iter()
                    .map(|i| Name::from(i.name.as_str()))
                    .collect(),
                outputs: c
                    .outputs
                    .iter()
                    .map(|o| Name::from(o.name.as_str()))
                    .collect(),
            })
            .collect();
        let mut index = Index {
            pipeline,
            nodes: HashMap::with_capacity_and_hasher(counts.nodes, Default::default()),
            infos: Vec::with_capacity(counts.nodes),
            loops: Vec::with_capacity(counts.loops),
            components,
            groups: counts.groups,
            tasks: counts.tasks,
            collected: Vec::new(),
            mounts_created: false,
            // Most groups receive a value from outside, each under a channel name.
            names: SharedNames::with_channel_capacity(counts.groups),
        };
        index.walk(&pipeline.root, &Rc::from([]), None);
        index
    }

    fn walk(&mut self, dag: &'p Dag, path: &Rc<[Name]>, lp: Option<u32>) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => self.add_task(t, path, lp),
                Node::Condition(c) => {
                    let collected = &mut self.collected;
                    let count = c.branches.len();
                    for_each_branch_operand(&c.branches, count, &mut |u| note(collected, u));
                    let key = node_key(&c.name);
                    self.add_node(NameRef(&c.name), path, key.clone());
                    let inner = child_path(path, key.clone());
                    if c.branches.len() == 1 {
                        self.add_node(NameRef(&c.branches[0].name), path, key);
                        self.walk(&c.branches[0].body, &inner, lp);
                        continue;
                    }
                    for b in &c.branches {
                        let bkey = node_key(&b.name);
                        self.add_node(NameRef(&b.name), &inner, bkey.clone());
                        self.walk(&b.body, &child_path(&inner, bkey), lp);
                    }
                }
                Node::Loop(l) => {
                    let key = node_key(&l.name);
                    let own = self.loops.len() as u32;
                    let info = self.describe_loop(l, path, &key);
                    self.loops.push(info);
                    let location = Location {
                        path: Rc::clone(path),
                        key: key.clone(),
                    };
                    let entry = NodeInfo {
                        location,
                        component: None,
                        lp: LoopLink::Own(own),
                    };
                    self.insert(NameRef(&l.name), entry);
                    self.walk(&l.body, &child_path(path, key), Some(own));
                }
                Node::ExitHandler(e) => {
                    let key = node_key(&e.name);
                    self.add_node(NameRef(&e.name), path, key.clone());
                    self.add_task(&e.exit_task, path, lp);
                    self.walk(&e.body, &child_path(path, key), lp);
                }
            }
        }
    }

    fn add_task(&mut self, t: &'p Task, path: &Rc<[Name]>, lp: Option<u32>) {
        let created = |v: &VolumeMount| matches!(v.source, VolumeSource::Created(_));
        self.mounts_created |= t.pod().volumes.iter().any(created);
        let collected = &mut self.collected;
        uses_in_task(t, &mut |u| note(collected, u));
        let component = self
            .components
            .binary_search_by(|c| c.key.cmp(t.component.as_str()))
            .ok()
            .map(|i| i as u32);
        let entry = NodeInfo {
            location: Location {
                path: Rc::clone(path),
                key: node_key(&t.name),
            },
            component,
            lp: lp.map_or(LoopLink::None, LoopLink::Around),
        };
        self.insert(NameRef(&t.name), entry);
    }

    fn add_node(&mut self, name: NameRef<'p>, path: &Rc<[Name]>, key: Name) {
        let entry = NodeInfo {
            location: Location {
                path: Rc::clone(path),
                key,
            },
            component: None,
            lp: LoopLink::None,
        };
        self.insert(name, entry);
    }

    /// Index `entry` under `name` (a later node of the same name replaces an earlier one).
    fn insert(&mut self, name: NameRef<'p>, entry: NodeInfo) {
        let at = self.infos.len() as u32;
        self.infos.push(entry);
        self.nodes.insert(name, at);
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

    /// How many groups (conditions, branches, loops, exit handlers) the pipeline has; a
    /// condition with one branch counts once, as it is lowered as one group.
    pub fn group_count(&self) -> usize {
        self.groups
    }

    /// How many tasks the pipeline has, exit tasks included (nested pipelines' not).
    pub fn task_count(&self) -> usize {
        self.tasks
    }

    /// Whether a task mounts a claim the pipeline creates.
    pub fn mounts_created(&self) -> bool {
        self.mounts_created
    }

    /// The collected outputs read anywhere in the pipeline (task, output), in reading order;
    /// the index keeps none after.
    pub fn take_collected(&mut self) -> Vec<(&'p str, &'p str)> {
        std::mem::take(&mut self.collected)
    }

    /// What the index holds for the task or group with this IR name.
    pub fn node(&self, name: &str) -> Option<&NodeInfo> {
        Some(&self.infos[*self.nodes.get(name)? as usize])
    }

    /// The location of a task or group by its IR name.
    pub fn location(&self, name: &str) -> Option<&Location> {
        Some(&self.node(name)?.location)
    }

    /// A component of the pipeline by its number in [`NodeInfo::component`].
    pub fn component(&self, number: u32) -> &ComponentNames<'p> {
        &self.components[number as usize]
    }

    /// The type of one output of a task.
    pub fn output_type(&self, task: &str, output: &str) -> Option<ValueType> {
        self.node_output_type(self.node(task)?, output)
    }

    /// The type of one output of the task at `node`.
    pub fn node_output_type(&self, node: &NodeInfo, output: &str) -> Option<ValueType> {
        let (spec, _) = self.component(node.component?).output(output)?;
        Some(ValueType::of(spec.ty))
    }

    /// The loop with this name.
    pub fn loop_info(&self, name: &str) -> Option<&LoopInfo<'p>> {
        match self.node(name)?.lp {
            LoopLink::Own(i) => Some(&self.loops[i as usize]),
            LoopLink::None | LoopLink::Around(_) => None,
        }
    }

    /// The innermost loop around a task, if any.
    pub fn loop_of(&self, task: &str) -> Option<&LoopInfo<'p>> {
        match self.node(task)?.lp {
            LoopLink::Around(i) => Some(&self.loops[i as usize]),
            LoopLink::None | LoopLink::Own(_) => None,
        }
    }
}

/// A node's IR name as a key of the node map: a reference to the name's `String` in the IR,
/// half the size of a `&str`, so that more of the map's slots fit in the cache. It hashes and
/// compares as the text (a `String` hashes as its `str`), so the map is searched by `&str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NameRef<'p>(&'p String);

impl Borrow<str> for NameRef<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

/// How many entries the node map receives, and how many loops there are.
#[derive(Debug, Default)]
struct Counts {
    nodes: usize,
    loops: usize,
    groups: usize,
    tasks: usize,
}

impl Counts {
    /// Count the nodes of `dag`.
    fn add(&mut self, dag: &Dag) {
        for node in &dag.nodes {
            self.nodes += 1;
            match node {
                Node::Task(_) => self.tasks += 1,
                Node::Condition(c) => {
                    // A condition with several branches is a group of branch groups.
                    self.groups += if c.branches.len() == 1 {
                        1
                    } else {
                        1 + c.branches.len()
                    };
                    for b in &c.branches {
                        self.nodes += 1;
                        self.add(&b.body);
                    }
                }
                Node::Loop(l) => {
                    self.loops += 1;
                    self.groups += 1;
                    self.add(&l.body);
                }
                Node::ExitHandler(e) => {
                    self.nodes += 1;
                    self.groups += 1;
                    self.tasks += 1;
                    self.add(&e.body);
                }
            }
        }
    }
}

/// Keep `u` in `collected` if it reads a collected output.
fn note<'p>(collected: &mut Vec<(&'p str, &'p str)>, u: Use<'p>) {
    if let Use::Collected { task, output } = u {
        collected.push((task, output));
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

#[cfg(test)]
mod tests {
    use pipec_dsl::ir::{
        Argument, Branch, Condition, Dag, ExitHandler, Loop, LoopItems, Node, Pipeline, Task,
        TaskOutputRef, VolumeMount, VolumeSource,
    };

    use super::Index;

    fn task(name: &str) -> Task {
        Task::new(name, "step")
    }

    fn collects(name: &str, from: &str) -> Task {
        let mut t = task(name);
        let read = TaskOutputRef {
            task: from.into(),
            output: "out".into(),
        };
        t.arguments.insert("xs".into(), Argument::Collected(read));
        t
    }

    /// Tasks at every depth: in a condition, a loop, an exit handler and its body.
    fn nested() -> Pipeline {
        let mut p = Pipeline::new("nested");
        let looped = Loop {
            name: "for-loop-2".into(),
            items: LoopItems::Static(vec![1.into(), 2.into()]),
            parallelism: None,
            body: Dag {
                nodes: vec![Node::Task(Box::new(task("in-loop")))],
            },
        };
        let condition = Condition {
            name: "condition-1".into(),
            branches: vec![Branch {
                name: "condition-1-then".into(),
                when: None,
                body: Dag {
                    nodes: vec![
                        Node::Task(Box::new(task("in-branch"))),
                        Node::Loop(Box::new(looped)),
                    ],
                },
            }],
        };
        let handler = ExitHandler {
            name: "exit-handler-1".into(),
            exit_task: collects("exit", "in-loop"),
            body: Dag {
                nodes: vec![Node::Task(Box::new(collects("gather", "in-loop")))],
            },
        };
        p.root.nodes = vec![
            Node::Task(Box::new(task("first"))),
            Node::Condition(condition),
            Node::ExitHandler(Box::new(handler)),
        ];
        p
    }

    #[test]
    fn counts_tasks_as_the_pipeline_does_and_notes_collected_reads_in_order() {
        let p = nested();
        let mut index = Index::new(&p);
        assert_eq!(index.task_count(), p.task_count());
        assert_eq!(index.task_count(), 5);
        assert_eq!(index.group_count(), 3);
        assert!(!index.mounts_created());
        assert_eq!(
            index.take_collected(),
            [("in-loop", "out"), ("in-loop", "out")]
        );
        let lp = index.loop_of("in-loop").expect("inside the loop");
        assert_eq!(lp.lp.name, "for-loop-2");
        assert!(index.loop_of("in-branch").is_none());
        assert_eq!(index.location("in-loop").map(|l| l.depth()), Some(3));
    }

    #[test]
    fn notes_a_mount_of_a_created_claim() {
        let mut p = nested();
        let mut t = task("mounts");
        t.pod_mut().volumes.push(VolumeMount {
            mount_path: "/data".into(),
            source: VolumeSource::Created("scratch".into()),
            sub_path: None,
        });
        p.root.nodes.push(Node::Task(Box::new(t)));
        assert!(Index::new(&p).mounts_created());
    }
}

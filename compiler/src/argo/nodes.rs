//! Every IR node of one pipeline (task, exit task, condition, loop, exit handler) by a small
//! integer id, with what lowering asks of a task: its component and whether it is an importer.
//!
//! A large pipeline refers to tasks by name several times per task (arguments, `after`, each pass
//! over the tree): the name is looked up once per reference, and everything else about the node
//! is read from one list by id.

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};
use pipec_dsl::ir::{Component, Dag, Implementation, Node, Pipeline, Task};
use pipec_dsl::name::sanitized;

/// The id of an IR node of one pipeline.
pub(super) type NodeId = u32;

/// What lowering reads about one node.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeInfo<'a> {
    /// The task, for a task or exit task.
    pub task: Option<&'a Task>,
    /// The component the task calls, when it is defined.
    pub component: Option<&'a Component>,
    /// The task's name (empty for a group).
    pub name: &'a str,
    /// Whether the task is an importer (drawn as no DAG task).
    pub importer: bool,
    /// Whether the task sets no pod settings (see `Task::has_pod_settings`).
    pub plain: bool,
    /// Whether the task names tasks to run after (`after`).
    pub after: bool,
    /// For an exit handler, its exit task.
    pub exit_task: NodeId,
}

/// The nodes of one pipeline. The nodes of one DAG have consecutive ids, so a DAG's node `i` is
/// its first id plus `i`.
#[derive(Debug, Default)]
pub(super) struct Nodes<'a> {
    infos: Vec<NodeInfo<'a>>,
    /// Each node's name as a DAG task name, made once for every scope tree built.
    labels: Vec<Cow<'a, str>>,
    by_name: HashMap<&'a str, NodeId>,
    /// Each DAG's first id, by the DAG's address.
    starts: HashMap<usize, NodeId>,
}

impl<'a> Nodes<'a> {
    /// Number every node of a pipeline.
    pub(super) fn new(pipeline: &'a Pipeline) -> Self {
        let mut nodes = Nodes {
            infos: Vec::new(),
            labels: Vec::new(),
            by_name: HashMap::with_capacity(pipeline.root.nodes.len()),
            starts: HashMap::new(),
        };
        nodes.index(pipeline, &pipeline.root);
        nodes
    }

    fn index(&mut self, pipeline: &'a Pipeline, dag: &'a Dag) {
        let start = self.infos.len() as NodeId;
        self.starts.insert(std::ptr::from_ref(dag) as usize, start);
        for node in &dag.nodes {
            let task = match node {
                Node::Task(t) => Some(t),
                _ => None,
            };
            self.infos.push(info(pipeline, task));
            self.labels.push(sanitized(node.name()));
        }
        for (i, node) in dag.nodes.iter().enumerate() {
            let id = start + i as NodeId;
            self.by_name.insert(node.name(), id);
            match node {
                Node::Task(_) => {}
                Node::Condition(c) => c
                    .branches
                    .iter()
                    .for_each(|b| self.index(pipeline, &b.body)),
                Node::Loop(l) => self.index(pipeline, &l.body),
                Node::ExitHandler(e) => {
                    let exit = self.infos.len() as NodeId;
                    self.infos.push(info(pipeline, Some(&e.exit_task)));
                    self.labels.push(sanitized(&e.exit_task.name));
                    self.by_name.insert(&e.exit_task.name, exit);
                    self.infos[id as usize].exit_task = exit;
                    self.index(pipeline, &e.body);
                }
            }
        }
    }

    /// How many nodes there are (ids are below this).
    pub(super) fn len(&self) -> usize {
        self.infos.len()
    }

    /// The id of the node with this name.
    pub(super) fn id(&self, name: &str) -> Option<NodeId> {
        self.by_name.get(name).copied()
    }

    /// The first id of a DAG's nodes (`NodeId::MAX` for a DAG of another pipeline).
    pub(super) fn start(&self, dag: &Dag) -> NodeId {
        let key = std::ptr::from_ref(dag) as usize;
        self.starts.get(&key).copied().unwrap_or(NodeId::MAX)
    }

    /// What is known about a node.
    pub(super) fn info(&self, id: NodeId) -> Option<&NodeInfo<'a>> {
        self.infos.get(id as usize)
    }

    /// A node's name as a DAG task name.
    pub(super) fn label(&self, id: NodeId) -> Cow<'a, str> {
        self.labels.get(id as usize).cloned().unwrap_or_default()
    }

    /// Whether a node is an importer task.
    pub(super) fn is_importer(&self, id: NodeId) -> bool {
        self.info(id).is_some_and(|i| i.importer)
    }
}

fn info<'a>(pipeline: &'a Pipeline, task: Option<&'a Task>) -> NodeInfo<'a> {
    let component = task.and_then(|t| pipeline.components.get(&t.component));
    NodeInfo {
        task,
        component,
        name: task.map_or("", |t| &t.name),
        plain: task.is_some_and(|t| !t.has_pod_settings()),
        after: task.is_some_and(|t| !t.after.is_empty()),
        importer: component
            .is_some_and(|c| matches!(c.implementation, Implementation::Importer(_))),
        exit_task: NodeId::MAX,
    }
}

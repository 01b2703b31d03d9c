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
    /// For a condition, where its branches' labels start (see [`Nodes::branch_label`]).
    pub first_branch: u32,
}

/// Where a node sits in the nesting of DAGs, for finding the DAG two nodes share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    /// The node whose DAG task stands for it: itself, or the exit handler of an exit task (which
    /// runs as the handler's hook).
    pub seat: NodeId,
    /// The first id of the DAG holding the seat: it names that DAG.
    pub dag: NodeId,
    /// The condition, loop or exit handler whose body that DAG is (`NodeId::MAX` for the root).
    pub parent: NodeId,
    /// How many groups enclose the seat.
    pub depth: u32,
}

/// Where a DAG's nodes start, and how many DAG tasks it draws at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DagSize {
    /// The DAG's first id (`NodeId::MAX` for a DAG of another pipeline).
    pub start: NodeId,
    /// At least as many DAG tasks as the DAG draws (importers are counted too): when this
    /// many fit in one DAG, the DAG needs no split plan.
    pub most: usize,
}

/// The nodes of one pipeline. The nodes of one DAG have consecutive ids, so a DAG's node `i` is
/// its first id plus `i`.
#[derive(Debug, Default)]
pub(super) struct Nodes<'a> {
    infos: Vec<NodeInfo<'a>>,
    /// Where each node sits.
    places: Vec<Place>,
    /// Each node's name as a DAG task name, made once for every scope tree built (empty for a
    /// condition).
    labels: Vec<Cow<'a, str>>,
    /// Each branch's name as a DAG task name, condition by condition (splitting and the scope
    /// tree both name a branch's DAG task).
    branch_labels: Vec<Cow<'a, str>>,
    by_name: HashMap<&'a str, NodeId>,
    /// Each DAG's first id and size, by the DAG's address.
    starts: HashMap<usize, DagSize>,
    /// The most DAG tasks a DAG of the pipeline draws.
    widest: usize,
    /// How many group bodies (branches, loop bodies, exit handler bodies) there are.
    bodies: usize,
}

impl<'a> Nodes<'a> {
    /// Number every node of a pipeline.
    pub(super) fn new(pipeline: &'a Pipeline) -> Self {
        // The root's nodes are most nodes of a large pipeline: room for them at once (and for
        // the nested ones once the root is read, see `index`).
        let root = pipeline.root.nodes.len();
        let mut nodes = Nodes {
            infos: Vec::with_capacity(root),
            places: Vec::with_capacity(root),
            labels: Vec::with_capacity(root),
            branch_labels: Vec::new(),
            by_name: HashMap::new(),
            starts: HashMap::new(),
            widest: 0,
            bodies: 0,
        };
        // Names are listed while numbering and hashed once all are known, so the map is made
        // at its size instead of growing (and rehashing every name) as nested DAGs add nodes.
        let mut names = Vec::with_capacity(root);
        nodes.index(pipeline, &pipeline.root, NodeId::MAX, 0, &mut names);
        nodes.by_name = HashMap::with_capacity(names.len());
        nodes.by_name.extend(names);
        nodes
    }

    /// Number the nodes of `dag`, the body of group `parent` nested in `depth` groups, and of
    /// the DAGs nested in it.
    fn index(
        &mut self,
        pipeline: &'a Pipeline,
        dag: &'a Dag,
        parent: NodeId,
        depth: u32,
        names: &mut Vec<(&'a str, NodeId)>,
    ) {
        let start = self.infos.len() as NodeId;
        // How many DAG tasks the DAG draws, and at most (counting importers too).
        let (mut drawn, mut most) = (0, 0);
        for (i, node) in dag.nodes.iter().enumerate() {
            let task = match node {
                Node::Task(t) => Some(&**t),
                _ => None,
            };
            let mut node_info = info(pipeline, task);
            let tasks = match node {
                Node::Condition(c) => c.branches.len(),
                Node::Task(_) | Node::Loop(_) | Node::ExitHandler(_) => 1,
            };
            most += tasks;
            drawn += if node_info.importer { 0 } else { tasks };
            if let Node::Condition(c) = node {
                node_info.first_branch = self.branch_labels.len() as u32;
                let names = c.branches.iter().map(|b| label(&b.name));
                self.branch_labels.extend(names);
            }
            self.infos.push(node_info);
            self.places.push(Place {
                seat: start + i as NodeId,
                dag: start,
                parent,
                depth,
            });
            // A condition draws one DAG task per branch, named for the branch: it needs no label.
            self.labels.push(match node {
                Node::Condition(_) => Cow::Borrowed(""),
                _ => label(node.name()),
            });
        }
        let key = std::ptr::from_ref(dag) as usize;
        self.starts.insert(key, DagSize { start, most });
        self.widest = self.widest.max(drawn);
        // Nested nodes are made room for once, at the root's first group.
        let mut reserved = depth > 0;
        for (i, node) in dag.nodes.iter().enumerate() {
            let id = start + i as NodeId;
            names.push((node.name(), id));
            match node {
                Node::Task(_) => continue,
                _ if !reserved => {
                    reserved = true;
                    self.reserve_nested(&dag.nodes[i..], names);
                }
                _ => {}
            }
            match node {
                Node::Task(_) => {}
                Node::Condition(c) => {
                    self.bodies += c.branches.len();
                    c.branches
                        .iter()
                        .for_each(|b| self.index(pipeline, &b.body, id, depth + 1, names));
                }
                Node::Loop(l) => {
                    self.bodies += 1;
                    self.index(pipeline, &l.body, id, depth + 1, names);
                }
                Node::ExitHandler(e) => {
                    self.bodies += 1;
                    let exit = self.infos.len() as NodeId;
                    self.infos.push(info(pipeline, Some(&e.exit_task)));
                    self.places.push(self.places[id as usize]);
                    self.labels.push(label(&e.exit_task.name));
                    names.push((&e.exit_task.name, exit));
                    self.infos[id as usize].exit_task = exit;
                    self.index(pipeline, &e.body, id, depth + 1, names);
                }
            }
        }
    }

    /// Make room for the nodes nested in the groups of `rest`, the root's nodes from its first
    /// group on: the lists would otherwise grow (and be copied) a few times over when most
    /// nodes sit in groups. A pipeline of plain tasks counts nothing and reads no node twice.
    fn reserve_nested(&mut self, rest: &[Node], names: &mut Vec<(&'a str, NodeId)>) {
        let counts = count(rest);
        let nested = counts.nodes - rest.len();
        self.infos.reserve_exact(nested);
        self.places.reserve_exact(nested);
        self.labels.reserve_exact(nested);
        self.branch_labels.reserve_exact(counts.branches);
        self.starts.reserve(counts.bodies);
        // The names of the root's nodes after the first group are listed yet.
        names.reserve_exact(nested + rest.len() - 1);
    }

    /// How many group bodies there are: a scope tree has at least one more scope.
    pub(super) fn bodies(&self) -> usize {
        self.bodies
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
        self.size(dag).start
    }

    /// A DAG's first id and size (`NodeId::MAX` and 0 for a DAG of another pipeline).
    pub(super) fn size(&self, dag: &Dag) -> DagSize {
        let key = std::ptr::from_ref(dag) as usize;
        self.starts.get(&key).copied().unwrap_or(DagSize {
            start: NodeId::MAX,
            most: 0,
        })
    }

    /// The most DAG tasks a DAG of the pipeline draws (a condition draws one per branch, an
    /// importer none): measured while numbering, so that whether some DAG must be split is
    /// known without walking the IR again.
    pub(super) fn widest(&self) -> usize {
        self.widest
    }

    /// What is known about a node.
    pub(super) fn info(&self, id: NodeId) -> Option<&NodeInfo<'a>> {
        self.infos.get(id as usize)
    }

    /// Where a node sits.
    pub(super) fn place(&self, id: NodeId) -> Option<Place> {
        self.places.get(id as usize).copied()
    }

    /// A node's name as a DAG task name (empty for a condition, whose branches are named for
    /// themselves).
    pub(super) fn label(&self, id: NodeId) -> Cow<'a, str> {
        self.labels.get(id as usize).cloned().unwrap_or_default()
    }

    /// A node's name as a DAG task name, borrowed (empty for a condition).
    pub(super) fn label_str(&self, id: NodeId) -> Option<&str> {
        self.labels.get(id as usize).map(|l| l.as_ref())
    }

    /// Branch `i` of condition `id`'s name as a DAG task name.
    pub(super) fn branch_label(&self, id: NodeId, i: usize) -> Cow<'a, str> {
        self.info(id)
            .and_then(|n| self.branch_labels.get(n.first_branch as usize + i))
            .cloned()
            .unwrap_or_default()
    }

    /// Every branch's name as a DAG task name, condition by condition.
    pub(super) fn branch_labels(&self) -> &[Cow<'a, str>] {
        &self.branch_labels
    }

    /// Whether a node is an importer task.
    pub(super) fn is_importer(&self, id: NodeId) -> bool {
        self.info(id).is_some_and(|i| i.importer)
    }
}

/// What `nodes` hold, nested ones included: how many nodes (with exit tasks), condition
/// branches and group bodies.
fn count(nodes: &[Node]) -> Counts {
    let mut total = Counts {
        nodes: nodes.len(),
        ..Counts::default()
    };
    for node in nodes {
        let bodies: &mut dyn Iterator<Item = &Dag> = match node {
            Node::Task(_) => continue,
            Node::Condition(c) => {
                total.branches += c.branches.len();
                &mut c.branches.iter().map(|b| &b.body)
            }
            Node::Loop(l) => &mut std::iter::once(&l.body),
            Node::ExitHandler(e) => {
                total.nodes += 1;
                &mut std::iter::once(&e.body)
            }
        };
        for body in bodies {
            let inner = count(&body.nodes);
            total.nodes += inner.nodes;
            total.branches += inner.branches;
            total.bodies += 1 + inner.bodies;
        }
    }
    total
}

/// What [`count`] counts.
#[derive(Debug, Default)]
struct Counts {
    nodes: usize,
    branches: usize,
    bodies: usize,
}

/// A name as a DAG task name: `sanitized(name)`. Most names are labels already (`a-z0-9` words
/// joined by single dashes); one byte loop says so, for every node of the pipeline, before the
/// general rule runs for the others.
fn label(name: &str) -> Cow<'_, str> {
    let mut after_dash = true;
    for &b in name.as_bytes() {
        let dash = b == b'-';
        if (dash && after_dash) || !(dash || b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return sanitized(name);
        }
        after_dash = dash;
    }
    if after_dash && !name.is_empty() {
        return sanitized(name);
    }
    Cow::Borrowed(name)
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
        first_branch: u32::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str) -> Node {
        Node::Task(Box::new(Task {
            name: name.into(),
            ..Task::default()
        }))
    }

    #[test]
    fn counts_match_the_numbered_nodes() {
        use pipec_dsl::ir::{Branch, Condition, ExitHandler, Loop, LoopItems};
        let body = |names: &[&str]| Dag {
            nodes: names.iter().map(|n| task(n)).collect(),
        };
        let condition = Node::Condition(Condition {
            name: "c".into(),
            branches: vec![
                Branch {
                    name: "c-then".into(),
                    when: None,
                    body: body(&["a", "b"]),
                },
                Branch {
                    name: "c-else".into(),
                    when: None,
                    body: body(&["d"]),
                },
            ],
        });
        let looped = Node::Loop(Box::new(Loop {
            name: "l".into(),
            items: LoopItems::Static(Vec::new()),
            parallelism: None,
            body: Dag {
                nodes: vec![task("e"), condition.clone()],
            },
        }));
        let exit = Node::ExitHandler(Box::new(ExitHandler {
            name: "x".into(),
            exit_task: Task {
                name: "cleanup".into(),
                ..Task::default()
            },
            body: body(&["f"]),
        }));
        let nodes = vec![task("first"), looped, exit, condition];
        let counts = count(&nodes);
        let mut pipeline = Pipeline::new("p");
        pipeline.root.nodes.clone_from(&nodes);
        let numbered = Nodes::new(&pipeline);
        assert_eq!(counts.nodes, numbered.len());
        assert_eq!(counts.bodies, numbered.bodies());
        assert_eq!(counts.branches, 4);
        assert_eq!(numbered.branch_labels.len(), 4);
        assert_eq!(numbered.infos.capacity(), numbered.len());
    }

    #[test]
    fn labels_are_the_sanitized_names() {
        let names = [
            "", "a", "step-12", "9", "a-1-b", "-a", "a-", "-", "--", "a--b", "Step", "a_b", "a b",
            "ünï", "x.y",
        ];
        for name in names {
            assert_eq!(label(name), sanitized(name), "{name:?}");
        }
        assert!(matches!(label("step-12"), Cow::Borrowed(_)));
    }
}

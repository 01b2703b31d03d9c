//! Turn a pipeline's scopes into the drawing model.
//!
//! Nodes and clusters are numbered in declaration order. Edges are collected while walking with
//! the producer's *name*, and resolved once every name is known, because `after` may name a task
//! or group declared later.

use std::collections::{BTreeMap, HashSet};

use pipec_dsl::ir::{
    Argument, Condition, Dag, ExitHandler, Expr, Loop, LoopItems, Node as IrNode, Pipeline, Task,
};

use super::label;
use super::model::{Cluster, Edge, EdgeStyle, Endpoint, Graph, Item, Node, NodeKind};

/// The drawing model of a pipeline.
pub(super) fn graph(pipeline: &Pipeline) -> Graph {
    let mut b = Builder::default();
    let items = b.scope(&pipeline.root);
    let edges = b.resolve();
    Graph {
        title: pipeline.name.clone(),
        items,
        edges,
    }
}

/// An edge whose source is still a name.
struct Pending {
    from: String,
    to: Endpoint,
    label: Option<String>,
    style: EdgeStyle,
}

#[derive(Default)]
struct Builder {
    nodes: usize,
    clusters: usize,
    /// What each task or group name is drawn as; a condition group is all of its branches.
    names: BTreeMap<String, Vec<Endpoint>>,
    pending: Vec<Pending>,
}

impl Builder {
    fn scope(&mut self, dag: &Dag) -> Vec<Item> {
        let items: Vec<Item> = dag.nodes.iter().flat_map(|n| self.ir_node(n)).collect();
        if items.is_empty() {
            return vec![Item::Node(
                self.node(vec!["(empty)".into()], NodeKind::Empty),
            )];
        }
        items
    }

    fn ir_node(&mut self, node: &IrNode) -> Vec<Item> {
        match node {
            IrNode::Task(t) => vec![Item::Node(self.task(t, NodeKind::Task))],
            IrNode::Condition(c) => self.condition(c),
            IrNode::Loop(l) => vec![Item::Cluster(self.for_each(l))],
            IrNode::ExitHandler(e) => vec![Item::Cluster(self.exit_handler(e))],
        }
    }

    fn task(&mut self, task: &Task, kind: NodeKind) -> Node {
        let title = task
            .display_name
            .clone()
            .unwrap_or_else(|| task.name.clone());
        let mut lines = vec![title, format!("({})", task.component)];
        if kind == NodeKind::ExitTask {
            lines.push("runs on exit".into());
        }
        let node = self.node(lines, kind);
        let to = Endpoint::Node(node.id);
        self.name(&task.name, to);
        for argument in task.arguments.values() {
            self.data_edge(argument, to);
        }
        for before in &task.after {
            self.pending.push(Pending {
                from: before.clone(),
                to,
                label: None,
                style: EdgeStyle::Order,
            });
        }
        node
    }

    /// Each branch is its own cluster; the condition's name stands for all of them.
    fn condition(&mut self, c: &Condition) -> Vec<Item> {
        let mut items = Vec::new();
        for (index, branch) in c.branches.iter().enumerate() {
            let id = self.cluster_id();
            let to = Endpoint::Cluster(id);
            self.name(&branch.name, to);
            self.name(&c.name, to);
            for operand in branch.when.iter().flat_map(Expr::operands) {
                self.data_edge(operand, to);
            }
            let label = label::branch(index, branch.when.as_ref());
            let body = self.scope(&branch.body);
            items.push(Item::Cluster(Cluster {
                id,
                label,
                items: body,
            }));
        }
        items
    }

    fn for_each(&mut self, l: &Loop) -> Cluster {
        let id = self.cluster_id();
        let to = Endpoint::Cluster(id);
        self.name(&l.name, to);
        match &l.items {
            LoopItems::TaskOutput(r) => {
                self.data_edge(&Argument::TaskOutput(r.clone()), to);
            }
            LoopItems::Static(_) | LoopItems::Parameter(_) => {}
        }
        Cluster {
            id,
            label: label::for_each(l),
            items: self.scope(&l.body),
        }
    }

    fn exit_handler(&mut self, e: &ExitHandler) -> Cluster {
        let id = self.cluster_id();
        self.name(&e.name, Endpoint::Cluster(id));
        let mut items = self.scope(&e.body);
        items.push(Item::Node(self.task(&e.exit_task, NodeKind::ExitTask)));
        Cluster {
            id,
            label: "exit handler".into(),
            items,
        }
    }

    /// An edge from the task whose output `argument` reads, if it reads one.
    fn data_edge(&mut self, argument: &Argument, to: Endpoint) {
        let (r, label) = match argument {
            Argument::TaskOutput(r) => (r, r.output.clone()),
            Argument::Collected(r) => (r, format!("{} (collected)", r.output)),
            Argument::Constant(_) | Argument::Parameter(_) | Argument::LoopItem(_) => return,
        };
        self.pending.push(Pending {
            from: r.task.clone(),
            to,
            label: Some(label),
            style: EdgeStyle::Data,
        });
    }

    fn node(&mut self, lines: Vec<String>, kind: NodeKind) -> Node {
        let id = self.nodes;
        self.nodes += 1;
        Node { id, lines, kind }
    }

    fn cluster_id(&mut self) -> usize {
        self.clusters += 1;
        self.clusters - 1
    }

    fn name(&mut self, name: &str, endpoint: Endpoint) {
        self.names
            .entry(name.to_string())
            .or_default()
            .push(endpoint);
    }

    /// Every pending edge whose source exists, once each, in the order they were found.
    fn resolve(&mut self) -> Vec<Edge> {
        let mut seen = HashSet::new();
        let mut edges = Vec::new();
        for p in std::mem::take(&mut self.pending) {
            for &from in self.names.get(&p.from).into_iter().flatten() {
                let edge = Edge {
                    from,
                    to: p.to,
                    label: p.label.clone(),
                    style: p.style,
                };
                // A self-edge only arises from a broken pipeline and would draw a loop.
                if from != p.to && seen.insert(edge.clone()) {
                    edges.push(edge);
                }
            }
        }
        edges
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipec_dsl::ir::TaskOutputRef;

    fn pipeline(nodes: Vec<IrNode>) -> Pipeline {
        let mut p = Pipeline::new("p");
        p.root.nodes = nodes;
        p
    }

    #[test]
    fn references_to_missing_names_draw_no_edge() {
        let mut t = Task::new("t", "c");
        t.after = vec!["ghost".into(), "t".into()];
        t.arguments.insert(
            "x".into(),
            Argument::TaskOutput(TaskOutputRef {
                task: "nobody".into(),
                output: "o".into(),
            }),
        );
        let g = graph(&pipeline(vec![IrNode::Task(Box::new(t))]));
        assert!(g.edges.is_empty(), "{:?}", g.edges);
    }

    #[test]
    fn an_output_read_twice_is_one_edge() {
        let a = Task::new("a", "c");
        let mut b = Task::new("b", "c");
        let read = Argument::TaskOutput(TaskOutputRef {
            task: "a".into(),
            output: "o".into(),
        });
        b.arguments.insert("x".into(), read.clone());
        b.arguments.insert("y".into(), read);
        let g = graph(&pipeline(vec![
            IrNode::Task(Box::new(a)),
            IrNode::Task(Box::new(b)),
        ]));
        assert_eq!(g.edges.len(), 1, "{:?}", g.edges);
    }

    #[test]
    fn an_empty_pipeline_still_has_a_node() {
        let g = graph(&pipeline(Vec::new()));
        assert!(matches!(&g.items[..], [Item::Node(n)] if n.kind == NodeKind::Empty));
    }
}

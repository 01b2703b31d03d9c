//! What a drawing holds, independent of the graph language: nodes, nested clusters and edges.

/// A whole drawing.
#[derive(Debug)]
pub(super) struct Graph {
    /// The pipeline's name.
    pub title: String,
    /// The root scope's nodes and clusters, in declaration order.
    pub items: Vec<Item>,
    /// Edges in a stable order, without duplicates.
    pub edges: Vec<Edge>,
}

/// A node or a cluster inside a scope.
#[derive(Debug)]
pub(super) enum Item {
    Node(Node),
    Cluster(Cluster),
}

/// A drawn node.
#[derive(Debug)]
pub(super) struct Node {
    /// Unique among nodes; writers turn it into an identifier.
    pub id: usize,
    /// The text lines of the label.
    pub lines: Vec<String>,
    pub kind: NodeKind,
}

/// How a node is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeKind {
    /// A task.
    Task,
    /// The task of an exit handler, which runs whatever the body's outcome.
    ExitTask,
    /// Stands in for an empty scope, so the scope has something to draw and to point edges at.
    Empty,
}

/// A scope drawn as a box around its contents.
#[derive(Debug)]
pub(super) struct Cluster {
    /// Unique among clusters.
    pub id: usize,
    pub label: String,
    /// Never empty: an empty scope holds a [`NodeKind::Empty`] node.
    pub items: Vec<Item>,
}

impl Cluster {
    /// The first node inside, at any depth. Graphviz edges to or from a cluster are drawn as
    /// edges to this node clipped at the cluster's border.
    pub fn anchor(&self) -> usize {
        self.items
            .iter()
            .map(|item| match item {
                Item::Node(n) => n.id,
                Item::Cluster(c) => c.anchor(),
            })
            .next()
            .expect("a cluster always holds at least one node")
    }
}

/// One end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Endpoint {
    Node(usize),
    Cluster(usize),
}

/// An edge between two nodes or clusters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Edge {
    pub from: Endpoint,
    pub to: Endpoint,
    /// The output that flows along a data edge.
    pub label: Option<String>,
    pub style: EdgeStyle,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum EdgeStyle {
    /// Data flows (solid).
    Data,
    /// Ordering only, from `after` (dashed).
    Order,
}

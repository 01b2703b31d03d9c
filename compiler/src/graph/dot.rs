//! Graphviz dot writer.
//!
//! Identifiers are generated (`t0`, `cluster_0`) so no name needs escaping there; names only
//! appear inside quoted labels. `compound=true` lets an edge end at a cluster's border
//! (`lhead`/`ltail`), drawn through the cluster's first node.

use std::collections::HashMap;
use std::fmt::Write;

use super::model::{Cluster, Edge, EdgeStyle, Endpoint, Graph, Item, Node, NodeKind};

/// The dot text of a graph.
pub(super) fn write(graph: &Graph) -> String {
    let mut out = String::new();
    let title = quote(&graph.title);
    let _ = writeln!(out, "digraph {title} {{");
    out.push_str("  compound=true;\n");
    let _ = writeln!(out, "  label={title};");
    out.push_str("  labelloc=t;\n");
    out.push_str("  node [shape=box, style=rounded];\n");
    let mut anchors = HashMap::new();
    for item in &graph.items {
        write_item(&mut out, item, 1, &mut anchors);
    }
    for edge in &graph.edges {
        write_edge(&mut out, edge, &anchors);
    }
    out.push_str("}\n");
    out
}

fn write_item(out: &mut String, item: &Item, depth: usize, anchors: &mut HashMap<usize, usize>) {
    match item {
        Item::Node(n) => write_node(out, n, depth),
        Item::Cluster(c) => write_cluster(out, c, depth, anchors),
    }
}

fn write_node(out: &mut String, node: &Node, depth: usize) {
    let label = quote(&node.lines.join("\n"));
    let shape = match node.kind {
        NodeKind::Task => "",
        NodeKind::ExitTask => ", peripheries=2",
        NodeKind::Empty => ", shape=plaintext",
    };
    let _ = writeln!(out, "{}t{} [label={label}{shape}];", indent(depth), node.id);
}

fn write_cluster(
    out: &mut String,
    cluster: &Cluster,
    depth: usize,
    anchors: &mut HashMap<usize, usize>,
) {
    anchors.insert(cluster.id, cluster.anchor());
    let pad = indent(depth);
    let _ = writeln!(out, "{pad}subgraph cluster_{} {{", cluster.id);
    let _ = writeln!(out, "{pad}  label={};", quote(&cluster.label));
    for item in &cluster.items {
        write_item(out, item, depth + 1, anchors);
    }
    let _ = writeln!(out, "{pad}}}");
}

fn write_edge(out: &mut String, edge: &Edge, anchors: &HashMap<usize, usize>) {
    let mut attrs = Vec::new();
    if let Some(label) = &edge.label {
        attrs.push(format!("label={}", quote(label)));
    }
    if edge.style == EdgeStyle::Order {
        attrs.push("style=dashed".to_string());
    }
    let from = end(edge.from, "ltail", anchors, &mut attrs);
    let to = end(edge.to, "lhead", anchors, &mut attrs);
    if attrs.is_empty() {
        let _ = writeln!(out, "  t{from} -> t{to};");
    } else {
        let _ = writeln!(out, "  t{from} -> t{to} [{}];", attrs.join(", "));
    }
}

/// The node an edge end is drawn to; for a cluster, its anchor plus the clipping attribute.
fn end(
    endpoint: Endpoint,
    clip: &str,
    anchors: &HashMap<usize, usize>,
    attrs: &mut Vec<String>,
) -> usize {
    match endpoint {
        Endpoint::Node(id) => id,
        Endpoint::Cluster(id) => {
            attrs.push(format!("{clip}=cluster_{id}"));
            anchors[&id]
        }
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// A dot double-quoted string. Backslashes are doubled so a name cannot start an escape such as
/// `\l`; line breaks become dot's `\n`.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(quote("a\"b\\l\nc"), r#""a\"b\\l\nc""#);
    }
}

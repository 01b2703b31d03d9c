//! Mermaid flowchart writer.
//!
//! Identifiers are generated (`t0` for nodes, `s0` for subgraphs) because Mermaid reads words such
//! as `end` as keywords and `-` as part of an arrow. Text goes in double quotes, with the
//! characters Mermaid would interpret written as its entity codes (`#quot;`, `#lt;`, …).

use std::fmt::Write;

use super::model::{Cluster, Edge, EdgeStyle, Endpoint, Graph, Item, Node, NodeKind};

/// The Mermaid text of a graph.
pub(super) fn write(graph: &Graph) -> String {
    let mut out = String::from("flowchart TB\n");
    // The title goes in a comment: a front-matter title is not understood by every renderer.
    let title: String = graph.title.chars().filter(|c| !c.is_control()).collect();
    let _ = writeln!(out, "  %% pipeline {title}");
    for item in &graph.items {
        write_item(&mut out, item, 1);
    }
    for edge in &graph.edges {
        write_edge(&mut out, edge);
    }
    out
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    match item {
        Item::Node(n) => write_node(out, n, depth),
        Item::Cluster(c) => write_cluster(out, c, depth),
    }
}

fn write_node(out: &mut String, node: &Node, depth: usize) {
    let text = node
        .lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br/>");
    let (open, close) = match node.kind {
        NodeKind::Task => ("(\"", "\")"),
        NodeKind::ExitTask => ("[[\"", "\"]]"),
        NodeKind::Empty => ("[\"", "\"]"),
    };
    let _ = writeln!(out, "{}t{}{open}{text}{close}", indent(depth), node.id);
}

fn write_cluster(out: &mut String, cluster: &Cluster, depth: usize) {
    let pad = indent(depth);
    let label = escape(&cluster.label);
    let _ = writeln!(out, "{pad}subgraph s{} [\"{label}\"]", cluster.id);
    for item in &cluster.items {
        write_item(out, item, depth + 1);
    }
    let _ = writeln!(out, "{pad}end");
}

fn write_edge(out: &mut String, edge: &Edge) {
    let arrow = match edge.style {
        EdgeStyle::Data => "-->",
        EdgeStyle::Order => "-.->",
    };
    let label = match &edge.label {
        Some(l) => format!("|\"{}\"|", escape(l)),
        None => String::new(),
    };
    let _ = writeln!(out, "  {} {arrow}{label} {}", id(edge.from), id(edge.to));
}

fn id(endpoint: Endpoint) -> String {
    match endpoint {
        Endpoint::Node(n) => format!("t{n}"),
        Endpoint::Cluster(c) => format!("s{c}"),
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

/// Text safe inside a Mermaid double-quoted string: quotes, HTML brackets, `&`, `#` (which starts
/// an entity code) and the backtick (which starts a Markdown string) become entity codes; line
/// breaks become spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn special_characters_become_entity_codes() {
        assert_eq!(escape("a<\"#`&>\nb"), "a#lt;#quot;#35;#96;#amp;#gt; b");
    }
}

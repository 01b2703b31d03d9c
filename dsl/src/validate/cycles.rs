//! Cycles: the dependency graph must be acyclic.
//!
//! Vertices are tasks and groups. A task depends on every task whose output it uses and on
//! everything in its `after`; a group's condition or loop items depend on the tasks they read; a
//! group finishes after everything inside it; an exit task runs after its exit handler's body. A
//! strongly connected component with more than one vertex (or a vertex depending on itself) is a
//! cycle, reported once with the names along it.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::hash::BuildHasherDefault;

use petgraph::algo::kosaraju_scc;
use petgraph::graphmap::DiGraphMap;

use super::ValidationError;
use super::index::{Consumer, Index, Reference};

/// The dependency graph. A fixed hasher keeps it deterministic (and petgraph is built without
/// `std`, so there is no default one).
type Graph = DiGraphMap<Vertex, (), BuildHasherDefault<DefaultHasher>>;

/// A task or a group, by index into [`Index::tasks`] or [`Index::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Vertex {
    Task(usize),
    Group(usize),
}

/// Check that no task depends on itself, directly or through others.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let graph = graph(index);
    let order = |v: &Vertex| match *v {
        Vertex::Task(i) => index.tasks[i].order,
        Vertex::Group(i) => index.groups[i].order,
    };
    let mut cycles: Vec<Vec<Vertex>> = kosaraju_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]))
        .map(|mut scc| {
            scc.sort_by_key(order);
            shortest_cycle(&graph, &scc, order)
        })
        .collect();
    cycles.sort_by_key(|c| c.first().map(order));
    for cycle in cycles {
        let Some(&first) = cycle.first() else {
            continue;
        };
        let path = path_text(index, &cycle, first);
        errors.push(location(index, first).error(format!(
            "dependency cycle: {}; remove one of these data references or `after` entries",
            path
        )));
    }
}

/// The longest cycle written out in full; longer ones show their start and end.
const MAX_SHOWN: usize = 8;

/// `task `a` → task `b` → task `a``, shortened in the middle when the cycle is long.
fn path_text(index: &Index<'_>, cycle: &[Vertex], first: Vertex) -> String {
    let mut parts: Vec<String> = Vec::new();
    if cycle.len() <= MAX_SHOWN {
        parts.extend(cycle.iter().map(|&v| describe(index, v)));
    } else {
        let head = MAX_SHOWN / 2;
        let tail = cycle.len() - head;
        parts.extend(cycle[..head].iter().map(|&v| describe(index, v)));
        parts.push(format!("… {} more …", tail - head));
        parts.extend(cycle[tail..].iter().map(|&v| describe(index, v)));
    }
    parts.push(describe(index, first));
    parts.join(" → ")
}

fn graph(index: &Index<'_>) -> Graph {
    let mut graph = Graph::default();
    for (i, site) in index.tasks.iter().enumerate() {
        graph.add_node(Vertex::Task(i));
        if let Some(parent) = site.parent {
            graph.add_edge(Vertex::Task(i), Vertex::Group(parent), ());
        }
        if let Some(handler) = site.exit_of {
            graph.add_edge(Vertex::Group(handler), Vertex::Task(i), ());
        }
        for name in &site.task.after {
            let before = match (index.task_index(name), index.group_index(name)) {
                (Some(t), _) => Vertex::Task(t),
                (None, Some(g)) => Vertex::Group(g),
                (None, None) => continue,
            };
            graph.add_edge(before, Vertex::Task(i), ());
        }
    }
    for (g, site) in index.groups.iter().enumerate() {
        if let Some(parent) = site.parent {
            graph.add_edge(Vertex::Group(g), Vertex::Group(parent), ());
        }
    }
    for u in &index.uses {
        let (Reference::TaskOutput(r) | Reference::Collected(r)) = u.reference else {
            continue;
        };
        let Some(producer) = index.task_index(&r.task) else {
            continue;
        };
        let consumer = match u.consumer {
            Consumer::Task(t) => Vertex::Task(t),
            Consumer::Group(g) => Vertex::Group(g),
            Consumer::PipelineOutput => continue,
        };
        graph.add_edge(Vertex::Task(producer), consumer, ());
    }
    graph
}

/// The shortest cycle through the first vertex of a strongly connected component (found by a
/// breadth-first search that visits neighbours in declaration order, so the result is stable).
fn shortest_cycle(graph: &Graph, scc: &[Vertex], order: impl Fn(&Vertex) -> usize) -> Vec<Vertex> {
    let Some(&start) = scc.first() else {
        return Vec::new();
    };
    let members: BTreeSet<Vertex> = scc.iter().copied().collect();
    let mut came_from: BTreeMap<Vertex, Vertex> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let mut next: Vec<Vertex> = graph.neighbors(v).filter(|n| members.contains(n)).collect();
        next.sort_by_key(&order);
        for n in next {
            if n == start {
                let mut path = vec![v];
                while let Some(&prev) = path.last().and_then(|p| came_from.get(p)) {
                    path.push(prev);
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = came_from.entry(n) {
                e.insert(v);
                queue.push_back(n);
            }
        }
    }
    vec![start]
}

fn describe(index: &Index<'_>, v: Vertex) -> String {
    match v {
        Vertex::Task(i) => format!("task `{}`", index.tasks[i].task.name),
        Vertex::Group(i) => {
            let g = &index.groups[i].group;
            format!("{} `{}`", g.kind(), g.name())
        }
    }
}

fn location<'a>(index: &'a Index<'_>, v: Vertex) -> &'a super::location::Location {
    match v {
        Vertex::Task(i) => &index.tasks[i].location,
        Vertex::Group(i) => &index.groups[i].location,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{LoopItems, Node};
    use serde_json::json;

    #[test]
    fn data_cycle() {
        let p = pipeline(vec![
            node("a", "produce", [("rows", out("c", "count"))]),
            node("b", "produce", [("rows", out("a", "count"))]),
            node("c", "produce", [("rows", out("b", "count"))]),
            node("d", "produce", [("rows", out("d", "count"))]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a: dependency cycle: task `a` → task `b` → task `c` → task \
                 `a`; remove one of these data references or `after` entries",
                "pipeline t › task d: dependency cycle: task `d` → task `d`; remove one of these \
                 data references or `after` entries",
            ]
        );
    }

    #[test]
    fn after_cycle_and_group_membership() {
        let mut a = task("a", "echo", [("message", constant(json!("x")))]);
        a.after = vec!["b".into()];
        let mut b = task("b", "echo", [("message", constant(json!("x")))]);
        b.after = vec!["a".into()];
        let mut inner = task("c", "echo", [("message", constant(json!("x")))]);
        inner.after = vec!["l".into()];
        let items = LoopItems::Static(vec![json!(1)]);
        let p = pipeline(vec![
            Node::Task(a),
            Node::Task(b),
            for_each("l", items, vec![Node::Task(inner)]),
        ]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("task `a` → task `b` → task `a`"));
        assert!(
            errors[1].starts_with(
                "pipeline t › loop l: dependency cycle: loop `l` → task `c` → loop `l`"
            )
        );
    }

    #[test]
    fn long_cycles_are_shortened() {
        let names: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
        let nodes = (0..10)
            .map(|i| {
                node(
                    &names[i],
                    "produce",
                    [("rows", out(&names[(i + 9) % 10], "count"))],
                )
            })
            .collect();
        assert_eq!(
            run(check, &pipeline(nodes)),
            [
                "pipeline t › task t0: dependency cycle: task `t0` → task `t1` → task `t2` → task \
              `t3` → … 2 more … → task `t6` → task `t7` → task `t8` → task `t9` → task `t0`; \
              remove one of these data references or `after` entries"
            ]
        );
    }

    #[test]
    fn acyclic_is_fine() {
        let p = pipeline(vec![
            produce("a"),
            node("b", "produce", [("rows", out("a", "count"))]),
            node(
                "c",
                "consume",
                [("data", out("a", "data")), ("count", out("b", "count"))],
            ),
        ]);
        assert_eq!(run(check, &p), Vec::<String>::new());
    }
}

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
use super::index::{Consumer, Index};
use super::rules::Part;

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
    // Proving a graph acyclic is cheap; finding and describing its cycles is not, and only a
    // pipeline with a cycle needs it.
    if is_acyclic(index) {
        return;
    }
    let graph = graph(index);
    let order = |v: &Vertex| match *v {
        Vertex::Task(i) => index.tasks[i].order as usize,
        Vertex::Group(i) => index.groups[i].order as usize,
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

/// Every dependency `(before, after)`: a task finishes before its group does, an exit handler's
/// body before its exit task, an `after` entry and a producer before their consumer.
fn for_each_edge(index: &Index<'_>, mut edge: impl FnMut(Vertex, Vertex)) {
    for (i, site) in index.tasks.iter().enumerate() {
        if let Some(parent) = site.parent {
            edge(Vertex::Task(i), Vertex::Group(parent as usize));
        }
        if let Some(handler) = site.exit_of {
            edge(Vertex::Group(handler as usize), Vertex::Task(i));
        }
        for name in &site.task.after {
            let before = match (index.task_index(name), index.group_index(name)) {
                (Some(t), _) => Vertex::Task(t),
                (None, Some(g)) => Vertex::Group(g),
                (None, None) => continue,
            };
            edge(before, Vertex::Task(i));
        }
    }
    for (g, site) in index.groups.iter().enumerate() {
        if let Some(parent) = site.parent {
            edge(Vertex::Group(g), Vertex::Group(parent as usize));
        }
    }
    for u in &index.uses {
        let Some(producer) = u.producer else {
            continue;
        };
        let consumer = match u.consumer {
            Consumer::Task(t) => Vertex::Task(t as usize),
            Consumer::Group(g) => Vertex::Group(g as usize),
            Consumer::PipelineOutput => continue,
        };
        edge(Vertex::Task(producer as usize), consumer);
    }
}

/// Whether the dependency graph has no cycle: Kahn's algorithm over vertex numbers (tasks, then
/// groups), the successors of each vertex side by side in one array. The edges are walked twice
/// (count, then place) rather than stored, and every number is a `u32`: at 100,000 tasks the
/// arrays are a few megabytes, and fresh memory is what this check spends most time on.
fn is_acyclic(index: &Index<'_>) -> bool {
    let tasks = index.tasks.len();
    let vertices = tasks + index.groups.len();
    let number = |v: Vertex| match v {
        Vertex::Task(i) => i,
        Vertex::Group(g) => tasks + g,
    };
    // After the count, `end[v]` is where v's successors end in `successors`; placing them from
    // the back leaves it where they start, and `end[v + 1]` where they end.
    let mut end = vec![0u32; vertices + 1];
    let mut waiting_on = vec![0u32; vertices];
    for_each_edge(index, |a, b| {
        end[number(a)] += 1;
        waiting_on[number(b)] += 1;
    });
    let mut total = 0;
    for slot in &mut end {
        total += *slot;
        *slot = total;
    }
    let mut successors = vec![0u32; total as usize];
    for_each_edge(index, |a, b| {
        let from = &mut end[number(a)];
        *from -= 1;
        successors[*from as usize] = number(b) as u32;
    });
    let mut ready: Vec<u32> = (0..vertices as u32)
        .filter(|&v| waiting_on[v as usize] == 0)
        .collect();
    let mut done = 0;
    while let Some(v) = ready.pop() {
        done += 1;
        let v = v as usize;
        for &w in &successors[end[v] as usize..end[v + 1] as usize] {
            waiting_on[w as usize] -= 1;
            if waiting_on[w as usize] == 0 {
                ready.push(w);
            }
        }
    }
    done == vertices
}

/// Whether the quick check and the full search agree on whether there is a cycle.
#[cfg(test)]
pub(super) fn quick_check_agrees(index: &Index<'_>) -> bool {
    let graph = graph(index);
    let cyclic = kosaraju_scc(&graph)
        .into_iter()
        .any(|scc| scc.len() > 1 || graph.contains_edge(scc[0], scc[0]));
    is_acyclic(index) != cyclic
}

/// The graph that cycles are found and described in.
fn graph(index: &Index<'_>) -> Graph {
    let mut graph = Graph::default();
    for i in 0..index.tasks.len() {
        graph.add_node(Vertex::Task(i));
    }
    for_each_edge(index, |a, b| {
        graph.add_edge(a, b, ());
    });
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

fn location(index: &Index<'_>, v: Vertex) -> super::location::Location {
    match v {
        Vertex::Task(i) => index.tasks[i].location(),
        Vertex::Group(i) => index.groups[i].location(),
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

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
            Node::Task(Box::new(a)),
            Node::Task(Box::new(b)),
            for_each("l", items, vec![Node::Task(Box::new(inner))]),
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

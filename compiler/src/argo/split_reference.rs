//! The splitter as it was before it packed items in flat lists, kept to check that the flat
//! one lays out every DAG the same way (see the tests of `split`).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use foldhash::{HashMap, HashMapExt};

use super::Part;

/// One IR node of a scope, as the splitter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unit {
    /// How many DAG tasks the node draws.
    pub weight: usize,
    /// The nodes of the same scope it waits for, by index, ascending and each once.
    pub waits_for: Vec<usize>,
}

/// An item being packed: a part, what it weighs in the DAG holding it, and what it waits for.
#[derive(Debug, Clone)]
struct Item {
    part: Part,
    weight: usize,
    /// Ascending, each once.
    waits_for: Vec<usize>,
}

/// Lay out a scope's nodes so that no DAG holds more than `max` tasks, or `None` when they fit.
pub(super) fn plan(units: Vec<Unit>, max: usize) -> Option<Vec<Part>> {
    let mut items: Vec<Item> = units
        .into_iter()
        .enumerate()
        .map(|(i, u)| Item {
            part: Part::Node(i),
            weight: u.weight,
            waits_for: u.waits_for,
        })
        .collect();
    if total(&items) <= max {
        return None;
    }
    while total(&items) > max {
        let before = items.len();
        let mut chunks = chunk(&items, max, runs_by_waits);
        // Nothing shared runs or waits: consecutive items in dependency order, coarser but still
        // never losing a wait.
        let stuck = chunks.len() == before && {
            chunks = chunk(&items, max, consecutive);
            chunks.len() == before
        };
        items = merge(items, chunks);
        if stuck {
            // A single node draws more tasks than a DAG holds (a condition with that many
            // branches); the CRD check reports it.
            break;
        }
    }
    Some(items.into_iter().map(|i| i.part).collect())
}

fn total(items: &[Item]) -> usize {
    items.iter().map(|i| i.weight).sum()
}

/// Group the items (by index) into lists that may share a part; each list is in order.
type Grouping = fn(&[Item], &[usize]) -> Vec<Vec<Vec<usize>>>;

/// One round's chunks: group the items, and pack each group into chunks of at most `max`.
fn chunk(items: &[Item], max: usize, grouping: Grouping) -> Vec<Vec<usize>> {
    let order = topological(items);
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    for group in grouping(items, &order) {
        fill(&mut chunks, &group, items, max);
    }
    chunks
}

/// Make each chunk one item (a part, unless it holds one item), and rewire the waits.
fn merge(items: Vec<Item>, chunks: Vec<Vec<usize>>) -> Vec<Item> {
    let mut home = vec![0; items.len()];
    for (c, chunk) in chunks.iter().enumerate() {
        chunk.iter().for_each(|&i| home[i] = c);
    }
    let waits: Vec<Vec<usize>> = chunks
        .iter()
        .enumerate()
        .map(|(c, chunk)| {
            let mut waits_for: Vec<usize> = chunk
                .iter()
                .flat_map(|&i| items[i].waits_for.iter().map(|&w| home[w]))
                .filter(|&h| h != c)
                .collect();
            waits_for.sort_unstable();
            waits_for.dedup();
            waits_for
        })
        .collect();
    // Each item moves into exactly one chunk.
    let weights: Vec<usize> = items.iter().map(|i| i.weight).collect();
    let mut parts: Vec<Option<Part>> = items.into_iter().map(|i| Some(i.part)).collect();
    let mut take = |i: usize| parts[i].take().unwrap_or(Part::Nested(Vec::new()));
    chunks
        .into_iter()
        .zip(waits)
        .map(|(mut chunk, waits_for)| {
            if let [only] = chunk[..] {
                return Item {
                    part: take(only),
                    weight: weights[only],
                    waits_for,
                };
            }
            // Declaration order inside a part, for a readable template.
            chunk.sort_unstable();
            Item {
                part: Part::Nested(chunk.iter().map(|&i| take(i)).collect()),
                weight: 1,
                waits_for,
            }
        })
        .collect()
}

/// Pack a group's runs into parts: a run goes whole into the current part if it fits, a run
/// longer than a part is cut into parts of its own.
fn fill(chunks: &mut Vec<Vec<usize>>, runs: &[Vec<usize>], items: &[Item], max: usize) {
    let mut current: Vec<usize> = Vec::new();
    let mut room = max;
    for run in runs {
        let weight: usize = run.iter().map(|&i| items[i].weight).sum();
        if weight > max {
            chunks.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            room = max;
            cut(chunks, run, items, max);
            continue;
        }
        if weight > room {
            chunks.push(std::mem::take(&mut current));
            room = max;
        }
        current.extend(run);
        room -= weight;
    }
    chunks.extend((!current.is_empty()).then_some(current));
}

/// Cut a long run into consecutive parts of at most `max`.
fn cut(chunks: &mut Vec<Vec<usize>>, run: &[usize], items: &[Item], max: usize) {
    let mut current = Vec::new();
    let mut room = max;
    for &i in run {
        if items[i].weight > room && !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
            room = max;
        }
        current.push(i);
        room = room.saturating_sub(items[i].weight);
    }
    chunks.extend((!current.is_empty()).then_some(current));
}

/// Runs (maximal chains) grouped by what their first item waits for and by depth; groups in order
/// of first appearance.
fn runs_by_waits(items: &[Item], order: &[usize]) -> Vec<Vec<Vec<usize>>> {
    let mut waited_by = vec![0usize; items.len()];
    items
        .iter()
        .flat_map(|i| &i.waits_for)
        .for_each(|&w| waited_by[w] += 1);
    let mut run_of = vec![usize::MAX; items.len()];
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for &i in order {
        let extends = match items[i].waits_for[..] {
            [p] if waited_by[p] == 1 => Some(run_of[p]),
            _ => None,
        };
        let r = extends.unwrap_or_else(|| {
            runs.push(Vec::new());
            runs.len() - 1
        });
        runs[r].push(i);
        run_of[i] = r;
    }
    // Runs are made in dependency order, so a run's depth follows from earlier runs'.
    let mut depth = vec![0usize; runs.len()];
    let mut groups: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut group_of: HashMap<(usize, Vec<usize>), usize> = HashMap::with_capacity(runs.len());
    for (r, run) in runs.into_iter().enumerate() {
        let waits: Vec<usize> = items[run[0]].waits_for.iter().map(|&w| run_of[w]).collect();
        depth[r] = waits.iter().map(|&w| depth[w] + 1).max().unwrap_or(0);
        let next = groups.len();
        let g = *group_of.entry((depth[r], waits)).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(run);
    }
    groups
}

/// Every item in dependency order, as one group of single-item runs.
fn consecutive(_: &[Item], order: &[usize]) -> Vec<Vec<Vec<usize>>> {
    vec![order.iter().map(|&i| vec![i]).collect()]
}

/// The items in an order where each comes after what it waits for; ties in declaration order.
fn topological(items: &[Item]) -> Vec<usize> {
    let mut waiting: Vec<usize> = items.iter().map(|i| i.waits_for.len()).collect();
    let mut released: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, item) in items.iter().enumerate() {
        item.waits_for.iter().for_each(|&w| released[w].push(i));
    }
    // The smallest ready index first: a min-heap.
    let mut ready: BinaryHeap<Reverse<usize>> = (0..items.len())
        .filter(|&i| waiting[i] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(items.len());
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &j in &released[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push(Reverse(j));
            }
        }
    }
    order
}

//! Splitting a scope with more DAG tasks than Argo allows into nested DAG templates.
//!
//! Argo 4's CRD accepts at most 200 tasks in one DAG template. A scope with more is split: its
//! nodes are packed into nested DAGs ("parts"), each run by one DAG task of the scope, and parts
//! of parts when there are still too many. The packing keeps the task-level order exact for the
//! shapes large pipelines have:
//!
//! - a run of nodes each waiting only for the one before (a chain) stays together, and a run too
//!   long for one part is cut into consecutive parts that wait for each other;
//! - runs that wait for the same nodes (a fan-out) are packed side by side, so a part waits for
//!   exactly what each of its runs waits for.
//!
//! A node that waits for only some runs of a part waits for the whole part: an added wait, never a
//! lost one. Values and dependencies crossing a part's edge are carried by the scope tree as for
//! any other nested DAG.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use foldhash::HashMap;

use super::adjacency::Adjacency;

#[cfg(test)]
#[path = "split_reference.rs"]
mod reference;

/// The IR nodes of one scope as the splitter sees them: what each weighs and whom it waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Units {
    /// How many DAG tasks each node draws (a condition draws one per branch, an importer none).
    weights: Vec<usize>,
    /// The nodes of the same scope each waits for.
    waits: Adjacency,
}

impl Units {
    /// Nodes weighing `weights`, where each pair `(i, j)` says node `i` waits for node `j`
    /// (pairs in any order, repeats allowed; a node waiting for itself or for no node of the
    /// scope is not a wait).
    #[cfg(test)]
    pub(super) fn new(weights: Vec<usize>, pairs: &[(u32, u32)]) -> Units {
        let waits = Adjacency::from_pairs(weights.len(), pairs, u32::cmp);
        Units { weights, waits }
    }

    /// Nodes weighing `weights`, where node `i` waits for `waits.of(i)`.
    pub(super) fn with_waits(weights: Vec<usize>, waits: Adjacency) -> Units {
        Units { weights, waits }
    }

    /// Whom node `i` waits for.
    #[cfg(test)]
    pub(super) fn waits_of(&self, i: usize) -> &[u32] {
        self.waits.of(i)
    }
}

/// Whether every item waits only for items before it: then declaration order is a dependency
/// order.
fn point_back(waits: &Adjacency) -> bool {
    (0..waits.len()).all(|i| waits.of(i).iter().all(|&w| (w as usize) < i))
}

/// The layout of a split scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    /// The scope's node with this index.
    Node(usize),
    /// A nested DAG holding these parts.
    Nested(Vec<Part>),
}

/// At least as many DAG tasks as a DAG draws (importers are counted too): when this many fit,
/// the DAG needs no plan.
#[cfg(test)]
pub(super) fn most_drawn(dag: &pipec_dsl::ir::Dag) -> usize {
    use pipec_dsl::ir::Node;
    dag.nodes
        .iter()
        .map(|n| match n {
            Node::Condition(c) => c.branches.len(),
            Node::Task(_) | Node::Loop(_) | Node::ExitHandler(_) => 1,
        })
        .sum()
}

/// The items being packed: parts, what each weighs in the DAG holding it, and whom it waits for.
struct Items {
    parts: Vec<Part>,
    weights: Vec<usize>,
    waits: Adjacency,
}

impl Items {
    fn len(&self) -> usize {
        self.parts.len()
    }

    fn total(&self) -> usize {
        self.weights.iter().sum()
    }
}

/// Lay out a scope's nodes so that no DAG holds more than `max` tasks, or `None` when they fit.
pub(super) fn plan(units: Units, max: usize) -> Option<Vec<Part>> {
    let Units { weights, waits } = units;
    let mut items = Items {
        parts: (0..weights.len()).map(Part::Node).collect(),
        weights,
        waits,
    };
    if items.total() <= max {
        return None;
    }
    while items.total() > max {
        let before = items.len();
        let mut chunks = chunk(&items, max, Grouping::RunsByWaits);
        // Nothing shared runs or waits: consecutive items in dependency order, coarser but still
        // never losing a wait.
        let stuck = chunks.len() == before && {
            chunks = chunk(&items, max, Grouping::Consecutive);
            chunks.len() == before
        };
        items = merge(items, &chunks);
        if stuck {
            // A single node draws more tasks than a DAG holds (a condition with that many
            // branches); the CRD check reports it.
            break;
        }
    }
    Some(items.parts)
}

/// How items are grouped into lists of runs that may share a part.
#[derive(Debug, Clone, Copy)]
enum Grouping {
    /// Runs (maximal chains) grouped by what their first item waits for and by depth.
    RunsByWaits,
    /// Every item in dependency order, as one group of single-item runs.
    Consecutive,
}

/// Lists of item indices in one flat list: list `c` is `members[ends[c - 1]..ends[c]]`.
#[derive(Debug, Default)]
struct Chunks {
    members: Vec<u32>,
    ends: Vec<u32>,
}

impl Chunks {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, c: usize) -> &[u32] {
        let from = if c == 0 { 0 } else { self.ends[c - 1] as usize };
        &self.members[from..self.ends[c] as usize]
    }

    /// How many members the list being filled holds.
    fn open(&self) -> usize {
        self.members.len() - self.ends.last().map_or(0, |&e| e as usize)
    }

    /// End the list being filled (it may be empty).
    fn close(&mut self) {
        self.ends.push(self.members.len() as u32);
    }

    /// End the list being filled unless it is empty.
    fn close_open(&mut self) {
        if self.open() > 0 {
            self.close();
        }
    }
}

/// One round's chunks: group the items, and pack each group into chunks of at most `max`.
fn chunk(items: &Items, max: usize, grouping: Grouping) -> Chunks {
    let order = topological(&items.waits);
    let mut chunks = Chunks::default();
    match grouping {
        Grouping::Consecutive => fill(&mut chunks, order.chunks(1), &items.weights, max),
        Grouping::RunsByWaits => {
            let runs = runs_by_waits(&items.waits, &order);
            for g in 0..runs.groups.len() {
                fill(&mut chunks, runs.group(g), &items.weights, max);
            }
        }
    }
    chunks
}

/// Make each chunk one item (a part, unless it holds one item), and rewire the waits.
fn merge(items: Items, chunks: &Chunks) -> Items {
    let Items {
        mut parts,
        weights,
        waits,
    } = items;
    let mut home = vec![0u32; parts.len()];
    for c in 0..chunks.len() {
        chunks
            .get(c)
            .iter()
            .for_each(|&i| home[i as usize] = c as u32);
    }
    let mut next_waits = Adjacency::with_capacity(chunks.len());
    let mut next_parts = Vec::with_capacity(chunks.len());
    let mut next_weights = Vec::with_capacity(chunks.len());
    let mut scratch: Vec<u32> = Vec::new();
    for c in 0..chunks.len() {
        let chunk = chunks.get(c);
        let awaited = chunk
            .iter()
            .flat_map(|&i| waits.of(i as usize).iter().map(|&w| home[w as usize]));
        next_waits.push_group(awaited.filter(|&h| h != c as u32));
        // Each item moves into exactly one chunk. What it leaves behind is a node, which owns
        // nothing to drop when the old list goes.
        let mut take = |i: u32| std::mem::replace(&mut parts[i as usize], Part::Node(0));
        if let [only] = *chunk {
            next_parts.push(take(only));
            next_weights.push(weights[only as usize]);
            continue;
        }
        // Declaration order inside a part, for a readable template.
        scratch.clear();
        scratch.extend_from_slice(chunk);
        scratch.sort_unstable();
        next_parts.push(Part::Nested(scratch.iter().map(|&i| take(i)).collect()));
        next_weights.push(1);
    }
    Items {
        parts: next_parts,
        weights: next_weights,
        waits: next_waits,
    }
}

/// Pack a group's runs into parts: a run goes whole into the current part if it fits, a run
/// longer than a part is cut into parts of its own.
fn fill<'r>(
    chunks: &mut Chunks,
    runs: impl Iterator<Item = &'r [u32]>,
    weights: &[usize],
    max: usize,
) {
    let mut room = max;
    for run in runs {
        let weight: usize = run.iter().map(|&i| weights[i as usize]).sum();
        if weight > max {
            chunks.close_open();
            room = max;
            cut(chunks, run, weights, max);
            continue;
        }
        if weight > room {
            chunks.close();
            room = max;
        }
        chunks.members.extend_from_slice(run);
        room -= weight;
    }
    chunks.close_open();
}

/// Cut a long run into consecutive parts of at most `max`.
fn cut(chunks: &mut Chunks, run: &[u32], weights: &[usize], max: usize) {
    let mut room = max;
    for &i in run {
        let weight = weights[i as usize];
        if weight > room && chunks.open() > 0 {
            chunks.close();
            room = max;
        }
        chunks.members.push(i);
        room = room.saturating_sub(weight);
    }
    chunks.close_open();
}

/// Groups of runs in one flat list of items: run `r` is `items[run_ends[r - 1]..run_ends[r]]`,
/// group `g` is runs `group_ends[g - 1]..group_ends[g]`.
#[derive(Debug, Default)]
struct Runs {
    items: Vec<u32>,
    run_ends: Vec<u32>,
    groups: Vec<u32>,
}

impl Runs {
    /// The runs of group `g`.
    fn group(&self, g: usize) -> impl Iterator<Item = &[u32]> {
        let first = if g == 0 {
            0
        } else {
            self.groups[g - 1] as usize
        };
        (first..self.groups[g] as usize).map(|r| {
            let from = if r == 0 {
                0
            } else {
                self.run_ends[r - 1] as usize
            };
            &self.items[from..self.run_ends[r] as usize]
        })
    }
}

/// Runs (maximal chains) grouped by what their first item waits for and by depth; groups in order
/// of first appearance, runs in each in order of first appearance.
fn runs_by_waits(waits: &Adjacency, order: &[u32]) -> Runs {
    let n = waits.len();
    let mut waited_by = vec![0u32; n];
    waits
        .targets()
        .iter()
        .for_each(|&w| waited_by[w as usize] += 1);
    // Each run as a linked list of items, made in dependency order.
    let mut run_of = vec![u32::MAX; n];
    let mut next = vec![u32::MAX; n];
    let mut first: Vec<u32> = Vec::new();
    let mut last: Vec<u32> = Vec::new();
    let mut len: Vec<u32> = Vec::new();
    for &i in order {
        let extends = match *waits.of(i as usize) {
            [p] if waited_by[p as usize] == 1 => run_of[p as usize],
            _ => u32::MAX,
        };
        let r = if extends == u32::MAX {
            first.push(i);
            last.push(i);
            len.push(0);
            first.len() - 1
        } else {
            let r = extends as usize;
            next[last[r] as usize] = i;
            last[r] = i;
            r
        };
        len[r] += 1;
        run_of[i as usize] = r as u32;
    }
    let group_of = group_runs(waits, &first, &run_of);
    flatten(&group_of, &first, &len, &next)
}

/// The group of each run: runs whose first items wait for the same runs, at the same depth,
/// share one; groups are numbered in order of first appearance.
fn group_runs(waits: &Adjacency, first: &[u32], run_of: &[u32]) -> Vec<u32> {
    // Runs are made in dependency order, so a run's depth follows from earlier runs'.
    let mut depth = vec![0u32; first.len()];
    let mut keys: Vec<u32> = Vec::new();
    let mut key_ends: Vec<u32> = Vec::with_capacity(first.len());
    for (r, &f) in first.iter().enumerate() {
        let mut d = 0;
        for &w in waits.of(f as usize) {
            let run = run_of[w as usize];
            keys.push(run);
            d = d.max(depth.get(run as usize).map_or(0, |d| d + 1));
        }
        depth[r] = d;
        key_ends.push(keys.len() as u32);
    }
    let mut group_of_key: HashMap<(u32, &[u32]), u32> = HashMap::default();
    let mut groups = 0u32;
    let mut previous: Option<((u32, &[u32]), u32)> = None;
    (0..first.len())
        .map(|r| {
            let from = if r == 0 { 0 } else { key_ends[r - 1] as usize };
            let key = (depth[r], &keys[from..key_ends[r] as usize]);
            // The runs of a fan-out come one after another with one key: skip the lookup.
            if let Some((k, g)) = previous
                && k == key
            {
                return g;
            }
            let g = *group_of_key.entry(key).or_insert_with(|| {
                groups += 1;
                groups - 1
            });
            previous = Some((key, g));
            g
        })
        .collect()
}

/// The runs' items, group by group, each group's runs in order.
fn flatten(group_of: &[u32], first: &[u32], len: &[u32], next: &[u32]) -> Runs {
    let groups = group_of.iter().max().map_or(0, |&g| g as usize + 1);
    // A counting sort of the runs by group keeps each group's runs in order.
    let mut group_ends = vec![0u32; groups];
    group_of.iter().for_each(|&g| group_ends[g as usize] += 1);
    let mut slot = Vec::with_capacity(groups);
    let mut sum = 0;
    for count in &mut group_ends {
        slot.push(sum);
        sum += *count;
        *count = sum;
    }
    let mut order = vec![0u32; group_of.len()];
    for (r, &g) in group_of.iter().enumerate() {
        order[slot[g as usize] as usize] = r as u32;
        slot[g as usize] += 1;
    }
    let total: u32 = len.iter().sum();
    let mut runs = Runs {
        items: Vec::with_capacity(total as usize),
        run_ends: Vec::with_capacity(order.len()),
        groups: group_ends,
    };
    for r in order {
        let mut i = first[r as usize];
        while i != u32::MAX {
            runs.items.push(i);
            i = next[i as usize];
        }
        runs.run_ends.push(runs.items.len() as u32);
    }
    runs
}

/// The items in an order where each comes after what it waits for; ties in declaration order.
fn topological(waits: &Adjacency) -> Vec<u32> {
    let n = waits.len();
    // The usual case, and every DAG after its first round of packing.
    if point_back(waits) {
        return (0..n as u32).collect();
    }
    let mut waiting: Vec<u32> = (0..n).map(|i| waits.of(i).len() as u32).collect();
    // Whom each item releases.
    let reversed: Vec<(u32, u32)> = (0..n as u32)
        .flat_map(|i| waits.of(i as usize).iter().map(move |&w| (w, i)))
        .collect();
    let released = Adjacency::from_pairs(n, &reversed, u32::cmp);
    // The smallest ready index first: a min-heap.
    let mut ready: BinaryHeap<Reverse<u32>> = (0..n as u32)
        .filter(|&i| waiting[i as usize] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        let i = i as usize;
        for &j in released.of(i) {
            waiting[j as usize] -= 1;
            if waiting[j as usize] == 0 {
                ready.push(Reverse(j));
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units of weight 1, each waiting for the indices listed.
    fn units(waits: impl IntoIterator<Item = Vec<usize>>) -> Units {
        let mut pairs = Vec::new();
        let mut n = 0;
        for (i, ws) in waits.into_iter().enumerate() {
            pairs.extend(ws.iter().map(|&w| (i as u32, w as u32)));
            n += 1;
        }
        Units::new(vec![1; n], &pairs)
    }

    fn sizes(parts: &[Part]) -> Vec<usize> {
        parts
            .iter()
            .map(|p| match p {
                Part::Node(_) => 0,
                Part::Nested(inner) => inner.len(),
            })
            .collect()
    }

    #[test]
    fn a_scope_that_fits_is_left_alone() {
        assert_eq!(plan(units((0..200).map(|_| vec![])), 200), None);
    }

    #[test]
    fn a_chain_is_cut_into_consecutive_parts() {
        let chain = (0..450).map(|i| if i == 0 { vec![] } else { vec![i - 1] });
        let parts = plan(units(chain), 200).unwrap();
        assert_eq!(sizes(&parts), [200, 200, 50]);
        let Part::Nested(second) = &parts[1] else {
            panic!("{parts:?}")
        };
        assert_eq!(second.first(), Some(&Part::Node(200)));
    }

    #[test]
    fn a_fan_out_keeps_its_root_apart_from_the_parts_waiting_for_it() {
        let fan_out = (0..401).map(|i| if i == 0 { vec![] } else { vec![0] });
        let parts = plan(units(fan_out), 200).unwrap();
        assert_eq!(parts[0], Part::Node(0));
        assert_eq!(sizes(&parts), [0, 200, 200]);
    }

    #[test]
    fn too_many_parts_are_nested_again() {
        let fan_out = (0..100_001).map(|i| if i == 0 { vec![] } else { vec![0] });
        let parts = plan(units(fan_out), 200).unwrap();
        assert!(parts.len() <= 200, "{}", parts.len());
        assert_eq!(parts[0], Part::Node(0));
    }

    #[test]
    fn unrelated_waits_fall_back_to_consecutive_parts() {
        // Each node waits for the two before it: no runs, no shared waits.
        let pairs = (0..300).map(|i| match i {
            0 => vec![],
            1 => vec![0],
            _ => vec![i - 2, i - 1],
        });
        let parts = plan(units(pairs), 200).unwrap();
        assert!(parts.len() <= 200, "{}", parts.len());
    }

    /// A small deterministic generator (xorshift), so the comparison below needs no seed file.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// A random acyclic DAG of `n` nodes mixing the shapes large pipelines have (chains, fan-outs
    /// from a few roots, nodes waiting for several others), numbered in a shuffled order.
    fn random_dag(rng: &mut Rng, n: usize) -> (Vec<usize>, Vec<(u32, u32)>) {
        let mut position: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            position.swap(i, rng.below(i + 1));
        }
        let mut pairs = Vec::new();
        for k in 1..n {
            let waits: Vec<usize> = match rng.below(6) {
                0 => vec![],
                1 | 2 => vec![k - 1],
                3 => vec![rng.below(3.min(k))],
                4 => vec![rng.below(k), rng.below(k)],
                _ => (0..rng.below(4)).map(|_| rng.below(k)).collect(),
            };
            let at = |k: usize| position[k] as u32;
            pairs.extend(waits.into_iter().map(|w| (at(k), at(w))));
        }
        let weights = (0..n).map(|_| [1, 1, 1, 0, 2, 3][rng.below(6)]).collect();
        (weights, pairs)
    }

    #[test]
    fn plans_match_the_reference_splitter() {
        use super::reference::{self, Unit};
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for case in 0..400 {
            let n = [0, 1, 5, 40, 300, 1200][case % 6] + rng.below(20);
            let (weights, pairs) = random_dag(&mut rng, n);
            let max = [1, 2, 3, 7, 25, 200][rng.below(6)];
            let units = Units::new(weights.clone(), &pairs);
            let old: Vec<Unit> = (0..n)
                .map(|i| Unit {
                    weight: weights[i],
                    waits_for: units.waits.of(i).iter().map(|&w| w as usize).collect(),
                })
                .collect();
            assert_eq!(plan(units, max), reference::plan(old, max), "case {case}");
        }
    }

    #[test]
    fn waits_are_grouped_sorted_and_unique() {
        let units = Units::new(
            vec![1; 4],
            &[(3, 0), (3, 2), (1, 2), (3, 0), (2, 2), (0, 9)],
        );
        assert_eq!(units.waits.of(3), [0, 2]);
        assert_eq!(units.waits.of(1), [2]);
        assert!(units.waits.of(0).is_empty() && units.waits.of(2).is_empty());
    }
}

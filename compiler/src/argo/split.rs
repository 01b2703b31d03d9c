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

    /// Nodes weighing `weights`, where node `i` waits for `waits.of(i)`, in ascending order (as
    /// `adjacency::Rows` makes them): [`point_back`] reads only each node's last wait.
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
    // Each item's waits are in ascending order (see `Units::with_waits`; a later round's come
    // from `Adjacency::push_group`, which sorts): the last is the one to check.
    let mut rows = waits.rows().enumerate();
    rows.all(|(i, row)| row.last().is_none_or(|&w| (w as usize) < i))
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

/// Lay out a scope's nodes so that no DAG holds more than `max` tasks, or `None` when they fit.
pub(super) fn plan(units: Units, max: usize) -> Option<Vec<Part>> {
    let Units { weights, waits } = units;
    if weights.iter().sum::<usize>() <= max {
        return None;
    }
    let mut items = Items {
        parts: (0..weights.len()).map(Part::Node).collect(),
        weights,
        waits,
    };
    loop {
        let before = items.parts.len();
        let mut homes = chunk(&items, max, Grouping::RunsByWaits);
        // Nothing shared runs or waits: consecutive items in dependency order, coarser but still
        // never losing a wait.
        let stuck = homes.count == before && {
            homes = chunk(&items, max, Grouping::Consecutive);
            homes.count == before
        };
        let chunks = homes.chunks();
        let (parts, weights) = gather(items.parts, &items.weights, &chunks);
        // A single node may draw more tasks than a DAG holds (a condition with that many
        // branches): the CRD check reports it.
        if stuck || weights.iter().sum::<usize>() <= max {
            return Some(parts);
        }
        // Only another round reads the waits between chunks.
        let waits = rewire(&items.waits, &homes.home, &chunks);
        items = Items {
            parts,
            weights,
            waits,
        };
    }
}

/// How items are grouped into lists of runs that may share a part.
#[derive(Debug, Clone, Copy)]
enum Grouping {
    /// Runs (maximal chains) grouped by the runs their first items wait for.
    RunsByWaits,
    /// Every item in dependency order, as one group of single-item runs.
    Consecutive,
}

/// One round's chunks: group the items, and pack each group into chunks of at most `max`.
fn chunk(items: &Items, max: usize, grouping: Grouping) -> Homes {
    let order = topological(&items.waits);
    let runs = match grouping {
        Grouping::Consecutive => Runs::consecutive(order, &items.weights),
        Grouping::RunsByWaits => Runs::by_waits(&items.waits, &order, &items.weights),
    };
    runs.pack(&items.weights, max)
}

/// Which chunk each item goes to, the chunks numbered in the order they are filled.
#[derive(Debug)]
struct Homes {
    home: Vec<u32>,
    count: usize,
}

impl Homes {
    /// Each chunk's items in declaration order. A counting sort by chunk keeps the items of a
    /// chunk in the order they are declared, which a part lists them in, without sorting each.
    fn chunks(&self) -> Chunks {
        let mut ends = vec![0u32; self.count];
        self.home.iter().for_each(|&h| ends[h as usize] += 1);
        // Where each chunk starts; after the items are placed, where it ends.
        let mut sum = 0;
        for slot in &mut ends {
            (*slot, sum) = (sum, sum + *slot);
        }
        let mut members = vec![0u32; self.home.len()];
        for (i, &h) in self.home.iter().enumerate() {
            members[ends[h as usize] as usize] = i as u32;
            ends[h as usize] += 1;
        }
        Chunks { members, ends }
    }
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
}

/// Make each chunk one item: its only item, or a part nesting its items, which draws one DAG
/// task.
fn gather(mut parts: Vec<Part>, weights: &[usize], chunks: &Chunks) -> (Vec<Part>, Vec<usize>) {
    let mut next_parts = Vec::with_capacity(chunks.len());
    let mut next_weights = Vec::with_capacity(chunks.len());
    for c in 0..chunks.len() {
        // Each item moves into exactly one chunk. What it leaves behind is a node, which owns
        // nothing to drop when the old list goes.
        let mut take = |i: u32| std::mem::replace(&mut parts[i as usize], Part::Node(0));
        match *chunks.get(c) {
            [only] => {
                next_parts.push(take(only));
                next_weights.push(weights[only as usize]);
            }
            ref chunk => {
                next_parts.push(Part::Nested(chunk.iter().map(|&i| take(i)).collect()));
                next_weights.push(1);
            }
        }
    }
    (next_parts, next_weights)
}

/// Whom each chunk waits for: the chunks holding what its items wait for, other than itself.
fn rewire(waits: &Adjacency, home: &[u32], chunks: &Chunks) -> Adjacency {
    let mut next = Adjacency::with_capacity(chunks.len());
    for c in 0..chunks.len() {
        let awaited = chunks
            .get(c)
            .iter()
            .flat_map(|&i| waits.of(i as usize).iter().map(|&w| home[w as usize]));
        next.push_group(awaited.filter(|&h| h != c as u32));
    }
    next
}

/// Runs of items to pack, each a chain linked in dependency order, in groups that may share
/// chunks.
#[derive(Debug)]
struct Runs {
    runs: Vec<Run>,
    /// The item after each item in its run (`u32::MAX` after a run's last).
    next: Vec<u32>,
    /// Consecutive runs of one group, group by group, each group's in order.
    spans: Vec<Span>,
    /// Where each group ends in `spans`.
    group_ends: Vec<u32>,
}

/// A run: its first item and what it weighs.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: u32,
    weight: usize,
}

/// Runs `from..to`, made one after another, whose first items wait for the runs
/// `keys[key_from..key_to]` (see [`Runs::by_waits`]).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: u32,
    to: u32,
    key_from: u32,
    key_to: u32,
}

impl Runs {
    /// Every item as a run of its own, in `order`, all in one group.
    fn consecutive(order: Vec<u32>, weights: &[usize]) -> Runs {
        let n = order.len() as u32;
        let all = Span {
            from: 0,
            to: n,
            key_from: 0,
            key_to: 0,
        };
        Runs {
            runs: (order.iter())
                .map(|&i| Run {
                    first: i,
                    weight: weights[i as usize],
                })
                .collect(),
            next: vec![u32::MAX; n as usize],
            spans: vec![all],
            group_ends: vec![1],
        }
    }

    /// Runs (maximal chains) grouped by the runs their first items wait for; groups in order
    /// of first appearance, runs in each in order of first appearance. (Runs waiting for the
    /// same runs are at the same depth too: a run's depth is one more than the deepest it
    /// waits for.)
    fn by_waits(waits: &Adjacency, order: &[u32], weights: &[usize]) -> Runs {
        let n = waits.len();
        let mut waited_by = vec![0u32; n];
        waits
            .targets()
            .iter()
            .for_each(|&w| waited_by[w as usize] += 1);
        let mut run_of = vec![u32::MAX; n];
        let mut next = vec![u32::MAX; n];
        // As many runs as items when nothing chains (a fan-out): room for that, once.
        let mut runs: Vec<Run> = Vec::with_capacity(n);
        // What each span's runs wait for, one list per span.
        let mut keys: Vec<u32> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for &i in order {
            // An item waiting only for an item nothing else waits for extends that item's run.
            // That item ends its run: an item after it there would wait for it too.
            let r = match *waits.of(i as usize) {
                [p] if waited_by[p as usize] == 1 => {
                    next[p as usize] = i;
                    run_of[p as usize]
                }
                ref awaited => {
                    let r = runs.len() as u32;
                    runs.push(Run {
                        first: i,
                        weight: 0,
                    });
                    // Runs are made in dependency order: the runs awaited are known. The runs
                    // of a fan-out come one after another with one key: one span holds them.
                    let key = awaited.iter().map(|&w| run_of[w as usize]);
                    match spans.last_mut() {
                        Some(s)
                            if keys[s.key_from as usize..s.key_to as usize]
                                .iter()
                                .copied()
                                .eq(key.clone()) =>
                        {
                            s.to += 1
                        }
                        _ => {
                            let key_from = keys.len() as u32;
                            keys.extend(key);
                            spans.push(Span {
                                from: r,
                                to: r + 1,
                                key_from,
                                key_to: keys.len() as u32,
                            });
                        }
                    }
                    r
                }
            };
            runs[r as usize].weight += weights[i as usize];
            run_of[i as usize] = r;
        }
        let (spans, group_ends) = group_spans(spans, &keys);
        Runs {
            runs,
            next,
            spans,
            group_ends,
        }
    }

    /// Pack each group's runs into chunks of at most `max`: a run goes whole into the current
    /// chunk if it fits, a run heavier than a chunk is cut into consecutive chunks of its own.
    fn pack(&self, weights: &[usize], max: usize) -> Homes {
        let mut packer = Packer {
            home: vec![0; self.next.len()],
            count: 0,
            open: false,
            room: max,
            max,
        };
        let mut from = 0;
        for &end in &self.group_ends {
            let runs = self.spans[from..end as usize]
                .iter()
                .flat_map(|s| s.from..s.to);
            for r in runs {
                let Run { first, weight } = self.runs[r as usize];
                let cut = weight > max;
                if cut {
                    packer.close_open();
                } else if weight > packer.room {
                    packer.close();
                }
                let mut i = first;
                while i != u32::MAX {
                    packer.put(i, weights[i as usize], cut);
                    i = self.next[i as usize];
                }
                if cut {
                    packer.close_open();
                }
            }
            packer.close_open();
            from = end as usize;
        }
        Homes {
            home: packer.home,
            count: packer.count,
        }
    }
}

/// The chunk being filled by [`Runs::pack`].
struct Packer {
    /// The chunk of each item placed.
    home: Vec<u32>,
    /// How many chunks are closed: the number of the one being filled.
    count: usize,
    /// Whether the chunk being filled holds an item.
    open: bool,
    /// What the chunk being filled may still take (`max` while it holds nothing).
    room: usize,
    max: usize,
}

impl Packer {
    /// End the chunk being filled (it may be empty).
    fn close(&mut self) {
        self.count += 1;
        self.open = false;
        self.room = self.max;
    }

    /// End the chunk being filled unless it is empty.
    fn close_open(&mut self) {
        if self.open {
            self.close();
        }
    }

    /// Put item `i` of weight `weight` in the chunk being filled, or, cutting a run, in a new
    /// one once it is full.
    fn put(&mut self, i: u32, weight: usize, cutting: bool) {
        if cutting && weight > self.room && self.open {
            self.close();
        }
        self.home[i as usize] = self.count as u32;
        self.open = true;
        self.room = self.room.saturating_sub(weight);
    }
}

/// The spans in the order they are packed, group by group, and where each group ends: spans
/// whose runs wait for the same runs share a group; groups are in order of first appearance,
/// the spans of each in order.
fn group_spans(spans: Vec<Span>, keys: &[u32]) -> (Vec<Span>, Vec<u32>) {
    let mut group_of_key: HashMap<&[u32], u32> = HashMap::default();
    let mut group_ends: Vec<u32> = Vec::new();
    let group_of: Vec<u32> = spans
        .iter()
        .map(|s| {
            let key = &keys[s.key_from as usize..s.key_to as usize];
            let g = *group_of_key.entry(key).or_insert_with(|| {
                group_ends.push(0);
                (group_ends.len() - 1) as u32
            });
            group_ends[g as usize] += 1;
            g
        })
        .collect();
    // A counting sort of the spans by group keeps each group's spans in order.
    let mut slot = Vec::with_capacity(group_ends.len());
    let mut sum = 0;
    for count in &mut group_ends {
        slot.push(sum);
        sum += *count;
        *count = sum;
    }
    let mut packed = spans.clone();
    for (s, &g) in spans.iter().zip(&group_of) {
        packed[slot[g as usize] as usize] = *s;
        slot[g as usize] += 1;
    }
    (packed, group_ends)
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

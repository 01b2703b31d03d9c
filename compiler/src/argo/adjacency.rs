//! Pairs `(from, to)` of small ids grouped by `from`, each group sorted and without repeats, in
//! one flat list: who waits for whom, among the DAG tasks of a pipeline (`depends`) and among the
//! nodes of a scope being split. A large pipeline's waits are one allocation, not one per item.

use std::cmp::Ordering;

/// Each item's group of targets: item `i`'s are `list[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Adjacency {
    starts: Vec<u32>,
    list: Vec<u32>,
}

impl Default for Adjacency {
    fn default() -> Self {
        Adjacency::with_capacity(0)
    }
}

impl Adjacency {
    /// Group the pairs among `n` items. A pair naming no item, or an item and itself, is
    /// dropped. `order` sorts each group; of targets it finds equal, the first is kept.
    pub(super) fn from_pairs(
        n: usize,
        pairs: &[(u32, u32)],
        order: impl Fn(&u32, &u32) -> Ordering,
    ) -> Adjacency {
        let valid =
            |&&(from, to): &&(u32, u32)| from != to && (from as usize) < n && (to as usize) < n;
        // A counting sort by `from`: linear, and most items have one target.
        let mut starts = vec![0u32; n + 1];
        pairs
            .iter()
            .filter(valid)
            .for_each(|&(from, _)| starts[from as usize + 1] += 1);
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut list = vec![0u32; starts[n] as usize];
        for &(from, to) in pairs.iter().filter(valid) {
            list[next[from as usize] as usize] = to;
            next[from as usize] += 1;
        }
        // Sort and deduplicate each group in place, compacting the list.
        let mut write = 0usize;
        for i in 0..n {
            let (from, to) = (starts[i] as usize, starts[i + 1] as usize);
            starts[i] = write as u32;
            if to - from > 1 {
                list[from..to].sort_unstable_by(&order);
            }
            for k in from..to {
                if write == starts[i] as usize || order(&list[write - 1], &list[k]).is_ne() {
                    list[write] = list[k];
                    write += 1;
                }
            }
        }
        starts[n] = write as u32;
        list.truncate(write);
        Adjacency { starts, list }
    }

    /// No items yet, with room for `items` groups added by [`Adjacency::push_group`].
    pub(super) fn with_capacity(items: usize) -> Adjacency {
        let mut starts = Vec::with_capacity(items + 1);
        starts.push(0);
        Adjacency {
            starts,
            list: Vec::new(),
        }
    }

    /// Add the next item, whose group is `targets` (in any order, repeats allowed).
    pub(super) fn push_group(&mut self, targets: impl IntoIterator<Item = u32>) {
        let mut ascending = true;
        for t in targets {
            ascending &= self.push_target(t);
        }
        self.end_group(ascending);
    }

    /// Add `to` to the group being filled (the one after the last ended). Targets often come
    /// sorted, or as long repeats of one (a part whose nodes all wait for one node): a repeat of
    /// the last target is dropped at once. Returns whether the group is still in ascending
    /// order, so that a sorted group needs no sort when it ends.
    fn push_target(&mut self, to: u32) -> bool {
        let from = self.starts[self.starts.len() - 1] as usize;
        match self.list.last() {
            Some(&last) if self.list.len() > from && to <= last => {
                if to == last {
                    return true;
                }
                self.list.push(to);
                false
            }
            _ => {
                self.list.push(to);
                true
            }
        }
    }

    /// End the group being filled; unless it came `ascending`, sort it and drop its repeats.
    fn end_group(&mut self, ascending: bool) {
        if !ascending {
            let from = self.starts[self.starts.len() - 1] as usize;
            self.list[from..].sort_unstable();
            let mut write = from;
            for k in from..self.list.len() {
                if write == from || self.list[write - 1] != self.list[k] {
                    self.list[write] = self.list[k];
                    write += 1;
                }
            }
            self.list.truncate(write);
        }
        self.starts.push(self.list.len() as u32);
    }

    /// How many items there are.
    pub(super) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Item `i`'s targets (none for an id that names no item).
    pub(super) fn of(&self, i: usize) -> &[u32] {
        match self.starts.get(i..i.saturating_add(2)) {
            Some(&[from, to]) => &self.list[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Each item's targets, item by item.
    pub(super) fn rows(&self) -> impl Iterator<Item = &[u32]> {
        (self.starts.windows(2)).map(|w| &self.list[w[0] as usize..w[1] as usize])
    }

    /// Every item's targets, one group after another.
    pub(super) fn targets(&self) -> &[u32] {
        &self.list
    }
}

/// An [`Adjacency`] made row by row, from pairs that arrive grouped by `from` in ascending
/// order (as a walk over the items in order finds them): no pair list, no counting sort.
#[derive(Debug)]
pub(super) struct Rows {
    /// The rows ended, and the targets of the row being filled at the end of its list.
    made: Adjacency,
    /// Whether the targets of the row being filled came in ascending order (so it needs no
    /// sort when it ends).
    ascending: bool,
    /// Pairs that came for another row than the one being filled: read with all others at the
    /// end.
    late: Vec<(u32, u32)>,
}

impl Rows {
    /// No rows yet, with room for `items` rows and about `pairs` pairs.
    pub(super) fn with_capacity(items: usize, pairs: usize) -> Rows {
        let mut made = Adjacency::with_capacity(items);
        made.list.reserve(pairs);
        Rows {
            made,
            ascending: true,
            late: Vec::new(),
        }
    }

    /// Item `from` waits for item `to`; `from` should be the item whose row is being filled
    /// (the first with no [`Rows::end_row`] yet), or the rows are all sorted again at the end.
    // Called for every wait of a planned DAG: inlined into the walk that finds them.
    #[inline]
    pub(super) fn push(&mut self, from: u32, to: u32) {
        if from as usize != self.made.len() {
            self.late.push((from, to));
            return;
        }
        // The row's targets go straight to the list.
        self.ascending &= self.made.push_target(to);
    }

    /// The row being filled is complete.
    // Called for every node of a planned DAG: inlined into the walk.
    #[inline]
    pub(super) fn end_row(&mut self) {
        self.made.end_group(self.ascending);
        self.ascending = true;
    }

    /// The rows of `n` items (those not ended yet are ended; pairs naming no item, or an item
    /// and itself, must not be pushed).
    pub(super) fn finish(mut self, n: usize) -> Adjacency {
        while self.made.len() < n {
            self.end_row();
        }
        if self.late.is_empty() {
            return self.made;
        }
        let mut pairs = self.late;
        for i in 0..self.made.len() {
            pairs.extend(self.made.of(i).iter().map(|&to| (i as u32, to)));
        }
        Adjacency::from_pairs(n, &pairs, u32::cmp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_grouped_sorted_and_unique() {
        let names = ["c", "b", "a", "d", "a"];
        let pairs = [
            (3, 0),
            (3, 2),
            (1, 2),
            (3, 0),
            (2, 2),
            (3, 4),
            (9, 0),
            (0, 9),
        ];
        let by_name = Adjacency::from_pairs(names.len(), &pairs, |x, y| {
            names[*x as usize].cmp(names[*y as usize])
        });
        // `a` is named twice (2 and 4): one of them stands for both.
        assert_eq!(by_name.of(3), [2, 0]);
        assert_eq!(by_name.of(1), [2]);
        assert!(by_name.of(2).is_empty() && by_name.of(0).is_empty() && by_name.of(9).is_empty());
        assert_eq!(by_name.len(), 5);
        let by_id = Adjacency::from_pairs(names.len(), &pairs, u32::cmp);
        assert_eq!(by_id.of(3), [0, 2, 4]);
        assert_eq!(by_id.targets(), [2, 0, 2, 4]);
    }

    #[test]
    fn groups_pushed_one_by_one_are_sorted_and_unique() {
        let mut a = Adjacency::with_capacity(3);
        a.push_group([4, 1, 4]);
        a.push_group([]);
        a.push_group([2, 2, 0]);
        assert_eq!(
            (a.len(), a.of(0), a.of(1), a.of(2)),
            (3, &[1, 4][..], &[][..], &[0, 2][..])
        );
    }

    #[test]
    fn rows_are_the_groups_of_their_pairs() {
        let in_order = [
            (0, 3),
            (0, 1),
            (0, 3),
            (2, 0),
            (2, 0),
            (4, 1),
            (4, 2),
            (4, 3),
        ];
        let late = [(1, 2), (3, 2), (0, 2), (3, 4)];
        let with_late: Vec<(u32, u32)> = in_order.iter().chain(&late).copied().collect();
        for pairs in [&in_order[..], &with_late[..]] {
            let mut rows = Rows::with_capacity(5, 4);
            for &(from, to) in pairs {
                while rows.made.len() < from as usize && from as usize <= 4 {
                    rows.end_row();
                }
                rows.push(from, to);
            }
            assert_eq!(
                rows.finish(5),
                Adjacency::from_pairs(5, pairs, u32::cmp),
                "{pairs:?}"
            );
        }
        assert_eq!(
            Rows::with_capacity(3, 0).finish(3),
            Adjacency::from_pairs(3, &[], u32::cmp)
        );
    }
}

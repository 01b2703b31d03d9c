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

    /// Add the next item, whose group is `targets` in ascending order without repeats.
    pub(super) fn push_group(&mut self, targets: impl IntoIterator<Item = u32>) {
        let from = self.list.len();
        self.list.extend(targets);
        self.list[from..].sort_unstable();
        let mut write = from;
        for k in from..self.list.len() {
            if write == from || self.list[write - 1] != self.list[k] {
                self.list[write] = self.list[k];
                write += 1;
            }
        }
        self.list.truncate(write);
        self.starts.push(write as u32);
    }

    /// How many items there are.
    pub(super) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Item `i`'s targets (none for an id that names no item).
    pub(super) fn of(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.list[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Every item's targets, one group after another.
    pub(super) fn targets(&self) -> &[u32] {
        &self.list
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
}

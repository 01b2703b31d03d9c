//! A map kept as one vector sorted by key. It serialises exactly as a `BTreeMap` (a map, keys in
//! order) but holds its entries back to back: most maps of a KFP spec hold one or two entries,
//! for which a `BTreeMap` node reserves room for eleven, and a pipeline has one such map per task.
//! Keys are `String`s, or shared [`Name`](super::Name)s where the same key recurs per task.

use std::borrow::Borrow;

use serde::{Serialize, Serializer};

/// String keys (`K`) to values, in key order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SortedMap<V, K = String> {
    entries: Vec<(K, V)>,
}

impl<V, K> Default for SortedMap<V, K> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<V, K: Borrow<str>> SortedMap<V, K> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The map of `entries` in any order; of entries with equal keys the last one is kept.
    pub fn from_unsorted(mut entries: Vec<(K, V)>) -> Self {
        let sorted = entries
            .windows(2)
            .all(|w| w[0].0.borrow() < w[1].0.borrow());
        if sorted {
            // Often already so (definitions, groups); a stable sort would still take scratch space.
            return SortedMap { entries };
        }
        // Equal keys stay in insertion order (positions break ties); of each run of equal keys
        // the last is swapped into the place kept.
        if !sort_by_key_then_position(&mut entries) {
            return SortedMap { entries };
        }
        entries.dedup_by(|later, kept| {
            let equal = later.0.borrow() == kept.0.borrow();
            if equal {
                std::mem::swap(later, kept);
            }
            equal
        });
        SortedMap { entries }
    }

    /// Make room for exactly `additional` more entries: most maps of a spec hold one or two
    /// entries, for which a growing vector would reserve four.
    pub fn reserve_exact(&mut self, additional: usize) {
        self.entries.reserve_exact(additional);
    }

    /// Insert or replace the value under `key`.
    pub fn insert(&mut self, key: K, value: V) {
        match self.position(key.borrow()) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.position(key).ok().map(|i| &self.entries[i].1)
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        // Keys mostly arrive in order: check the end first.
        match self.entries.last() {
            Some((last, _)) if last.borrow() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key)),
        }
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries the map holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The values in key order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Sort entries by key, equal keys in their original order; return whether any key repeats.
/// The keys are sorted with their positions rather than the entries themselves (a task spec is
/// large to move), then each entry is moved once along its cycle of the permutation.
fn sort_by_key_then_position<K: Borrow<str>, V>(entries: &mut [(K, V)]) -> bool {
    let mut keys: Vec<SortKey<'_>> = entries
        .iter()
        .enumerate()
        .map(|(i, (k, _))| SortKey::new(k.borrow(), i))
        .collect();
    // Run-aware: keys often arrive in sorted stretches.
    keys.sort_by(SortKey::cmp);
    let repeats = keys.windows(2).any(|w| w[0].same_key(&w[1]));
    let mut order: Vec<usize> = keys.into_iter().map(|k| k.position).collect();
    // `order[i]` is the entry that belongs at `i`; a place is marked done by pointing to itself.
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            entries.swap(at, from);
            at = from;
        }
    }
    repeats
}

/// A key to sort by, with its first bytes held inline: most comparisons of a large map's keys
/// (`step-1234`, `comp-condition-12`) are decided by them without reading the key's text, which
/// sits in its own allocation elsewhere in memory.
struct SortKey<'k> {
    head: (u128, u64),
    key: &'k str,
    position: usize,
}

impl<'k> SortKey<'k> {
    fn new(key: &'k str, position: usize) -> Self {
        let mut bytes = [0u8; 24];
        let n = key.len().min(bytes.len());
        bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
        let (high, low) = bytes.split_at(16);
        let head = (
            u128::from_be_bytes(high.try_into().unwrap_or_default()),
            u64::from_be_bytes(low.try_into().unwrap_or_default()),
        );
        SortKey {
            head,
            key,
            position,
        }
    }

    /// Whether both hold the same key (the text is read only when the heads are equal).
    fn same_key(&self, other: &Self) -> bool {
        self.head == other.head && self.key == other.key
    }

    /// Key order, then position. Big-endian heads padded with zeros order as the texts do,
    /// except that a shorter text equals its zero-padded extension: the texts then decide.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.head
            .cmp(&other.head)
            .then_with(|| self.key.cmp(other.key))
            .then(self.position.cmp(&other.position))
    }
}

impl<V, K: Borrow<str>> FromIterator<(K, V)> for SortedMap<V, K> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self::from_unsorted(iter.into_iter().collect())
    }
}

impl<V: Serialize, K: Borrow<str>> Serialize for SortedMap<V, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.entries.iter().map(|(k, v)| (k.borrow(), v)))
    }
}

#[cfg(test)]
mod tests {
    use super::SortedMap;

    #[test]
    fn keeps_keys_in_order_and_the_last_value_of_a_key() {
        let mut m = SortedMap::from_unsorted(vec![
            ("b".to_string(), 1),
            ("a".to_string(), 2),
            ("b".to_string(), 3),
        ]);
        m.insert("c".into(), 4);
        m.insert("a".into(), 5);
        m.insert("ab".into(), 6);
        let entries: Vec<_> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(entries, [("a", 5), ("ab", 6), ("b", 3), ("c", 4)]);
        assert_eq!(m.get("b"), Some(&3));
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"a":5,"ab":6,"b":3,"c":4}"#
        );
    }

    #[test]
    fn keys_alike_in_their_first_bytes_sort_by_their_whole_text() {
        // Heads of 24 bytes tie for these; a text and its zero-padded extension too.
        let keys = [
            "comp-condition-1234-inner-then-b",
            "comp-condition-1234-inner-then-a",
            "comp-condition-1234-inner-then",
            "ab\0",
            "ab",
            "comp-condition-1234-inner-then-a",
        ];
        let entries: Vec<(String, usize)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), i))
            .collect();
        assert_sorts_as_a_btree_map_would(entries);
    }

    #[test]
    fn sorts_many_entries_as_a_btree_map_would() {
        // Keys out of order with repeats; each entry remembers when it was added.
        let entries: Vec<(String, usize)> = (0..200)
            .map(|i| (format!("k{}", (i * 37) % 61), i))
            .collect();
        assert_sorts_as_a_btree_map_would(entries);
    }

    /// Built from `entries`, the map holds what a `BTreeMap` built from them holds: each key once
    /// with its last value, in key order.
    fn assert_sorts_as_a_btree_map_would(entries: Vec<(String, usize)>) {
        let expected: std::collections::BTreeMap<String, usize> = entries.iter().cloned().collect();
        let m = SortedMap::from_unsorted(entries);
        let got: Vec<_> = m.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let want: Vec<_> = expected.into_iter().collect();
        assert_eq!(got, want);
    }
}

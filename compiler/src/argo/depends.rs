//! The `depends` of the DAG tasks of one pipeline: which members wait for which.
//!
//! Waits are recorded as pairs of member ids while the uses are walked, then sorted once into
//! one list per waiting member, in the order Argo's `depends` is written (by name, each once).

use std::borrow::Cow;

use super::adjacency::Adjacency;

/// The id of a member: a DAG task of some scope, named in the scope tree's name list.
pub(super) type MemberId = u32;

/// Who waits for whom.
#[derive(Debug, Default)]
pub(super) struct Depends {
    /// Waits recorded so far: waiting member, awaited member.
    pairs: Vec<(MemberId, MemberId)>,
    /// After [`Depends::seal`]: the awaited members, grouped by waiting member.
    sealed: Adjacency,
}

impl Depends {
    /// Record that `waiting` waits for `awaited` (a member never waits for itself).
    pub(super) fn add(&mut self, waiting: MemberId, awaited: MemberId) {
        // A scope's DAG task waits for what any use in its body reads from outside it, so the
        // uses there record one wait again and again, one after the other: a repeat of the wait
        // just recorded is dropped at once, rather than sorted by name and dropped when sealed.
        if waiting != awaited && self.pairs.last() != Some(&(waiting, awaited)) {
            self.pairs.push((waiting, awaited));
        }
    }

    /// Group the waits by waiting member, each group sorted by name without repeats. `names`
    /// holds every member's name, by id; a pair naming no member is dropped rather than trusted.
    pub(super) fn seal(&mut self, names: &[Cow<'_, str>]) {
        let pairs = std::mem::take(&mut self.pairs);
        self.sealed = Adjacency::from_pairs(names.len(), &pairs, |x, y| {
            names[*x as usize].cmp(&names[*y as usize])
        });
    }

    /// The members `member` waits for, by name (after [`Depends::seal`]).
    pub(super) fn of(&self, member: MemberId) -> &[MemberId] {
        self.sealed.of(member as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_grouped_sorted_and_unique() {
        let names: Vec<Cow<str>> = ["c", "b", "a", "d"].map(Cow::Borrowed).to_vec();
        let mut d = Depends::default();
        d.add(3, 0);
        d.add(3, 2);
        d.add(1, 2);
        d.add(3, 0);
        d.add(2, 2);
        d.seal(&names);
        assert_eq!(d.of(3), [2, 0]);
        assert_eq!(d.of(1), [2]);
        assert!(d.of(2).is_empty() && d.of(0).is_empty() && d.of(9).is_empty());
    }
}

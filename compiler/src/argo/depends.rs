//! The `depends` of the DAG tasks of one pipeline: which members wait for which.
//!
//! Waits are recorded as pairs of member ids while the uses are walked, then sorted once into
//! one list per waiting member, in the order Argo's `depends` is written (by name, each once).

use std::borrow::Cow;

/// The id of a member: a DAG task of some scope, named in the scope tree's name list.
pub(super) type MemberId = u32;

/// Who waits for whom.
#[derive(Debug, Default)]
pub(super) struct Depends {
    /// Waits recorded so far: waiting member, awaited member.
    pairs: Vec<(MemberId, MemberId)>,
    /// After [`Depends::seal`]: where each member's awaited members start in `awaited`.
    starts: Vec<usize>,
    /// After [`Depends::seal`]: the awaited members, grouped by waiting member.
    awaited: Vec<MemberId>,
}

impl Depends {
    /// Record that `waiting` waits for `awaited` (a member never waits for itself).
    pub(super) fn add(&mut self, waiting: MemberId, awaited: MemberId) {
        if waiting != awaited {
            self.pairs.push((waiting, awaited));
        }
    }

    /// Group the waits by waiting member, each group sorted by name without repeats. `names`
    /// holds every member's name, by id.
    pub(super) fn seal(&mut self, names: &[Cow<'_, str>]) {
        let mut pairs = std::mem::take(&mut self.pairs);
        // Every id names a member; one that does not is dropped rather than trusted.
        pairs.retain(|&(w, a)| (w as usize) < names.len() && (a as usize) < names.len());
        // A counting sort by waiting member: linear, and most members wait for one other.
        let mut starts = vec![0usize; names.len() + 1];
        pairs.iter().for_each(|&(w, _)| starts[w as usize + 1] += 1);
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut awaited = vec![0; pairs.len()];
        for (w, a) in pairs {
            awaited[next[w as usize]] = a;
            next[w as usize] += 1;
        }
        // Sort and deduplicate each group in place, compacting the list.
        let mut write = 0;
        for m in 0..names.len() {
            let (from, to) = (starts[m], starts[m + 1]);
            starts[m] = write;
            let group = &mut awaited[from..to];
            if group.len() > 1 {
                group.sort_unstable_by(|x, y| names[*x as usize].cmp(&names[*y as usize]));
            }
            for i in from..to {
                let a = awaited[i];
                if write > starts[m] && names[awaited[write - 1] as usize] == names[a as usize] {
                    continue;
                }
                awaited[write] = a;
                write += 1;
            }
        }
        starts[names.len()] = write;
        awaited.truncate(write);
        self.starts = starts;
        self.awaited = awaited;
    }

    /// The members `member` waits for, by name (after [`Depends::seal`]).
    pub(super) fn of(&self, member: MemberId) -> &[MemberId] {
        let m = member as usize;
        match (self.starts.get(m), self.starts.get(m + 1)) {
            (Some(&from), Some(&to)) => &self.awaited[from..to],
            _ => &[],
        }
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

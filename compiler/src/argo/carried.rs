//! The values each scope receives (its inputs) and hands back (its outputs).
//!
//! Like the waits of [`super::depends`], they are recorded as the uses are walked, one entry
//! per scope a value crosses, then grouped by scope and sorted by carrier name once, into one flat
//! list: a large pipeline's crossings are one allocation, not two per scope, and recording one
//! looks nothing up.

use super::carriers::{CarrierId, Carriers};
use super::value::Value;

/// Whether a carried value enters a scope (an input) or leaves it (an output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Way {
    In,
    Out,
}

/// The inputs and outputs of every scope.
#[derive(Debug, Default)]
pub(super) struct Carried<'a> {
    /// Crossings recorded so far, in the order they were routed: the list they go to (see
    /// [`list`]), the carrier and the value. A value routed into a scope again is recorded
    /// again; of the values recorded under one carrier, the last is the one carried.
    recorded: Vec<(u32, CarrierId, Value<'a>)>,
    /// After [`Carried::seal`]: list `k` is `sealed[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    /// After [`Carried::seal`]: each list's carriers and values, by carrier name, each once.
    sealed: Vec<(CarrierId, Value<'a>)>,
}

/// The list of `scope`'s inputs (`way` in) or outputs (out).
fn list(scope: usize, way: Way) -> usize {
    2 * scope + usize::from(way == Way::Out)
}

impl<'a> Carried<'a> {
    /// Record that `value` crosses `scope` under `carrier`, in or out.
    pub(super) fn add(&mut self, scope: usize, way: Way, carrier: CarrierId, value: Value<'a>) {
        self.recorded
            .push((list(scope, way) as u32, carrier, value));
    }

    /// Group the crossings of `scopes` scopes by scope and way, each list sorted by carrier name
    /// without repeats.
    pub(super) fn seal(&mut self, scopes: usize, carriers: &Carriers) {
        let recorded = std::mem::take(&mut self.recorded);
        let lists = 2 * scopes;
        // A counting sort of the entries' indices by list: linear, and it keeps the order of
        // recording within a list. Each value then moves once, into its place.
        let mut starts = vec![0u32; lists + 1];
        recorded
            .iter()
            .for_each(|&(k, ..)| starts[k as usize + 1] += 1);
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; recorded.len()];
        for (i, &(k, ..)) in recorded.iter().enumerate() {
            order[next[k as usize] as usize] = i as u32;
            next[k as usize] += 1;
        }
        // Entries of one carrier (a value routed there again) compare equal without reading
        // the name.
        let by_name = |a: &u32, b: &u32| {
            let (a, b) = (recorded[*a as usize].1, recorded[*b as usize].1);
            match a == b {
                true => std::cmp::Ordering::Equal,
                false => carriers.name(a).cmp(carriers.name(b)),
            }
        };
        let mut sealed: Vec<(CarrierId, Value<'a>)> = Vec::with_capacity(recorded.len());
        for k in 0..lists {
            let list = &mut order[starts[k] as usize..starts[k + 1] as usize];
            starts[k] = sealed.len() as u32;
            // By name, a stable sort: a carrier's entries stay in the order they were recorded.
            if list.len() > 1 {
                list.sort_by(by_name);
            }
            // One entry per carrier, with the value recorded last (carriers are equal exactly
            // when their names are).
            for &i in &*list {
                let (_, carrier, value) = recorded[i as usize];
                let first = sealed.len() == starts[k] as usize;
                match sealed.last_mut() {
                    Some(last) if !first && last.0 == carrier => last.1 = value,
                    _ => sealed.push((carrier, value)),
                }
            }
        }
        starts[lists] = sealed.len() as u32;
        self.starts = starts;
        self.sealed = sealed;
    }

    /// A scope's inputs or outputs, by carrier name (after [`Carried::seal`]).
    pub(super) fn of(&self, scope: usize, way: Way) -> &[(CarrierId, Value<'a>)] {
        let k = list(scope, way);
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&from), Some(&to)) => &self.sealed[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Whether `carrier` crosses `scope` that way (after [`Carried::seal`]).
    pub(super) fn has(
        &self,
        scope: usize,
        way: Way,
        carrier: CarrierId,
        carriers: &Carriers,
    ) -> bool {
        let name = carriers.name(carrier);
        // The carrier itself compares equal without reading its name (most lists hold one).
        let order = |&(c, _): &(CarrierId, Value)| match c == carrier {
            true => std::cmp::Ordering::Equal,
            false => carriers.name(c).cmp(name),
        };
        self.of(scope, way).binary_search_by(order).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argo::nodes::Nodes;

    #[test]
    fn lists_are_grouped_sorted_and_keep_the_last_value() {
        let nodes = Nodes::default();
        let mut carriers = Carriers::default();
        let (b, a) = (Value::Param("b"), Value::Param("a"));
        let item = |f| Value::Item {
            loop_name: "l",
            field: Some(f),
        };
        let shared = |field| Value::Output {
            task: "l-item",
            node: 0,
            output: field,
            artifact: false,
        };
        let (cb, ca) = (carriers.intern(b, &nodes), carriers.intern(a, &nodes));
        let (ci, co) = (
            carriers.intern(item("x"), &nodes),
            carriers.intern(shared("x"), &nodes),
        );
        assert_eq!(ci, co, "one carrier name, one carrier");
        let mut c = Carried::default();
        c.add(1, Way::In, cb, b);
        c.add(1, Way::In, ci, item("x"));
        c.add(0, Way::Out, ca, a);
        c.add(1, Way::In, ca, a);
        c.add(1, Way::In, co, shared("x"));
        c.add(1, Way::In, cb, b);
        c.seal(2, &carriers);
        assert_eq!(c.of(1, Way::In), [(ca, a), (cb, b), (co, shared("x"))]);
        assert_eq!(c.of(0, Way::Out), [(ca, a)]);
        assert!(c.of(0, Way::In).is_empty() && c.of(1, Way::Out).is_empty());
        assert!(c.of(5, Way::In).is_empty());
        assert!(c.has(1, Way::In, ci, &carriers) && !c.has(1, Way::Out, ca, &carriers));
    }
}

//! Fan-in: the values one output took across every iteration of a loop.

use crate::build::with_builder;
use crate::handle::{Param, ParamValue};
use crate::ir::Argument;

/// Handles that can be collected across a loop's iterations.
pub trait Collect {
    /// The handle to the collected list.
    type Collected;
    /// Collect.
    fn collect_outputs(self) -> Self::Collected;
}

impl<T: ParamValue> Collect for Param<T> {
    type Collected = Param<Vec<T>>;
    fn collect_outputs(self) -> Param<Vec<T>> {
        match self.argument() {
            Argument::TaskOutput(from) => Param::from_argument(Argument::Collected(from)),
            other => {
                with_builder(|b| {
                    b.problems.push(format!(
                        "collect() takes an output of a task inside a loop, not {other:?}"
                    ))
                });
                Param::from_argument(other)
            }
        }
    }
}

/// Outside a loop: the list of an output's values from every iteration.
///
/// ```ignore
/// let per_subject = for_each(subjects, |s| features(s).outputs.summary);
/// report(collect(per_subject.output));
/// ```
pub fn collect<H: Collect>(handle: H) -> H::Collected {
    handle.collect_outputs()
}

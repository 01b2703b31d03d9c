//! Loops: `for_each(items, |item| ..)`.

use crate::build::{Group, NodeRef, with_builder};
use crate::handle::{Param, ParamValue};
use crate::ir::{Argument, LoopItemRef, LoopItems};

/// A loop group; set [`Loop::parallelism`] on it. `output` is what the body returned (typically
/// an output handle to [`collect`](crate::collect) after the loop).
#[derive(Debug)]
pub struct Loop<R = ()> {
    index: usize,
    name: String,
    /// What the loop body returned.
    pub output: R,
}

/// What a loop can iterate over: a list known now, or a list-typed parameter or task output.
pub trait IntoItems<T> {
    /// The IR items.
    fn into_items(self) -> LoopItems;
}

impl<T: ParamValue> IntoItems<T> for Vec<T> {
    fn into_items(self) -> LoopItems {
        LoopItems::Static(self.iter().map(ParamValue::to_json).collect())
    }
}

impl<T: ParamValue, const N: usize> IntoItems<T> for [T; N] {
    fn into_items(self) -> LoopItems {
        LoopItems::Static(self.iter().map(ParamValue::to_json).collect())
    }
}

impl<const N: usize> IntoItems<String> for [&str; N] {
    fn into_items(self) -> LoopItems {
        LoopItems::Static(self.iter().map(|s| serde_json::json!(s)).collect())
    }
}

impl<T: ParamValue> IntoItems<T> for Param<Vec<T>> {
    fn into_items(self) -> LoopItems {
        match self.argument() {
            Argument::Parameter(name) => LoopItems::Parameter(name),
            Argument::TaskOutput(from) => LoopItems::TaskOutput(from),
            Argument::Constant(serde_json::Value::Array(items)) => LoopItems::Static(items),
            // Loop items and fan-ins are not loop sources; validation names the mistake.
            other => LoopItems::Parameter(format!("<not a list source: {other:?}>")),
        }
    }
}

/// Run `body` once per item, in parallel. The item is a `Param<T>`; for object items use
/// [`Param::field`].
///
/// ```ignore
/// let per_subject = for_each(list.outputs.subjects, |subject| {
///     features(preprocess(subject).outputs.image).outputs.summary
/// })
/// .parallelism(4);
/// report(collect(per_subject.output));
/// ```
pub fn for_each<T: ParamValue, R>(
    items: impl IntoItems<T>,
    body: impl FnOnce(Param<T>) -> R,
) -> Loop<R> {
    let items = items.into_items();
    let (index, name) = with_builder(|b| {
        let name = b.group_name("for-loop");
        let group = Group::Loop {
            name: name.clone(),
            items,
            parallelism: None,
            body: vec![],
        };
        let index = b.place_group(group);
        b.open_scope();
        (index, name)
    });
    let item = Param::from_argument(Argument::LoopItem(LoopItemRef {
        loop_name: name.clone(),
        field: None,
    }));
    let output = body(item);
    with_builder(|b| {
        let slots = b.close_scope();
        if let Some(Some(Group::Loop { body, .. })) = b.groups.get_mut(index) {
            *body = slots;
        }
    });
    Loop {
        index,
        name,
        output,
    }
}

impl<R> Loop<R> {
    /// Run at most `n` iterations at once.
    pub fn parallelism(self, n: u32) -> Self {
        with_builder(|b| {
            if let Some(Some(Group::Loop { parallelism, .. })) = b.groups.get_mut(self.index) {
                *parallelism = Some(n);
            }
        });
        self
    }
}

impl<R> NodeRef for Loop<R> {
    fn node_name(&self) -> &str {
        &self.name
    }
}

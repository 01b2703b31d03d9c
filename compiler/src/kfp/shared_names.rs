//! Names that lowering writes many times (an input name per task, a producer's output key per
//! reader, a `pipelinechannel--…` name per group and per task inside it), each built once per
//! pipeline and then shared by every place that writes it.

use std::cell::RefCell;

use foldhash::HashMap;

use super::channel::Use;
use super::model::Name;

/// The shared names of one pipeline, keyed by the IR text they come from.
#[derive(Debug, Default)]
pub struct SharedNames<'p> {
    plain: RefCell<HashMap<&'p str, Name>>,
    channels: RefCell<HashMap<Use<'p>, Name>>,
}

impl<'p> SharedNames<'p> {
    /// The name holding `text` as it is.
    pub fn plain(&self, text: &'p str) -> Name {
        let mut plain = self.plain.borrow_mut();
        plain
            .entry(text)
            .or_insert_with(|| Name::from(text))
            .clone()
    }

    /// The channel name of a value, built by `build` on first use only.
    pub fn channel(&self, value: &Use<'p>, build: impl FnOnce() -> String) -> Name {
        if let Some(name) = self.channels.borrow().get(value) {
            return name.clone();
        }
        let name = Name::from(build());
        self.channels
            .borrow_mut()
            .insert(value.clone(), name.clone());
        name
    }
}

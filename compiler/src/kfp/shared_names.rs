//! Names that lowering writes many times (an input name per task, a producer's output key per
//! reader, a `pipelinechannel--…` name per group and per task inside it), each built once per
//! pipeline and then shared by every place that writes it.

use std::cell::{Cell, RefCell};

use foldhash::HashMap;

use super::channel::Use;
use super::model::Name;

/// How many recently used channel names are kept beside the map.
const RECENT: usize = 4;

/// The shared names of one pipeline, keyed by the IR text they come from.
#[derive(Debug, Default)]
pub struct SharedNames<'p> {
    plain: RefCell<HashMap<&'p str, Name>>,
    channels: RefCell<HashMap<Use<'p>, Name>>,
    /// The channel names looked up last. A group's body reads the few values the group
    /// receives over and over (every task in it, its condition, its nested groups): comparing
    /// with these is cheaper than hashing the value again.
    recent: RefCell<[Option<(Use<'p>, Name)>; RECENT]>,
    /// The slot of `recent` written next.
    next: Cell<usize>,
}

impl<'p> SharedNames<'p> {
    /// Shared names with room for `channels` channel names.
    pub fn with_channel_capacity(channels: usize) -> Self {
        let names = SharedNames::default();
        names.channels.borrow_mut().reserve(channels);
        names
    }

    /// The name holding `text` as it is.
    pub fn plain(&self, text: &'p str) -> Name {
        let mut plain = self.plain.borrow_mut();
        plain
            .entry(text)
            .or_insert_with(|| Name::from(text))
            .clone()
    }

    /// The channel name of a value, built by `build` on first use only.
    pub fn channel(&self, value: &Use<'p>, build: impl FnOnce() -> Name) -> Name {
        let recent = self.recent.borrow();
        if let Some((_, name)) = recent.iter().flatten().find(|(u, _)| u == value) {
            return name.clone();
        }
        drop(recent);
        // Hashed once, whether the name is known or built now.
        let name = self
            .channels
            .borrow_mut()
            .entry(value.clone())
            .or_insert_with(build)
            .clone();
        let slot = self.next.get();
        self.recent.borrow_mut()[slot] = Some((value.clone(), name.clone()));
        self.next.set((slot + 1) % RECENT);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::{Name, RECENT, SharedNames, Use};

    #[test]
    fn a_channel_name_is_built_once_and_found_again_after_many_others() {
        let names = SharedNames::default();
        let tasks: Vec<String> = (0..3 * RECENT).map(|i| format!("t{i}")).collect();
        let mut built = 0;
        for _ in 0..2 {
            for t in &tasks {
                let u = Use::Output {
                    task: t,
                    output: "out",
                };
                let name = names.channel(&u, || {
                    built += 1;
                    Name::from(format!("pipelinechannel--{t}-out"))
                });
                assert_eq!(name, format!("pipelinechannel--{t}-out").as_str());
            }
        }
        assert_eq!(built, tasks.len());
    }
}

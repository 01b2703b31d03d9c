//! The per-thread table behind every handle.

use std::cell::RefCell;

use crate::ir::Argument;

/// What a handle stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// A value a task input can receive.
    Argument(Argument),
    /// Inside a component body: the component's own input or output, by name.
    Placeholder(crate::ir::Placeholder),
}

thread_local! {
    static SOURCES: RefCell<Vec<Source>> = const { RefCell::new(Vec::new()) };
}

/// Store a source and return its id.
pub(crate) fn register(source: Source) -> u32 {
    SOURCES.with(|s| {
        let mut s = s.borrow_mut();
        s.push(source);
        u32::try_from(s.len() - 1).expect("fewer than 4 billion handles")
    })
}

/// The source behind an id handed out by [`register`] on this thread.
pub(crate) fn lookup(id: u32) -> Source {
    SOURCES.with(|s| s.borrow()[id as usize].clone())
}

//! Building a pipeline: the per-thread builder that DSL calls record into, and the values it hands
//! back (tasks, conditions).

mod builder;
mod cond;
mod container;
mod draft;
mod error;
mod task;
mod token;

pub use builder::build_pipeline;
pub(crate) use builder::{register_component, with_builder};
pub use cond::Cond;
pub use container::Container;
pub(crate) use draft::{Group, Slot};
pub use error::BuildError;
pub(crate) use task::new_task;
pub use task::{NodeRef, Task};
pub(crate) use token::{parse_tokens, placeholder_token};

//! Control flow that reads like Rust: `when` / `else_when` / `otherwise`, `for_each` with
//! `collect`, and `exit_handler`.

mod collect;
mod exit_handler;
mod for_each;
mod when;

pub use collect::{Collect, collect};
pub use exit_handler::{ExitHandler, exit_handler};
pub use for_each::{IntoItems, Loop, for_each};
pub use when::{When, when};

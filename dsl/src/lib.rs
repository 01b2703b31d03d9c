//! pipec-dsl: write container pipelines in Rust and get a typed, validated IR.
//!
//! See the crate README and `pipec compile` for turning the IR into Argo, KFP or Katib YAML.

pub mod ir;
pub mod ir_file;
pub mod name;
mod validate;

pub use validate::{Validated, ValidationError, ValidationErrors, validate};

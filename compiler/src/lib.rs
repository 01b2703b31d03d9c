//! pipec-compiler: lower a validated pipeline IR to the YAML real engines run.
//!
//! Each backend (`argo`, `kfp`, `katib`) has a typed model of exactly what it emits and a pure `lower`;
//! [`yaml::to_yaml`] is the one writer. [`compile`] picks the backend for a [`Target`].

#![warn(missing_docs)]

pub mod argo;
#[cfg(feature = "cli")]
pub mod cli;
mod error;
pub mod graph;
pub mod katib;
pub mod kfp;
mod target;
pub mod yaml;

pub use error::{CompileError, Problem};
pub use target::{Options, Target, compile};

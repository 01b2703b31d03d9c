//! Typed handles: what pipeline code passes around.
//!
//! Handles are small `Copy` ids into a per-thread table of sources, so a handle can be used by
//! many tasks without cloning. Their type parameters carry the value's type, which is what makes
//! wiring mistakes compile errors.

mod artifact;
mod io;
mod param;
mod source;

pub use artifact::{
    Artifact, ArtifactKind, ArtifactRef, ClassificationMetrics, Dataset, Html, IntoArtifact,
    Markdown, Metrics, Model,
};
pub use io::{Input, Output, OutputParam};
pub use param::{IntoParam, Json, Numeric, Param, ParamValue};
pub(crate) use source::{Source, lookup, register};

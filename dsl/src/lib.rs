//! pipec-dsl: write container pipelines in Rust and get a typed, validated IR.
//!
//! ```
//! use pipec_dsl::prelude::*;
//!
//! /// Generate tags from the changesets of a snapshot.
//! #[component(image = "ghcr.io/praxi/taggen:0.4")]
//! fn taggen(changesets_dir: Param<String>, tags: Output<Dataset>) -> Container {
//!     Container::new(["taggen"]).args(["--changesets", changesets_dir.arg(), "--out", tags.path()])
//! }
//!
//! /// Print a message.
//! #[component(image = "alpine:3.20")]
//! fn notify(message: Param<String>) -> Container {
//!     Container::new(["echo"]).args([message.arg()])
//! }
//!
//! #[pipeline(name = "praxi")]
//! fn praxi(snapshot_pvc: Param<String>, #[default(3)] retries: Param<i64>) {
//!     let tags = taggen("/snapshot/changesets").mount_pvc(snapshot_pvc, "/snapshot").retry(2);
//!     for_each(["done", "logged"], |word| {
//!         notify(word);
//!     })
//!     .parallelism(1);
//!     let _ = (tags, retries);
//! }
//!
//! // A package's `main` is `pipec_dsl::main([praxi])`; here, build and check the IR directly.
//! let pipeline = pipec_dsl::validate(praxi().unwrap()).unwrap();
//! assert_eq!(pipeline.name, "praxi");
//! assert_eq!(pipeline.parameters.len(), 2);
//! assert_eq!(pipeline.root.nodes.len(), 2); // the taggen task and the loop
//! ```
//!
//! `#[component]` turns a function into a typed call that places a task; `#[pipeline]` turns a
//! function into a builder of the [`ir::Pipeline`]. [`validate`] checks the IR; the
//! `pipec-compiler` crate lowers it to Argo, KFP or Katib YAML.

#![warn(missing_docs)]

mod build;
pub mod component_yaml;
mod control;
pub mod duration;
mod entry;
mod handle;
mod importer;
pub mod ir;
pub mod ir_file;
pub mod name;
mod pipeline_return;
mod pipeline_settings;
mod prebuilt;
pub mod prelude;
#[doc(hidden)]
pub mod private;
pub mod quantity;
mod resource_step;
mod tuning;
mod validate;

pub use build::{BuildError, Cond, Container, NodeRef, Task, build_pipeline};
pub use control::{
    Collect, ExitHandler, IntoItems, Loop, When, collect, exit_handler, for_each, when,
};
pub use entry::{IR_FLAG, PipelineFn, main};
pub use handle::{
    Artifact, ArtifactKind, ArtifactRef, ClassificationMetrics, Dataset, Html, Input, IntoArtifact,
    IntoParam, Json, Markdown, Metrics, Model, Numeric, Output, OutputParam, Param, ParamValue,
};
pub use importer::{Imported, importer};
pub use pipec_dsl_macros::{component, pipeline};
pub use pipeline_return::{PipelineOutputs, PipelineReturn};
pub use pipeline_settings::{S3Credentials, Volume, configure, s3_artifacts, volume};
pub use prebuilt::{IntoArgument, Prebuilt, PrebuiltOutputs};
pub use resource_step::ResourceStep;
pub use tuning::{Space, Tuning, tune};
pub use validate::{Validated, ValidationError, ValidationErrors, validate};

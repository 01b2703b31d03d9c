//! Everything a pipeline file needs: `use pipec_dsl::prelude::*;`.

pub use crate::build::{Cond, Container, NodeRef, Task};
pub use crate::control::{collect, exit_handler, for_each, when};
pub use crate::handle::{
    Artifact, ArtifactRef, ClassificationMetrics, Dataset, Html, Input, IntoArtifact, IntoParam,
    Json, Markdown, Metrics, Model, Output, OutputParam, Param,
};
pub use crate::importer::importer;
pub use crate::ir::{Algorithm, MetricSource};
pub use crate::pipeline_settings::{S3Credentials, configure, s3_artifacts, volume};
pub use crate::tuning::{Space, Tuning, tune};
pub use crate::{Prebuilt, ResourceStep, component, pipeline};
pub use std::time::Duration;

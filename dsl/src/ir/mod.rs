//! The pipeline IR: plain, versioned data that every backend reads.
//!
//! A [`Pipeline`] owns its parameters, the [`Component`]s its tasks call, and a root [`Dag`] of
//! [`Node`]s (tasks and control-flow scopes). The DSL builds it; it can also be read from JSON or
//! YAML (`pipec compile pipeline.json`). Field names are `snake_case`; unknown fields are rejected
//! so a misspelled key is an error rather than a silently ignored setting.
//!
//! ```
//! use pipec_dsl::ir::Pipeline;
//! let json = r#"{"name": "empty", "root": {"nodes": []}}"#;
//! let p: Pipeline = serde_json::from_str(json).unwrap();
//! assert_eq!(p.name, "empty");
//! ```

mod argument;
mod argument_map;
mod component;
mod exact_vec;
mod expr;
mod pipeline;
mod resources;
mod scope;
mod settings;
mod task;
mod tuning;
mod types;

pub use argument::{Argument, LoopItemRef, TaskOutputRef};
pub use argument_map::ArgumentMap;
pub use component::{
    Arg, Component, ContainerSpec, EnvVar, Implementation, ImporterSpec, IoSpec, Placeholder,
    ResourceOutput, ResourceSpec,
};
pub use expr::{CmpOp, Expr};
pub use pipeline::{IR_VERSION, Parameter, Pipeline, PipelineOutput};
pub use resources::{
    Accelerator, Backoff, Caching, Resources, Retry, RetryPolicy, SecretEnv, Toleration,
    VolumeMount, VolumeSource,
};
pub use scope::{Branch, Condition, Dag, ExitHandler, Loop, LoopItems, Node};
pub use settings::{
    ArtifactRepository, ConcurrencyPolicy, PodGc, S3Repository, Schedule, SecretKeyRef, Settings,
    VolumeClaim,
};
pub use task::{PodSettings, Task};
pub use tuning::{
    AcquisitionFunction, AcquisitionOptimizer, Algorithm, BaseEstimator, BayesianOptimization,
    Cmaes, Direction, Distribution, DoubleRange, Hyperband, IntRange, MetricReport, MetricSource,
    MetricsFile, MetricsFormat, Objective, SearchParameter, Seeded, Space, Tpe, Tuning,
};
pub use types::{ArtifactType, IoType, ParamType};

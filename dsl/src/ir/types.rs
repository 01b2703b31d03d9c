//! The types a value can have: parameters (typed JSON values) and artifacts (files).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The type of a parameter: a small JSON value passed by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    /// A UTF-8 string (KFP `STRING`).
    String,
    /// A 64-bit integer (KFP `NUMBER_INTEGER`).
    Int,
    /// A double (KFP `NUMBER_DOUBLE`).
    Float,
    /// `true` or `false` (KFP `BOOLEAN`).
    Bool,
    /// A JSON list (KFP `LIST`).
    List,
    /// A JSON object (KFP `STRUCT`).
    Struct,
}

impl ParamType {
    /// Whether a JSON value is acceptable for this type.
    ///
    /// ```
    /// use pipec_dsl::ir::ParamType;
    /// assert!(ParamType::Float.accepts(&serde_json::json!(3)));
    /// assert!(!ParamType::Int.accepts(&serde_json::json!("3")));
    /// ```
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, value) {
            (ParamType::String, Value::String(_)) => true,
            (ParamType::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (ParamType::Float, Value::Number(_)) => true,
            (ParamType::Bool, Value::Bool(_)) => true,
            (ParamType::List, Value::Array(_)) => true,
            (ParamType::Struct, Value::Object(_)) => true,
            _ => false,
        }
    }

    /// Whether a value of type `self` may be passed where `expected` is declared.
    /// An int widens to a float; everything else must match exactly.
    pub fn assignable_to(self, expected: ParamType) -> bool {
        self == expected || (self == ParamType::Int && expected == ParamType::Float)
    }

    /// The lowercase name used in the IR and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Int => "int",
            ParamType::Float => "float",
            ParamType::Bool => "bool",
            ParamType::List => "list",
            ParamType::Struct => "struct",
        }
    }
}

/// The type of an artifact: a file or directory stored in the artifact repository.
/// These are KFP's `system.*` types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArtifactType {
    /// An untyped artifact (`system.Artifact`).
    Artifact,
    /// A data set (`system.Dataset`).
    Dataset,
    /// A trained model (`system.Model`).
    Model,
    /// Scalar metrics (`system.Metrics`).
    Metrics,
    /// Classification metrics (`system.ClassificationMetrics`).
    ClassificationMetrics,
    /// An HTML page (`system.HTML`).
    Html,
    /// A Markdown page (`system.Markdown`).
    Markdown,
}

impl ArtifactType {
    /// KFP's schema title, e.g. `system.Dataset`.
    pub fn schema_title(self) -> &'static str {
        match self {
            ArtifactType::Artifact => "system.Artifact",
            ArtifactType::Dataset => "system.Dataset",
            ArtifactType::Model => "system.Model",
            ArtifactType::Metrics => "system.Metrics",
            ArtifactType::ClassificationMetrics => "system.ClassificationMetrics",
            ArtifactType::Html => "system.HTML",
            ArtifactType::Markdown => "system.Markdown",
        }
    }

    /// Whether an artifact of type `self` may be passed where `expected` is declared:
    /// the same type, or anything into a generic `Artifact`.
    pub fn assignable_to(self, expected: ArtifactType) -> bool {
        self == expected || expected == ArtifactType::Artifact
    }

    /// The lowercase name used in the IR and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            ArtifactType::Artifact => "artifact",
            ArtifactType::Dataset => "dataset",
            ArtifactType::Model => "model",
            ArtifactType::Metrics => "metrics",
            ArtifactType::ClassificationMetrics => "classification_metrics",
            ArtifactType::Html => "html",
            ArtifactType::Markdown => "markdown",
        }
    }
}

/// The type of a component input or output: a parameter or an artifact.
///
/// Written as one lowercase word in the IR: `string`, `int`, …, `dataset`, `model`, ….
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IoType {
    /// A parameter of the given type.
    Param(ParamType),
    /// An artifact of the given type.
    Artifact(ArtifactType),
}

impl IoType {
    /// Whether this is an artifact type.
    pub fn is_artifact(self) -> bool {
        matches!(self, IoType::Artifact(_))
    }

    /// The lowercase name used in the IR and in error messages.
    pub fn name(self) -> &'static str {
        match self {
            IoType::Param(p) => p.name(),
            IoType::Artifact(a) => a.name(),
        }
    }
}

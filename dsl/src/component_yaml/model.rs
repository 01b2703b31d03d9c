//! The `component.yaml` file as written: KFP's v1 component format, field for field.
//!
//! Unknown keys are rejected (a misspelled `comand:` must not silently drop the command line).
//! Keys KFP defines but pipec has no use for (`metadata`, `annotations`, `version`) are read and
//! ignored; keys pipec cannot honour (`graph`, `fileOutputs`) are read so the conversion can
//! reject them by name.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::command_line::RawArg;
use super::env::RawEnv;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComponent {
    pub name: Option<Spanned<String>>,
    pub description: Option<String>,
    /// KFP labels and annotations; read so the key is allowed.
    #[serde(rename = "metadata")]
    pub _metadata: Option<IgnoredAny>,
    pub inputs: Option<Vec<Spanned<RawInput>>>,
    pub outputs: Option<Vec<Spanned<RawOutput>>>,
    pub implementation: Option<Spanned<RawImplementation>>,
    /// The v1 format's version tag; read so the key is allowed.
    #[serde(rename = "version")]
    pub _version: Option<IgnoredAny>,
}

/// One entry of `inputs`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInput {
    pub name: Spanned<String>,
    /// A type name (`Integer`, `Dataset`, `CSV`) or a `{Name: {properties}}` map.
    #[serde(rename = "type")]
    pub ty: Option<Spanned<serde_json::Value>>,
    pub description: Option<String>,
    /// v1 defaults are text; a plain scalar such as `5` arrives as its source text `"5"`.
    pub default: Option<Spanned<String>>,
    pub optional: Option<bool>,
    /// Free-form KFP annotations; read so the key is allowed.
    #[serde(rename = "annotations")]
    pub _annotations: Option<IgnoredAny>,
}

/// One entry of `outputs`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutput {
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    pub ty: Option<Spanned<serde_json::Value>>,
    pub description: Option<String>,
    /// Free-form KFP annotations; read so the key is allowed.
    #[serde(rename = "annotations")]
    pub _annotations: Option<IgnoredAny>,
}

/// `implementation`: a container, or a graph of other components.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImplementation {
    pub container: Option<Spanned<RawContainer>>,
    pub graph: Option<Spanned<IgnoredAny>>,
}

/// `implementation.container`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContainer {
    pub image: Option<Spanned<String>>,
    pub command: Option<Vec<Spanned<RawArg>>>,
    pub args: Option<Vec<Spanned<RawArg>>>,
    pub env: Option<RawEnv>,
    #[serde(rename = "fileOutputs")]
    pub file_outputs: Option<Spanned<IgnoredAny>>,
}

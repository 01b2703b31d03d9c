//! Components: the typed interface of a step and how it runs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ArtifactType, IoType, Pipeline};

/// A reusable step: inputs, outputs and an implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The component's name (unique in the pipeline's `components` map, which is keyed by it).
    pub name: String,
    /// What it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Inputs, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<IoSpec>,
    /// Outputs, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<IoSpec>,
    /// How the component runs.
    pub implementation: Implementation,
}

impl Component {
    /// The input with this name.
    pub fn input(&self, name: &str) -> Option<&IoSpec> {
        self.inputs.iter().find(|i| i.name == name)
    }

    /// The output with this name.
    pub fn output(&self, name: &str) -> Option<&IoSpec> {
        self.outputs.iter().find(|o| o.name == name)
    }
}

/// One input or output of a component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IoSpec {
    /// The name (`[A-Za-z_][A-Za-z0-9_]*`).
    pub name: String,
    /// Parameter or artifact type.
    #[serde(rename = "type")]
    pub ty: IoType,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value used when a task does not pass one (inputs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Whether a task may leave the input unset even without a default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

impl IoSpec {
    /// A required input or an output of the given type.
    pub fn new(name: impl Into<String>, ty: IoType) -> Self {
        IoSpec {
            name: name.into(),
            ty,
            description: None,
            default: None,
            optional: false,
        }
    }

    /// Whether a task must pass this input.
    pub fn is_required(&self) -> bool {
        !self.optional && self.default.is_none()
    }
}

/// How a component runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Implementation {
    /// A container image with a command line.
    Container(ContainerSpec),
    /// Bring an existing artifact (by URI) into the pipeline. The component has one input, `uri`
    /// (string), and one output, `artifact`.
    Importer(ImporterSpec),
    /// Apply, create, patch or delete a Kubernetes object.
    Resource(ResourceSpec),
    /// Another pipeline, run as a sub-DAG. Its parameters are the component's inputs and its
    /// outputs the component's outputs.
    Pipeline(Box<Pipeline>),
}

/// A container step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainerSpec {
    /// The image, e.g. `ghcr.io/praxi/taggen:0.4`.
    pub image: String,
    /// The entrypoint; empty keeps the image's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<Arg>,
    /// Arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Arg>,
    /// Environment variables set for every task of this component.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// The working directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
}

/// One element of a command line: text, a placeholder, or several concatenated.
///
/// Written as a string, `{input_value: NAME}`, `{input_path: NAME}`, `{output_path: NAME}` or
/// `{concat: [..]}`. A number or boolean is an error rather than being turned into text, because
/// YAML reads `y`, `on` or `1e3` as such, and the command line would not say what was written.
///
/// ```
/// use pipec_dsl::ir::{Arg, Placeholder};
/// let a: Arg = serde_json::from_str(r#"{"input_path": "tags"}"#).unwrap();
/// assert_eq!(a, Arg::Placeholder(Placeholder::InputPath("tags".into())));
/// let err = serde_json::from_str::<Arg>("true").unwrap_err().to_string();
/// assert!(err.contains("quote it"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Arg {
    /// Literal text.
    Text(String),
    /// A value filled in at run time.
    Placeholder(Placeholder),
    /// The parts joined without separator, e.g. `--out=` and an output path.
    Concat {
        /// The parts.
        concat: Vec<Arg>,
    },
}

impl<'de> Deserialize<'de> for Arg {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ArgVisitor)
    }
}

/// Reads an [`Arg`], naming the mistake where serde's untagged enums would only say that no
/// variant matched.
struct ArgVisitor;

const PLACEHOLDER_KEYS: &[&str] = &["input_value", "input_path", "output_path", "concat"];

impl ArgVisitor {
    fn not_text<E: serde::de::Error>(what: String) -> E {
        E::custom(format!(
            "a command-line element is text, but this reads as {what} (YAML reads y, yes, on, \
             1e3, … that way): quote it"
        ))
    }
}

impl<'de> serde::de::Visitor<'de> for ArgVisitor {
    type Value = Arg;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string, `{input_value: NAME}`, `{input_path: NAME}`, `{output_path: NAME}` or `{concat: [..]}`")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arg, E> {
        Ok(Arg::Text(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Arg, E> {
        Ok(Arg::Text(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Arg, E> {
        Err(Self::not_text(format!("the boolean {v}")))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Arg, E> {
        Err(Self::not_text(format!("the number {v}")))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Arg, E> {
        Err(Self::not_text(format!("the number {v}")))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Arg, E> {
        Err(Self::not_text(format!("the number {v}")))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Arg, E> {
        Err(Self::not_text("null".to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Arg, A::Error> {
        use serde::de::Error;
        let key: String = map
            .next_key()?
            .ok_or_else(|| A::Error::custom("an empty map is not a command-line element"))?;
        let arg = match key.as_str() {
            "input_value" => Arg::Placeholder(Placeholder::InputValue(map.next_value()?)),
            "input_path" => Arg::Placeholder(Placeholder::InputPath(map.next_value()?)),
            "output_path" => Arg::Placeholder(Placeholder::OutputPath(map.next_value()?)),
            "concat" => Arg::Concat {
                concat: map.next_value()?,
            },
            other => return Err(A::Error::unknown_field(other, PLACEHOLDER_KEYS)),
        };
        if let Some(extra) = map.next_key::<String>()? {
            return Err(A::Error::custom(format!(
                "a placeholder has one key, `{key}`; `{extra}` belongs in an element of its own"
            )));
        }
        Ok(arg)
    }
}

impl Arg {
    /// Every placeholder in this argument, in order.
    pub fn placeholders(&self) -> Vec<&Placeholder> {
        match self {
            Arg::Text(_) => Vec::new(),
            Arg::Placeholder(p) => vec![p],
            Arg::Concat { concat } => concat.iter().flat_map(Arg::placeholders).collect(),
        }
    }
}

/// A value the engine fills into a command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Placeholder {
    /// The value of an input parameter.
    InputValue(String),
    /// The local path of an input artifact.
    InputPath(String),
    /// The local path where an output (artifact or parameter) must be written.
    OutputPath(String),
}

impl Placeholder {
    /// The input or output name the placeholder refers to.
    pub fn name(&self) -> &str {
        match self {
            Placeholder::InputValue(n) | Placeholder::InputPath(n) | Placeholder::OutputPath(n) => {
                n
            }
        }
    }
}

/// An environment variable with a literal value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvVar {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// An importer: an artifact that already exists at a URI (`s3://…`, `gs://…`, `minio://…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImporterSpec {
    /// The type of the imported artifact.
    pub artifact_type: ArtifactType,
    /// Import again even if an artifact with this URI is known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reimport: bool,
}

/// A Kubernetes resource step (Argo `resource` template).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// `create`, `apply`, `patch`, `replace` or `delete`.
    pub action: String,
    /// The manifest (YAML). `{{inputs.NAME}}` is replaced with the value of input `NAME`.
    pub manifest: String,
    /// A label-selector-like condition on the object that marks success, e.g. `status.state == Available`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_condition: Option<String>,
    /// A condition that marks failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_condition: Option<String>,
    /// Make the workflow the owner of the object so it is deleted with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub set_owner_reference: bool,
    /// Output parameters read from the object, by output name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, ResourceOutput>,
}

/// How a resource step output is read from the object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ResourceOutput {
    /// A JSONPath into the object, e.g. `{.metadata.name}`.
    JsonPath(String),
}

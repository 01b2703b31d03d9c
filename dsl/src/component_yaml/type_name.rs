//! KFP v1 type names and what they mean to pipec.
//!
//! As in the KFP SDK's v1 loader, names are compared case-insensitively after dropping a
//! `typing.` prefix and generic arguments (`List[str]` is `List`). A name that is not a parameter
//! type names an artifact; names pipec has no artifact type for (`CSV`, `GCSPath`, `google.*`,
//! `SlicedClassificationMetrics`, none at all) become the generic `Artifact`.

use serde_json::Value;
use serde_saphyr::Spanned;

use super::error::{ComponentYamlError, ErrorKind, Position};
use crate::ir::{ArtifactType, ParamType};

/// A declared v1 type: a parameter type, or something stored as an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum V1Type {
    /// `String`, `Integer`, `Float`, `Boolean`, `JsonArray`, `JsonObject` and their aliases.
    Param(ParamType),
    /// Any other name, or no type.
    Artifact(ArtifactType),
}

/// A declared type with the name the file used, for messages.
#[derive(Debug, Clone)]
pub(super) struct DeclaredType {
    pub ty: V1Type,
    /// The type as written (`Integer`, `CSV`), or `untyped`.
    pub label: String,
}

/// Read the `type` of an input or output; `field` is its path in the file, for errors.
pub(super) fn declared_type(
    ty: Option<&Spanned<Value>>,
    field: &str,
) -> Result<DeclaredType, ComponentYamlError> {
    let Some(node) = ty else {
        return Ok(untyped());
    };
    let bad = |message: String| {
        Err(ComponentYamlError::new(ErrorKind::Syntax, message)
            .field(field)
            .at(Position::of(node)))
    };
    let name = match &node.value {
        Value::Null => return Ok(untyped()),
        Value::String(name) => name.as_str(),
        // `{GCSPath: {data_type: CSV}}`: the key is the type's name.
        Value::Object(map) if map.len() == 1 => map.keys().next().map_or("", String::as_str),
        other => {
            return bad(format!(
                "expected a type name such as Integer or Dataset, or a {{Name: {{properties}}}} map; found {other}"
            ));
        }
    };
    if canonical(name).eq_ignore_ascii_case("PipelineTaskFinalStatus") {
        return Err(ComponentYamlError::new(
            ErrorKind::Unsupported,
            "PipelineTaskFinalStatus inputs are not supported; an exit handler's cleanup task \
             cannot read the pipeline's final status in pipec",
        )
        .field(field)
        .at(Position::of(node)));
    }
    Ok(DeclaredType {
        ty: classify(name),
        label: name.to_string(),
    })
}

fn untyped() -> DeclaredType {
    DeclaredType {
        ty: V1Type::Artifact(ArtifactType::Artifact),
        label: "untyped".to_string(),
    }
}

/// `typing.List[str]` → `List`.
fn canonical(name: &str) -> &str {
    let name = name.trim();
    let name = name.strip_prefix("typing.").unwrap_or(name);
    name.split('[').next().unwrap_or(name).trim()
}

/// The meaning of a type name.
///
/// ```text
/// Integer → Param(Int), str → Param(String), Dataset → Artifact(Dataset), CSV → Artifact(Artifact)
/// ```
pub(super) fn classify(name: &str) -> V1Type {
    let lower = canonical(name).to_ascii_lowercase();
    let param = match lower.as_str() {
        "string" | "str" | "text" => Some(ParamType::String),
        "integer" | "int" => Some(ParamType::Int),
        "float" | "double" => Some(ParamType::Float),
        "boolean" | "bool" => Some(ParamType::Bool),
        "jsonarray" | "list" => Some(ParamType::List),
        "jsonobject" | "dict" => Some(ParamType::Struct),
        _ => None,
    };
    if let Some(p) = param {
        return V1Type::Param(p);
    }
    V1Type::Artifact(match lower.as_str() {
        "dataset" => ArtifactType::Dataset,
        "model" => ArtifactType::Model,
        "metrics" => ArtifactType::Metrics,
        "classificationmetrics" => ArtifactType::ClassificationMetrics,
        "html" => ArtifactType::Html,
        "markdown" => ArtifactType::Markdown,
        _ => ArtifactType::Artifact,
    })
}

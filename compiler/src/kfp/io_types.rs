//! IR types as KFP declares them: parameter types and `system.*` artifact schemas.

use std::collections::BTreeSet;

use pipec_dsl::ir::{ArtifactType, IoSpec, IoType, ParamType};

use super::model::{ArtifactSpec, ArtifactTypeSchema, IoDefinitions, ParameterSpec, ParameterType};

/// The KFP parameter type of an IR parameter type.
pub fn parameter_type(ty: ParamType) -> ParameterType {
    match ty {
        ParamType::String => ParameterType::String,
        ParamType::Int => ParameterType::NumberInteger,
        ParamType::Float => ParameterType::NumberDouble,
        ParamType::Bool => ParameterType::Boolean,
        ParamType::List => ParameterType::List,
        ParamType::Struct => ParameterType::Struct,
    }
}

/// The schema of a `system.*` artifact type.
pub fn artifact_schema(ty: ArtifactType) -> ArtifactTypeSchema {
    ArtifactTypeSchema {
        schema_title: ty.schema_title().to_string(),
        schema_version: "0.0.1".to_string(),
    }
}

/// A value's type as seen from a DAG: a parameter, an artifact, or a list of artifacts (fan-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A parameter.
    Param(ParameterType),
    /// One artifact.
    Artifact(ArtifactType),
    /// The artifacts a loop collected.
    ArtifactList(ArtifactType),
}

impl ValueType {
    /// The type of an IR input or output.
    pub fn of(ty: IoType) -> Self {
        match ty {
            IoType::Param(p) => ValueType::Param(parameter_type(p)),
            IoType::Artifact(a) => ValueType::Artifact(a),
        }
    }

    /// Whether values of this type travel as artifacts.
    pub fn is_artifact(self) -> bool {
        !matches!(self, ValueType::Param(_))
    }

    /// Declare a value of this type under `name`.
    pub fn declare(self, defs: &mut IoDefinitions, name: String, decl: Declaration) {
        match self {
            ValueType::Param(parameter_type) => {
                let spec = ParameterSpec {
                    default_value: decl.default,
                    description: decl.description,
                    is_optional: decl.optional,
                    parameter_type,
                };
                defs.parameters.insert(name, spec);
            }
            ValueType::Artifact(a) | ValueType::ArtifactList(a) => {
                let spec = ArtifactSpec {
                    artifact_type: artifact_schema(a),
                    description: decl.description,
                    is_artifact_list: matches!(self, ValueType::ArtifactList(_)),
                    is_optional: decl.optional,
                };
                defs.artifacts.insert(name, spec);
            }
        }
    }
}

/// What is declared about an input or output beyond its type.
#[derive(Debug, Clone, Default)]
pub struct Declaration {
    /// The default value (parameters only).
    pub default: Option<serde_json::Value>,
    /// What it means.
    pub description: Option<String>,
    /// Whether it may be left unset.
    pub optional: bool,
}

/// Input or output definitions of a component's IR inputs/outputs. `lists` names artifact
/// inputs that receive a loop's collected artifacts, declared as artifact lists.
pub fn io_definitions(specs: &[IoSpec], lists: &BTreeSet<String>) -> IoDefinitions {
    let mut defs = IoDefinitions::default();
    for spec in specs {
        let ty = match ValueType::of(spec.ty) {
            ValueType::Artifact(a) if lists.contains(&spec.name) => ValueType::ArtifactList(a),
            ty => ty,
        };
        let decl = Declaration {
            default: spec.default.clone(),
            description: spec.description.clone(),
            optional: spec.optional || spec.default.is_some(),
        };
        ty.declare(&mut defs, spec.name.clone(), decl);
    }
    defs
}

//! Each declared input and output as an IR [`IoSpec`]: its kind, type and default.
//!
//! The kind follows the KFP SDK's v1 loader, refined by how the command line reads the input:
//! - a parameter type (`Integer`, `String`, …) is a parameter; reading it with `inputPath` is an
//!   error, because pipec passes parameters by value;
//! - any other type (`Dataset`, `CSV`, none) is an artifact, unless the input is read with
//!   `inputValue` or has a default: then it is a `String` parameter (a value, not a file);
//! - an output of a parameter type is an output parameter written to `{outputPath: ...}`; any
//!   other output is an artifact.

use super::error::{ComponentYamlError, ErrorKind, Position};
use super::model::{RawInput, RawOutput};
use super::placeholders::InputUse;
use super::type_name::{DeclaredType, V1Type, declared_type};
use super::{default_value, placeholders::Site};
use crate::ir::{IoSpec, IoType, ParamType};

/// The IR spec of `inputs[index]`, whose IR name is `name`.
pub(super) fn input(
    index: usize,
    raw: &RawInput,
    name: &str,
    used: &InputUse,
) -> Result<IoSpec, ComponentYamlError> {
    let field = format!("inputs[{index}]");
    let declared = declared_type(raw.ty.as_ref(), &format!("{field}.type"))?;
    let ty = input_type(raw, &declared, used)?;
    let default = match &raw.default {
        None => None,
        Some(text) => Some(default(raw, &declared, ty, used).map_err(|message| {
            ComponentYamlError::new(ErrorKind::BadDefault, message)
                .field(format!("{field}.default"))
                .at(Position::of(text))
        })?),
    };
    Ok(IoSpec {
        name: name.to_string(),
        ty,
        description: raw.description.clone(),
        default,
        optional: raw.optional.unwrap_or(false),
    })
}

/// The IR spec of `outputs[index]`, whose IR name is `name`.
pub(super) fn output(
    index: usize,
    raw: &RawOutput,
    name: &str,
) -> Result<IoSpec, ComponentYamlError> {
    let declared = declared_type(raw.ty.as_ref(), &format!("outputs[{index}].type"))?;
    let ty = match declared.ty {
        V1Type::Param(p) => IoType::Param(p),
        V1Type::Artifact(a) => IoType::Artifact(a),
    };
    let mut spec = IoSpec::new(name, ty);
    spec.description = raw.description.clone();
    Ok(spec)
}

fn input_type(
    raw: &RawInput,
    declared: &DeclaredType,
    used: &InputUse,
) -> Result<IoType, ComponentYamlError> {
    let name = &raw.name.value;
    match (declared.ty, &used.by_value, &used.by_path) {
        (V1Type::Param(_), _, Some(path)) => Err(misuse(
            format!(
                "input {name:?} has the parameter type {} but is read with inputPath; pipec passes \
                 parameters by value: use {{inputValue: {name}}}, or declare an artifact type \
                 such as Dataset",
                declared.label
            ),
            path,
        )),
        (V1Type::Param(p), _, None) => Ok(IoType::Param(p)),
        (V1Type::Artifact(_), Some(value), Some(path)) => Err(misuse(
            format!(
                "input {name:?} is read both with inputPath and with inputValue (at {}); an input \
                 is either a file or a value",
                value.field
            ),
            path,
        )),
        (V1Type::Artifact(_), Some(_), None) => Ok(IoType::Param(ParamType::String)),
        (V1Type::Artifact(_), None, None) if raw.default.is_some() => {
            Ok(IoType::Param(ParamType::String))
        }
        (V1Type::Artifact(a), None, _) => Ok(IoType::Artifact(a)),
    }
}

fn misuse(message: String, site: &Site) -> ComponentYamlError {
    ComponentYamlError::new(ErrorKind::Misuse, message)
        .field(site.field.clone())
        .at(site.position)
}

fn default(
    raw: &RawInput,
    declared: &DeclaredType,
    ty: IoType,
    used: &InputUse,
) -> Result<serde_json::Value, String> {
    let text = raw.default.as_ref().map_or("", |d| d.value.as_str());
    match ty {
        IoType::Param(p) => default_value::convert(text, p, &declared.label),
        IoType::Artifact(_) => Err(format!(
            "input {:?} is an artifact (read with inputPath at {}) and cannot have a default",
            raw.name.value,
            used.by_path.as_ref().map_or("?", |s| s.field.as_str())
        )),
    }
}

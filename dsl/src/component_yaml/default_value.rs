//! v1 defaults are text; the IR wants a JSON value of the input's parameter type.
//!
//! The conversions are those of KFP's v1 loader: `int(...)`, `float(...)`, Python's `strtobool`
//! spellings for booleans, and JSON for lists and objects. Where KFP would silently keep the text
//! (a list default that is not JSON), pipec reports it instead.

use serde_json::Value;

use crate::ir::ParamType;

/// Convert the default `text` to a value of `ty`; `label` is the type as the file wrote it.
/// The error says why, e.g. `"five" is not a valid Integer: invalid digit found in string`.
pub(super) fn convert(text: &str, ty: ParamType, label: &str) -> Result<Value, String> {
    let invalid = |why: &dyn std::fmt::Display| format!("{text:?} is not a valid {label}: {why}");
    match ty {
        ParamType::String => Ok(Value::String(text.to_string())),
        ParamType::Int => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|e| invalid(&e)),
        ParamType::Float => {
            let x = text.trim().parse::<f64>().map_err(|e| invalid(&e))?;
            serde_json::Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| invalid(&"not a finite number"))
        }
        ParamType::Bool => truth(text)
            .map(Value::Bool)
            .ok_or_else(|| invalid(&"expected true or false")),
        ParamType::List => json(text, Value::is_array).map_err(|e| invalid(&e)),
        ParamType::Struct => json(text, Value::is_object).map_err(|e| invalid(&e)),
    }
}

/// Python's `strtobool`, which KFP uses for v1 boolean defaults.
fn truth(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "t" | "true" | "on" | "1" => Some(true),
        "n" | "no" | "f" | "false" | "off" | "0" => Some(false),
        _ => None,
    }
}

fn json(text: &str, fits: fn(&Value) -> bool) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    if fits(&value) {
        Ok(value)
    } else {
        Err(format!("JSON of the wrong kind ({value})"))
    }
}

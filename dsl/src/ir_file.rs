//! Reading IR from a file: JSON or YAML, one pipeline or a list of them.

use std::fmt;

use crate::ir::Pipeline;

/// A file that could not be read as pipeline IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IrFileError {
    /// The file (or `<stdin>`).
    pub origin: String,
    /// What the parser said, with the line and column where it applies.
    pub message: String,
}

impl fmt::Display for IrFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for IrFileError {}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<Pipeline>),
    One(Box<Pipeline>),
}

/// Parse IR text. JSON is recognised by a leading `{` or `[`; anything else is read as YAML.
/// `origin` names the source in errors.
///
/// ```
/// let ps = pipec_dsl::ir_file::parse("name: hello\nroot: {nodes: []}\n", "hello.yaml").unwrap();
/// assert_eq!(ps[0].name, "hello");
/// let err = pipec_dsl::ir_file::parse("{\"name\": 3}", "bad.json").unwrap_err();
/// assert!(err.to_string().starts_with("bad.json: "));
/// ```
pub fn parse(text: &str, origin: &str) -> Result<Vec<Pipeline>, IrFileError> {
    let error = |message: String| IrFileError {
        origin: origin.to_string(),
        message,
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_json(trimmed).map_err(error)
    } else {
        parse_yaml(text).map_err(error)
    }
}

fn parse_json(text: &str) -> Result<Vec<Pipeline>, String> {
    // Parse the shape we expect directly so serde reports the real field at fault, not
    // "did not match any variant".
    if text.starts_with('[') {
        serde_json::from_str::<Vec<Pipeline>>(text).map_err(|e| e.to_string())
    } else {
        serde_json::from_str::<Pipeline>(text)
            .map(|p| vec![p])
            .map_err(|e| e.to_string())
    }
}

fn parse_yaml(text: &str) -> Result<Vec<Pipeline>, String> {
    match serde_saphyr::from_str::<Pipeline>(text) {
        Ok(p) => Ok(vec![p]),
        Err(single) => match serde_saphyr::from_str::<OneOrMany>(text) {
            Ok(OneOrMany::Many(ps)) => Ok(ps),
            Ok(OneOrMany::One(p)) => Ok(vec![*p]),
            Err(_) => Err(single.to_string()),
        },
    }
}

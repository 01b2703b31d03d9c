//! What can go wrong when loading a `component.yaml`, and where.

use std::fmt;

use serde_saphyr::Spanned;

/// The kind of a [`ComponentYamlError`], for callers that react to a kind rather than read text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The text is not YAML, or not shaped like a component (unknown key, wrong value kind).
    Syntax,
    /// A required field is absent.
    Missing,
    /// A KFP feature pipec cannot express (a `graph` implementation, an `if` placeholder, …).
    Unsupported,
    /// A placeholder names an input or output that the file does not declare.
    Undeclared,
    /// Two inputs, two outputs or two environment variables share a name.
    Duplicate,
    /// A default value that does not fit the input's type.
    BadDefault,
    /// A name that cannot become a pipec name.
    BadName,
    /// An input used in a way its type does not allow (e.g. a parameter read through `inputPath`).
    Misuse,
    /// A command-line element that is neither text nor a placeholder.
    BadArg,
}

/// A 1-based line and column in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The line, from 1.
    pub line: u64,
    /// The column, from 1.
    pub column: u64,
}

impl Position {
    /// Where a parsed YAML node starts, if the parser knows.
    pub(super) fn of<T>(node: &Spanned<T>) -> Option<Position> {
        let (line, column) = (node.referenced.line(), node.referenced.column());
        // The parser reports 0:0 when it could not track the node.
        (line > 0).then_some(Position { line, column })
    }
}

/// A `component.yaml` that could not be loaded.
///
/// Displayed as `origin:line:column: field: message`, leaving out the parts that are unknown, e.g.
/// `train.yaml:14:14: inputs[1].default: "five" is not a valid Integer: invalid digit found in string`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentYamlError {
    /// The file (or the `origin` given to [`from_str`](super::from_str)).
    pub origin: String,
    /// Where in the file, when the parser gives a position.
    pub position: Option<Position>,
    /// The field at fault as a path into the file, e.g. `implementation.container.args[3]`.
    pub field: Option<String>,
    /// What kind of error this is.
    pub kind: ErrorKind,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
}

impl ComponentYamlError {
    /// An error of `kind`; the origin is filled in by the caller of the conversion.
    pub(super) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ComponentYamlError {
            origin: String::new(),
            position: None,
            field: None,
            kind,
            message: message.into(),
        }
    }

    /// The same error, about `field`.
    pub(super) fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same error, at `position`.
    pub(super) fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    /// The same error, in `origin`.
    pub(super) fn origin(mut self, origin: &str) -> Self {
        self.origin = origin.to_string();
        self
    }

    /// An error of the YAML parser (malformed YAML, unknown key, wrong kind of value).
    pub(super) fn from_yaml(error: &serde_saphyr::Error) -> Self {
        let position = error.location().and_then(|l| {
            (l.line() > 0).then_some(Position {
                line: l.line(),
                column: l.column(),
            })
        });
        let mut message = error.without_snippet().to_string();
        // The parser appends the position to its text; it is already at the front of ours.
        if let Some(p) = position {
            let suffix = format!(" at line {}, column {}", p.line, p.column);
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_string();
            }
        }
        ComponentYamlError::new(ErrorKind::Syntax, for_users(message)).at(position)
    }
}

/// The parser's advice is for programmers using it (which option to set, which function to
/// call); a pipec user needs to know what to change in the file instead.
fn for_users(message: String) -> String {
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("duplicate key `{key}`; each key may appear once in a map");
    }
    if message.starts_with("multiple YAML documents detected") {
        return "found several YAML documents; a component.yaml holds one component".to_string();
    }
    message
}

impl fmt::Display for ComponentYamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ComponentYamlError {}

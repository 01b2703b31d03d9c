//! Why a value could not be written as YAML.

use std::fmt;

/// A value the YAML writer cannot express (for example a map key that is a sequence), or an
/// error reported by a value's own `Serialize` implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    /// A map key that is not a scalar.
    pub(super) fn non_scalar_key(found: &str) -> Self {
        Error {
            message: format!(
                "a map key must be a string, number, bool or null, found {found}; \
                 pipec writes only scalar keys"
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
        }
    }
}

//! `implementation.container.env`: a map of variable names to values, kept in file order.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::command_line::RawArg;

/// The entries of `env` in the order the file lists them, so output does not depend on hashing.
/// Values are read as command-line elements so a placeholder can be rejected with its position.
pub(super) struct RawEnv(pub Vec<(Spanned<String>, Spanned<RawArg>)>);

impl<'de> Deserialize<'de> for RawEnv {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawEnvVisitor)
    }
}

struct RawEnvVisitor;

impl<'de> Visitor<'de> for RawEnvVisitor {
    type Value = RawEnv;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of environment variable names to values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEnv, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawEnv(entries))
    }
}

//! One element of a v1 command line as written: text, or a one-key placeholder map.
//!
//! Reading it by hand (rather than as an untagged enum) keeps the parser's positions on nested
//! elements, and turns every shape pipec does not accept into a value that the conversion
//! reports with its field path, instead of a bare parser message.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A command-line element before names are resolved.
#[derive(Debug)]
pub(super) enum RawArg {
    /// Literal text.
    Text(String),
    /// `{inputValue: name}`.
    InputValue(String),
    /// `{inputPath: name}`.
    InputPath(String),
    /// `{outputPath: name}`.
    OutputPath(String),
    /// `{concat: [...]}`.
    Concat(Vec<Spanned<RawArg>>),
    /// A placeholder KFP defines that pipec cannot express, by its key (`if`, `inputUri`, …).
    Unsupported(String),
    /// Anything else; the text says what was found.
    Invalid(String),
}

/// The placeholders of the v1 format (and KFP v2 additions) that pipec does not carry.
const UNSUPPORTED_KEYS: &[&str] = &[
    "if",
    "ifPresent",
    "isPresent",
    "inputUri",
    "outputUri",
    "inputMetadata",
    "outputMetadata",
    "inputOutputPortName",
    "executorInput",
];

impl<'de> Deserialize<'de> for RawArg {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawArgVisitor)
    }
}

struct RawArgVisitor;

/// What to tell the user about a scalar that is not a string. KFP's own loader rejects these
/// too; YAML reads `yes` as a boolean and `1e3` as 1000, so only quoting keeps the text.
fn unquoted(what: impl fmt::Display) -> RawArg {
    RawArg::Invalid(format!(
        "found {what}; write command-line text as a quoted string"
    ))
}

impl<'de> Visitor<'de> for RawArgVisitor {
    type Value = RawArg;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a placeholder such as {inputValue: name}")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawArg, E> {
        Ok(RawArg::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<RawArg, E> {
        Ok(RawArg::Text(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawArg, E> {
        Ok(unquoted(format_args!("the boolean {v}")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawArg, E> {
        Ok(unquoted(format_args!("the number {v}")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawArg, E> {
        Ok(unquoted(format_args!("the number {v}")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawArg, E> {
        Ok(unquoted(format_args!("the number {v}")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawArg, E> {
        Ok(RawArg::Invalid("found null (an empty element)".to_string()))
    }

    fn visit_none<E: de::Error>(self) -> Result<RawArg, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawArg, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(RawArg::Invalid(
            "found a list; a list of parts must be written {concat: [...]}".to_string(),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawArg, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Ok(RawArg::Invalid("found an empty map".to_string()));
        };
        let arg = match key.as_str() {
            "inputValue" => RawArg::InputValue(map.next_value()?),
            "inputPath" => RawArg::InputPath(map.next_value()?),
            "outputPath" => RawArg::OutputPath(map.next_value()?),
            "concat" => RawArg::Concat(map.next_value()?),
            _ => {
                map.next_value::<IgnoredAny>()?;
                if UNSUPPORTED_KEYS.contains(&key.as_str()) {
                    RawArg::Unsupported(key.clone())
                } else {
                    RawArg::Invalid(format!(
                        "unknown placeholder `{key}`; expected inputValue, inputPath, outputPath or concat"
                    ))
                }
            }
        };
        let mut extra = Vec::new();
        while let Some(other) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            extra.push(format!("`{other}`"));
        }
        if extra.is_empty() {
            Ok(arg)
        } else {
            Ok(RawArg::Invalid(format!(
                "a placeholder has exactly one key, found `{key}` and {}",
                extra.join(", ")
            )))
        }
    }
}

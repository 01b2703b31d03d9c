//! Placeholder tokens: how `input.path()` inside a component body becomes a placeholder in the
//! component's command line.
//!
//! A body returns plain strings (so `["--out", tags.path()]` is an ordinary array); the handles
//! return tokens such as `{{pipec:output_path:tags}}`, which [`parse_tokens`] turns back into
//! [`ir::Arg`] placeholders. Tokens are interned, so each distinct one is allocated once.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::handle::Source;
use crate::ir::{self, Placeholder};

const OPEN: &str = "{{pipec:";
const CLOSE: &str = "}}";
const MISUSED: &str = "misused";

thread_local! {
    static TOKENS: RefCell<HashMap<String, &'static str>> = RefCell::new(HashMap::new());
}

/// The token for a handle's source. Handles that are not the component's own inputs or outputs
/// (a pipeline parameter, a constant) get a token that [`parse_tokens`] reports as a mistake.
pub(crate) fn placeholder_token(source: &Source) -> &'static str {
    let text = match source {
        Source::Placeholder(Placeholder::InputValue(n)) => format!("{OPEN}input_value:{n}{CLOSE}"),
        Source::Placeholder(Placeholder::InputPath(n)) => format!("{OPEN}input_path:{n}{CLOSE}"),
        Source::Placeholder(Placeholder::OutputPath(n)) => format!("{OPEN}output_path:{n}{CLOSE}"),
        Source::Argument(_) => format!("{OPEN}{MISUSED}:{CLOSE}"),
    };
    TOKENS.with(|t| {
        *t.borrow_mut()
            .entry(text.clone())
            .or_insert_with(|| text.leak())
    })
}

/// Turn one command-line string into an IR argument: plain text, a single placeholder, or a
/// concatenation of both.
pub(crate) fn parse_tokens(text: &str) -> Result<ir::Arg, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            parts.push(ir::Arg::Text(rest[..start].to_string()));
        }
        let after = &rest[start + OPEN.len()..];
        let end = after
            .find(CLOSE)
            .ok_or_else(|| format!("unterminated placeholder in {text:?}"))?;
        parts.push(ir::Arg::Placeholder(parse_one(&after[..end])?));
        rest = &after[end + CLOSE.len()..];
    }
    if !rest.is_empty() {
        parts.push(ir::Arg::Text(rest.to_string()));
    }
    Ok(match parts.len() {
        0 => ir::Arg::Text(String::new()),
        1 => parts.remove(0),
        _ => ir::Arg::Concat { concat: parts },
    })
}

fn parse_one(inner: &str) -> Result<Placeholder, String> {
    let (kind, name) = inner.split_once(':').unwrap_or((inner, ""));
    match kind {
        "input_value" => Ok(Placeholder::InputValue(name.to_string())),
        "input_path" => Ok(Placeholder::InputPath(name.to_string())),
        "output_path" => Ok(Placeholder::OutputPath(name.to_string())),
        _ => Err(
            "`.arg()` or `.path()` was used on a handle that is not one of this \
                  component's own inputs or outputs; a component body can only refer to its \
                  parameters"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_placeholders_and_concatenations_round_trip() {
        let out = placeholder_token(&Source::Placeholder(Placeholder::OutputPath("m".into())));
        assert_eq!(parse_tokens("--x").unwrap(), ir::Arg::Text("--x".into()));
        assert_eq!(
            parse_tokens(out).unwrap(),
            ir::Arg::Placeholder(Placeholder::OutputPath("m".into()))
        );
        let joined = format!("--out={out}");
        assert_eq!(
            parse_tokens(&joined).unwrap(),
            ir::Arg::Concat {
                concat: vec![
                    ir::Arg::Text("--out=".into()),
                    ir::Arg::Placeholder(Placeholder::OutputPath("m".into()))
                ]
            }
        );
    }

    #[test]
    fn a_misused_handle_is_reported() {
        let token = placeholder_token(&Source::Argument(ir::Argument::Parameter("p".into())));
        assert!(
            parse_tokens(token)
                .unwrap_err()
                .contains("not one of this component's own")
        );
    }

    #[test]
    fn tokens_are_interned() {
        let a = placeholder_token(&Source::Placeholder(Placeholder::InputValue("k".into())));
        let b = placeholder_token(&Source::Placeholder(Placeholder::InputValue("k".into())));
        assert!(std::ptr::eq(a, b));
    }
}

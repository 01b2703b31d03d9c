//! Command lines: IR args to strings with KFP placeholders (`{{$.inputs.parameters['x']}}`, …);
//! a concatenation holding placeholders becomes KFP's structured `{"Concat": [...]}` string.

use std::collections::BTreeSet;

use pipec_dsl::ir::{Arg, Component, Placeholder};
use serde_json::Value;

use super::python_json;

/// A component's command line. `artifact_lists` names inputs that receive a list of artifacts.
pub struct CommandLine<'c> {
    /// The component whose inputs and outputs the placeholders name.
    pub component: &'c Component,
    /// Artifact inputs that receive a loop's collected artifacts.
    pub artifact_lists: &'c BTreeSet<String>,
}

impl CommandLine<'_> {
    /// Every element as KFP writes it.
    pub fn render(&self, args: &[Arg]) -> Result<Vec<String>, String> {
        args.iter().map(|a| self.element(a)).collect()
    }

    fn element(&self, arg: &Arg) -> Result<String, String> {
        match arg {
            Arg::Text(t) => Ok(t.clone()),
            Arg::Placeholder(p) => self.placeholder(p),
            Arg::Concat { concat } => {
                let mut parts = Vec::new();
                self.flatten(concat, &mut parts)?;
                if parts.iter().all(|(_, is_placeholder)| !is_placeholder) {
                    return Ok(parts.into_iter().map(|(text, _)| text).collect());
                }
                let items = parts.into_iter().map(|(text, _)| Value::String(text));
                let concat = serde_json::json!({ "Concat": items.collect::<Vec<_>>() });
                Ok(python_json::dumps(&concat))
            }
        }
    }

    /// Nested concatenations joined into one list of (text, is placeholder).
    fn flatten(&self, args: &[Arg], out: &mut Vec<(String, bool)>) -> Result<(), String> {
        for arg in args {
            match arg {
                Arg::Text(t) => out.push((t.clone(), false)),
                Arg::Placeholder(p) => out.push((self.placeholder(p)?, true)),
                Arg::Concat { concat } => self.flatten(concat, out)?,
            }
        }
        Ok(())
    }

    fn placeholder(&self, p: &Placeholder) -> Result<String, String> {
        let c = self.component;
        match p {
            Placeholder::InputValue(n) => match c.input(n).map(|i| i.ty.is_artifact()) {
                Some(false) => Ok(format!("{{{{$.inputs.parameters['{n}']}}}}")),
                Some(true) => Err(format!(
                    "component `{}` passes artifact input `{n}` by value; use its path",
                    c.name
                )),
                None => Err(unknown(c, "input", n)),
            },
            Placeholder::InputPath(n) => match c.input(n).map(|i| i.ty.is_artifact()) {
                Some(true) if self.artifact_lists.contains(n) => Err(format!(
                    "component `{}` asks for the path of `{n}`, which receives a list of \
                     artifacts; KFP gives no single path for a list",
                    c.name
                )),
                Some(true) => Ok(format!("{{{{$.inputs.artifacts['{n}'].path}}}}")),
                Some(false) => Err(format!(
                    "component `{}` asks for the path of parameter input `{n}`; KFP passes \
                     parameters by value",
                    c.name
                )),
                None => Err(unknown(c, "input", n)),
            },
            Placeholder::OutputPath(n) => match c.output(n).map(|o| o.ty.is_artifact()) {
                Some(true) => Ok(format!("{{{{$.outputs.artifacts['{n}'].path}}}}")),
                Some(false) => Ok(format!("{{{{$.outputs.parameters['{n}'].output_file}}}}")),
                None => Err(unknown(c, "output", n)),
            },
        }
    }
}

fn unknown(c: &Component, kind: &str, name: &str) -> String {
    format!("component `{}` has no {kind} `{name}`", c.name)
}

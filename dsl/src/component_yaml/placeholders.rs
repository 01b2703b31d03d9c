//! Resolving the command line: each placeholder's name is looked up among the declared inputs
//! and outputs, replaced by its IR name, and each input's uses are recorded so its kind
//! (parameter or artifact) can be decided from how the command line reads it.

use serde_saphyr::Spanned;

use super::command_line::RawArg;
use super::error::{ComponentYamlError, ErrorKind, Position};
use super::interface::Names;
use crate::ir::{Arg, Placeholder};

/// A place in the file where a placeholder appears.
#[derive(Debug, Clone)]
pub(super) struct Site {
    /// The field path, e.g. `implementation.container.args[3].concat[1]`.
    pub field: String,
    pub position: Option<Position>,
}

/// How the command line reads one input: the first `inputValue` and `inputPath` naming it.
#[derive(Debug, Clone, Default)]
pub(super) struct InputUse {
    pub by_value: Option<Site>,
    pub by_path: Option<Site>,
}

/// Lowers command-line elements to IR arguments against the declared names.
pub(super) struct Resolver<'a> {
    inputs: &'a Names,
    outputs: &'a Names,
    uses: Vec<InputUse>,
}

impl<'a> Resolver<'a> {
    /// A resolver for a component with these inputs (`input_count` of them) and outputs.
    pub fn new(inputs: &'a Names, outputs: &'a Names, input_count: usize) -> Self {
        Resolver {
            inputs,
            outputs,
            uses: vec![InputUse::default(); input_count],
        }
    }

    /// How each input (by declaration index) is read.
    pub fn into_uses(self) -> Vec<InputUse> {
        self.uses
    }

    /// Lower a list of elements found at `field` (e.g. `implementation.container.args`).
    pub fn lower_all(
        &mut self,
        args: &[Spanned<RawArg>],
        field: &str,
    ) -> Result<Vec<Arg>, ComponentYamlError> {
        args.iter()
            .enumerate()
            .map(|(i, arg)| self.lower(arg, format!("{field}[{i}]")))
            .collect()
    }

    fn lower(&mut self, arg: &Spanned<RawArg>, field: String) -> Result<Arg, ComponentYamlError> {
        let site = Site {
            position: Position::of(arg),
            field,
        };
        match &arg.value {
            RawArg::Text(text) => Ok(Arg::Text(text.clone())),
            RawArg::InputValue(name) => {
                let index = self.input(name, "inputValue", &site)?;
                self.uses[index].by_value.get_or_insert(site);
                Ok(placeholder(Placeholder::InputValue(
                    self.inputs.ir(index).into(),
                )))
            }
            RawArg::InputPath(name) => {
                let index = self.input(name, "inputPath", &site)?;
                self.uses[index].by_path.get_or_insert(site);
                Ok(placeholder(Placeholder::InputPath(
                    self.inputs.ir(index).into(),
                )))
            }
            RawArg::OutputPath(name) => {
                let index = self.output(name, &site)?;
                Ok(placeholder(Placeholder::OutputPath(
                    self.outputs.ir(index).into(),
                )))
            }
            RawArg::Concat(parts) => Ok(Arg::Concat {
                concat: self.lower_all(parts, &format!("{}.concat", site.field))?,
            }),
            RawArg::Unsupported(key) => Err(error(ErrorKind::Unsupported, unsupported(key), site)),
            RawArg::Invalid(why) => Err(error(ErrorKind::BadArg, why.clone(), site)),
        }
    }

    fn input(&self, name: &str, key: &str, site: &Site) -> Result<usize, ComponentYamlError> {
        if let Some(index) = self.inputs.index(name) {
            return Ok(index);
        }
        let hint = if self.outputs.index(name).is_some() {
            format!("{name:?} is an output: write to it with {{outputPath: {name}}}")
        } else {
            self.inputs.listing()
        };
        let message = format!("{{{key}: {name}}} names no declared input; {hint}");
        Err(error(ErrorKind::Undeclared, message, site.clone()))
    }

    fn output(&self, name: &str, site: &Site) -> Result<usize, ComponentYamlError> {
        if let Some(index) = self.outputs.index(name) {
            return Ok(index);
        }
        let hint = if self.inputs.index(name).is_some() {
            format!(
                "{name:?} is an input: read it with {{inputValue: {name}}} or {{inputPath: {name}}}"
            )
        } else {
            self.outputs.listing()
        };
        let message = format!("{{outputPath: {name}}} names no declared output; {hint}");
        Err(error(ErrorKind::Undeclared, message, site.clone()))
    }
}

fn placeholder(p: Placeholder) -> Arg {
    Arg::Placeholder(p)
}

fn error(kind: ErrorKind, message: String, site: Site) -> ComponentYamlError {
    ComponentYamlError::new(kind, message)
        .field(site.field)
        .at(site.position)
}

/// Why a placeholder KFP knows is not accepted, and what to write instead.
fn unsupported(key: &str) -> String {
    match key {
        "if" | "ifPresent" | "isPresent" => format!(
            "`{key}` placeholders (e.g. {{if: {{cond: {{isPresent: x}}, then: [...]}}}}) are not \
             supported: a pipec command line has no conditional parts; give the input a default \
             and pass it unconditionally"
        ),
        "inputUri" | "outputUri" => format!(
            "`{key}` placeholders are not supported; read and write artifacts through local \
             paths with inputPath and outputPath"
        ),
        _ => format!("`{key}` placeholders are not supported by pipec"),
    }
}

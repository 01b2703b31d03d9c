//! The parsed file to an IR [`Component`]: name, container, command line, inputs and outputs.

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use super::command_line::RawArg;
use super::env::RawEnv;
use super::error::{ComponentYamlError, ErrorKind, Position};
use super::interface::{Names, Side};
use super::io_spec;
use super::model::{RawComponent, RawContainer, RawImplementation};
use super::names::component_key;
use super::placeholders::Resolver;
use crate::ir::{Component, ContainerSpec, EnvVar, Implementation};
use crate::name::is_env_var_name;

const CONTAINER: &str = "implementation.container";

/// Convert a parsed file. Errors carry no origin yet; the caller adds it.
pub(super) fn component(raw: RawComponent) -> Result<Component, ComponentYamlError> {
    let name = key(raw.name.as_ref())?;
    let container = container(raw.implementation)?;
    let image = image(&container)?;
    let raw_inputs = raw.inputs.unwrap_or_default();
    let raw_outputs = raw.outputs.unwrap_or_default();
    let inputs = Names::new(Side::Input, raw_inputs.iter().map(|i| &i.value.name))?;
    let outputs = Names::new(Side::Output, raw_outputs.iter().map(|o| &o.value.name))?;

    let container = container.value;
    let mut resolver = Resolver::new(&inputs, &outputs, raw_inputs.len());
    let command = resolver.lower_all(
        container.command.as_deref().unwrap_or_default(),
        &format!("{CONTAINER}.command"),
    )?;
    let args = resolver.lower_all(
        container.args.as_deref().unwrap_or_default(),
        &format!("{CONTAINER}.args"),
    )?;
    let env = env(container.env)?;
    let uses = resolver.into_uses();

    let input_specs = raw_inputs
        .iter()
        .zip(&uses)
        .enumerate()
        .map(|(i, (raw, used))| io_spec::input(i, &raw.value, inputs.ir(i), used))
        .collect::<Result<Vec<_>, _>>()?;
    let output_specs = raw_outputs
        .iter()
        .enumerate()
        .map(|(i, raw)| io_spec::output(i, &raw.value, outputs.ir(i)))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Component {
        name,
        description: raw.description,
        inputs: input_specs,
        outputs: output_specs,
        implementation: Implementation::Container(ContainerSpec {
            image,
            command,
            args,
            env,
            working_dir: None,
        }),
    })
}

fn key(name: Option<&Spanned<String>>) -> Result<String, ComponentYamlError> {
    let Some(name) = name else {
        return Err(ComponentYamlError::new(
            ErrorKind::Missing,
            "missing; the component's name gives its key in a pipeline",
        )
        .field("name"));
    };
    let key = component_key(&name.value);
    if key.is_empty() {
        return Err(ComponentYamlError::new(
            ErrorKind::BadName,
            format!(
                "{:?} has no letters or digits to make a component key from",
                name.value
            ),
        )
        .field("name")
        .at(Position::of(name)));
    }
    Ok(key)
}

fn container(
    implementation: Option<Spanned<RawImplementation>>,
) -> Result<Spanned<RawContainer>, ComponentYamlError> {
    let Some(implementation) = implementation else {
        return Err(ComponentYamlError::new(
            ErrorKind::Missing,
            "missing; a component needs `implementation: {container: {image: ..., command: [...]}}`",
        )
        .field("implementation"));
    };
    let position = Position::of(&implementation);
    if let Some(graph) = &implementation.value.graph {
        return Err(ComponentYamlError::new(
            ErrorKind::Unsupported,
            "graph components are not supported; load the components its tasks use and wire \
             them in a pipec pipeline",
        )
        .field("implementation.graph")
        .at(Position::of(graph)));
    }
    let Some(container) = implementation.value.container else {
        return Err(ComponentYamlError::new(
            ErrorKind::Missing,
            "missing; pipec loads container components (`implementation: {container: ...}`)",
        )
        .field(CONTAINER)
        .at(position));
    };
    if let Some(file_outputs) = &container.value.file_outputs {
        return Err(ComponentYamlError::new(
            ErrorKind::Unsupported,
            "fileOutputs is not supported; pass each output's path on the command line with \
             {outputPath: name}",
        )
        .field(format!("{CONTAINER}.fileOutputs"))
        .at(Position::of(file_outputs)));
    }
    Ok(container)
}

fn image(container: &Spanned<RawContainer>) -> Result<String, ComponentYamlError> {
    let missing = |message: &str, position| {
        Err(ComponentYamlError::new(ErrorKind::Missing, message)
            .field(format!("{CONTAINER}.image"))
            .at(position))
    };
    match &container.value.image {
        None => missing(
            "missing; name the container image, e.g. `image: python:3.12`",
            Position::of(container),
        ),
        Some(image) if image.value.trim().is_empty() => {
            missing("empty; name the container image", Position::of(image))
        }
        Some(image) => Ok(image.value.clone()),
    }
}

/// The environment in file order; values must be literal text.
fn env(env: Option<RawEnv>) -> Result<Vec<EnvVar>, ComponentYamlError> {
    let mut seen = BTreeSet::new();
    let mut vars = Vec::new();
    for (name, value) in env.map(|e| e.0).unwrap_or_default() {
        let field = format!("{CONTAINER}.env.{}", name.value);
        if !is_env_var_name(&name.value) {
            return Err(ComponentYamlError::new(
                ErrorKind::BadName,
                format!(
                    "{:?} is not an environment variable name Kubernetes accepts (letters, \
                     digits, `_`, `-` and `.`, not starting with a digit)",
                    name.value
                ),
            )
            .field(field)
            .at(Position::of(&name)));
        }
        if !seen.insert(name.value.clone()) {
            return Err(ComponentYamlError::new(
                ErrorKind::Duplicate,
                format!("environment variable {:?} is set twice", name.value),
            )
            .field(field)
            .at(Position::of(&name)));
        }
        let position = Position::of(&value);
        let text = match value.value {
            RawArg::Text(text) => text,
            RawArg::Invalid(why) => {
                return Err(ComponentYamlError::new(ErrorKind::BadArg, why)
                    .field(field)
                    .at(position));
            }
            _ => {
                return Err(ComponentYamlError::new(
                    ErrorKind::Unsupported,
                    "environment values must be literal text; pass inputs on the command line",
                )
                .field(field)
                .at(position));
            }
        };
        vars.push(EnvVar {
            name: name.value,
            value: text,
        });
    }
    Ok(vars)
}

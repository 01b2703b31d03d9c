//! Kubernetes resource steps (`resource` templates): apply, create, patch or delete an object.

use pipec_dsl::ir::{Component, IoType, ResourceOutput, ResourceSpec, Task};

use super::model::{Inputs, Outputs, Parameter, ResourceTemplate, Template, ValueFrom};
use super::options::ArgoOptions;
use super::{container, pod};
use crate::CompileError;

/// The template a task of a resource component runs.
pub(super) fn step(
    component: &Component,
    spec: &ResourceSpec,
    task: &Task,
    options: &ArgoOptions,
    at: &str,
) -> Result<Template, CompileError> {
    reject_container_settings(task, at)?;
    let inputs = container::inputs(component);
    if !inputs.artifacts.is_empty() {
        return Err(CompileError::unsupported(
            at,
            "a resource step takes parameters only, not artifacts",
        ));
    }
    let mut template = Template {
        inputs: Inputs {
            parameters: inputs.parameters,
            artifacts: Vec::new(),
        },
        outputs: outputs(component, spec, at)?,
        resource: Some(Box::new(ResourceTemplate {
            action: spec.action.clone(),
            set_owner_reference: spec.set_owner_reference,
            success_condition: spec.success_condition.clone(),
            failure_condition: spec.failure_condition.clone(),
            manifest: manifest(component, &spec.manifest),
        })),
        ..Template::default()
    };
    pod::apply(&mut template, component, task, options, at)?;
    Ok(template)
}

/// The manifest with each `{{inputs.NAME}}` turned into Argo's `{{inputs.parameters.NAME}}`.
fn manifest(component: &Component, text: &str) -> String {
    component.inputs.iter().fold(text.to_string(), |m, i| {
        m.replace(
            &format!("{{{{inputs.{}}}}}", i.name),
            &format!("{{{{inputs.parameters.{}}}}}", i.name),
        )
    })
}

fn outputs(component: &Component, spec: &ResourceSpec, at: &str) -> Result<Outputs, CompileError> {
    let mut parameters = Vec::new();
    for o in &component.outputs {
        let path = match (o.ty, spec.outputs.get(&o.name)) {
            (IoType::Param(_), Some(ResourceOutput::JsonPath(p))) => p.clone(),
            _ => {
                return Err(CompileError::unsupported(
                    at,
                    format!(
                        "output `{}` of a resource step must be a parameter read by a JSONPath",
                        o.name
                    ),
                ));
            }
        };
        parameters.push(Parameter {
            name: o.name.clone(),
            value_from: Some(Box::new(ValueFrom {
                json_path: Some(path),
                ..ValueFrom::default()
            })),
            ..Parameter::default()
        });
    }
    Ok(Outputs {
        parameters,
        artifacts: Vec::new(),
    })
}

/// Settings of the step's own container, which a resource step does not have.
fn reject_container_settings(task: &Task, at: &str) -> Result<(), CompileError> {
    let pod = task.pod();
    let set = [
        (!pod.resources.is_empty(), "resources"),
        (
            !pod.env.is_empty() || !pod.secret_env.is_empty(),
            "environment variables",
        ),
        (!pod.volumes.is_empty(), "volumes"),
    ];
    match set.iter().find(|(on, _)| *on) {
        Some((_, what)) => Err(CompileError::unsupported(
            at,
            format!("a resource step runs no container of its own, so it cannot take {what}"),
        )),
        None => Ok(()),
    }
}

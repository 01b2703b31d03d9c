//! Executors: a container (image, command line, env, resources) or an importer.

use std::collections::BTreeSet;

use pipec_dsl::ir::{self, Argument, Component, ImporterSpec, Resources, Task};

use super::command::CommandLine;
use super::io_types::artifact_schema;
use super::model::{
    AcceleratorConfig, ContainerSpec, EnvVar, ExecutorSpec, ResourceSpec, ValueOrRuntimeParameter,
};

/// The container executor of one task of a container component. Task-level env and resources
/// belong to the executor in KFP, so they are part of it.
pub fn container(
    spec: &ir::ContainerSpec,
    component: &Component,
    task: &Task,
    artifact_lists: &BTreeSet<String>,
) -> Result<ExecutorSpec, String> {
    if spec.working_dir.is_some() {
        return Err(format!(
            "component `{}` sets a working directory, which KFP containers cannot; \
             change directory in the command instead",
            component.name
        ));
    }
    let line = CommandLine {
        component,
        artifact_lists,
    };
    let env = spec.env.iter().chain(&task.pod().env).map(|e| EnvVar {
        name: e.name.clone(),
        value: e.value.clone(),
    });
    Ok(ExecutorSpec::Container(ContainerSpec {
        args: line.render(&spec.args)?,
        command: line.render(&spec.command)?,
        env: env.collect(),
        image: spec.image.clone(),
        resources: resources(&task.pod().resources),
    }))
}

/// CPU, memory and accelerators as the `resource*` quantity strings the current SDK writes.
fn resources(r: &Resources) -> Option<ResourceSpec> {
    if r.is_empty() {
        return None;
    }
    // The accelerator model is a node selector (see `kubernetes`), not a container resource.
    let accelerator = match &r.accelerator {
        Some(a) if a.count > 0 => Some(AcceleratorConfig {
            resource_count: a.count.to_string(),
            resource_type: a.resource.clone(),
        }),
        _ => None,
    };
    Some(ResourceSpec {
        accelerator,
        resource_cpu_limit: r.cpu_limit.clone(),
        resource_cpu_request: r.cpu_request.clone(),
        resource_memory_limit: r.memory_limit.clone(),
        resource_memory_request: r.memory_request.clone(),
    })
}

/// The importer executor of one importer task: a constant URI is written into the executor, any
/// other value is read from the task's `uri` input at run time.
pub fn importer(spec: &ImporterSpec, task: &Task) -> Result<ExecutorSpec, String> {
    let artifact_uri = match task.arguments.get("uri") {
        Some(Argument::Constant(v)) => ValueOrRuntimeParameter::Constant(v.clone()),
        Some(_) => ValueOrRuntimeParameter::RuntimeParameter("uri".to_string()),
        None => return Err("the importer task passes no `uri`".to_string()),
    };
    Ok(ExecutorSpec::Importer(super::model::ImporterSpec {
        artifact_uri,
        reimport: spec.reimport,
        type_schema: artifact_schema(spec.artifact_type),
    }))
}

//! Container steps: one template per component and distinct pod settings.
//!
//! Input artifacts are placed at `/tmp/inputs/<name>`; outputs (artifacts and parameters alike)
//! are written to `/tmp/outputs/<name>`, on an `emptyDir` volume mounted at `/tmp/outputs` so the
//! directory exists whatever the image holds.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use pipec_dsl::ir::{
    Arg, Argument, Component, ContainerSpec, IoType, Placeholder, Settings, Task, VolumeSource,
};
use pipec_dsl::name::sanitize;

use super::model::{Artifact, Inputs, Outputs, Parameter, Template, ValueFrom};
use super::options::ArgoOptions;
use super::{pod, repository};
use crate::CompileError;

/// Where input artifacts are placed.
pub const INPUTS_DIR: &str = "/tmp/inputs";
/// Where outputs are written.
pub const OUTPUTS_DIR: &str = "/tmp/outputs";
/// The `emptyDir` volume mounted at [`OUTPUTS_DIR`].
pub const OUTPUTS_VOLUME: &str = "pipec-outputs";

/// A step template and the extra arguments its tasks pass (claim names of mounted volumes).
#[derive(Debug)]
pub(super) struct Step<'a> {
    /// The template, without a name yet.
    pub template: Template,
    /// Extra input parameters of the template and the task argument for each.
    pub claims: Vec<(String, &'a Argument)>,
}

/// The template a task of a container component runs.
pub(super) fn step<'a>(
    component: &Component,
    spec: &ContainerSpec,
    task: &'a Task,
    settings: &Settings,
    options: &ArgoOptions,
    at: &str,
) -> Result<Step<'a>, CompileError> {
    let mut template = Template {
        inputs: inputs(component),
        outputs: outputs(component, settings),
        ..Template::default()
    };
    pod::apply(&mut template, component, task, options, at)?;
    let mut mounts = Vec::new();
    let mut claims = Vec::new();
    if !template.outputs.is_empty() {
        template.volumes.push(core::Volume {
            name: OUTPUTS_VOLUME.to_string(),
            empty_dir: Some(core::EmptyDirVolumeSource::default()),
            ..Default::default()
        });
        mounts.push(mount(OUTPUTS_VOLUME, OUTPUTS_DIR, None));
    }
    for (i, m) in task.pod().volumes.iter().enumerate() {
        let name = match &m.source {
            VolumeSource::Created(claim) => {
                if !settings.volumes.iter().any(|v| &v.name == claim) {
                    return Err(CompileError::unsupported(
                        at,
                        format!("volume `{claim}` is not one of the pipeline's `settings.volumes`"),
                    ));
                }
                sanitize(claim)
            }
            VolumeSource::Pvc(arg) => {
                let name = format!("pvc-{i}");
                let claim_name = match arg {
                    Argument::Constant(serde_json::Value::String(s)) => s.clone(),
                    Argument::Constant(other) => {
                        return Err(CompileError::unsupported(
                            at,
                            format!("a claim name is a string, not {other}"),
                        ));
                    }
                    // Passed per task, so tasks mounting different claims share the template.
                    _ => {
                        template.inputs.parameters.push(Parameter {
                            name: name.clone(),
                            ..Parameter::default()
                        });
                        claims.push((name.clone(), arg));
                        format!("{{{{inputs.parameters.{name}}}}}")
                    }
                };
                template.volumes.push(core::Volume {
                    name: name.clone(),
                    persistent_volume_claim: Some(core::PersistentVolumeClaimVolumeSource {
                        claim_name,
                        read_only: None,
                    }),
                    ..Default::default()
                });
                name
            }
        };
        mounts.push(mount(&name, &m.mount_path, m.sub_path.clone()));
    }
    let (requests, limits) = resources(task, &mut template.node_selector, options);
    let text = |args: &[Arg]| -> Result<Option<Vec<String>>, CompileError> {
        let out = args
            .iter()
            .map(|a| render(a, component, at))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((!out.is_empty()).then_some(out))
    };
    template.container = Some(Box::new(core::Container {
        // Argo names the main container `main` whatever is written; say so.
        name: "main".to_string(),
        image: Some(spec.image.clone()),
        command: text(&spec.command)?,
        args: text(&spec.args)?,
        working_dir: spec.working_dir.clone(),
        env: env(spec, task),
        resources: (!requests.is_empty() || !limits.is_empty()).then(|| {
            core::ResourceRequirements {
                requests: (!requests.is_empty()).then_some(requests),
                limits: (!limits.is_empty()).then_some(limits),
                claims: None,
            }
        }),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        ..Default::default()
    }));
    Ok(Step { template, claims })
}

/// The template inputs of a component: parameters (with defaults) and artifacts (with paths).
pub(super) fn inputs(component: &Component) -> Inputs {
    let mut inputs = Inputs::default();
    for i in &component.inputs {
        match i.ty {
            IoType::Param(_) => inputs.parameters.push(Parameter {
                name: i.name.clone(),
                // An optional input without default reads as empty text when not passed.
                default: match (&i.default, i.optional) {
                    (Some(d), _) => Some(text_of(d)),
                    (None, true) => Some(String::new()),
                    (None, false) => None,
                },
                ..Parameter::default()
            }),
            IoType::Artifact(_) => inputs.artifacts.push(Artifact {
                name: i.name.clone(),
                path: Some(format!("{INPUTS_DIR}/{}", i.name)),
                optional: i.optional,
                ..Artifact::default()
            }),
        }
    }
    inputs
}

fn outputs(component: &Component, settings: &Settings) -> Outputs {
    let mut outputs = Outputs::default();
    for o in &component.outputs {
        let path = format!("{OUTPUTS_DIR}/{}", o.name);
        match o.ty {
            IoType::Param(_) => outputs.parameters.push(Parameter {
                name: o.name.clone(),
                value_from: Some(Box::new(ValueFrom {
                    path: Some(path),
                    ..ValueFrom::default()
                })),
                ..Parameter::default()
            }),
            IoType::Artifact(_) => outputs.artifacts.push(Artifact {
                name: o.name.clone(),
                path: Some(path),
                s3: repository::output_location(settings, &o.name),
                ..Artifact::default()
            }),
        }
    }
    outputs
}

/// A JSON value as Argo parameter text: strings as they are, everything else as JSON.
pub(super) fn text_of(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render(arg: &Arg, component: &Component, at: &str) -> Result<String, CompileError> {
    match arg {
        Arg::Text(t) => Ok(t.clone()),
        Arg::Concat { concat } => concat.iter().map(|a| render(a, component, at)).collect(),
        Arg::Placeholder(p) => placeholder(p, component, at),
    }
}

fn placeholder(p: &Placeholder, component: &Component, at: &str) -> Result<String, CompileError> {
    let wrong = |what: &str| {
        CompileError::unsupported(
            at,
            format!(
                "placeholder for `{}` of component `{}`: {what}",
                p.name(),
                component.name
            ),
        )
    };
    match p {
        Placeholder::InputValue(n) => match component.input(n).map(|i| i.ty) {
            Some(IoType::Param(_)) => Ok(format!("{{{{inputs.parameters.{n}}}}}")),
            Some(IoType::Artifact(_)) => Err(wrong("an artifact has a path, not a value")),
            None => Err(wrong("no such input")),
        },
        Placeholder::InputPath(n) => match component.input(n).map(|i| i.ty) {
            Some(IoType::Artifact(_)) => Ok(format!("{INPUTS_DIR}/{n}")),
            Some(IoType::Param(_)) => Err(wrong("a parameter has a value, not a path")),
            None => Err(wrong("no such input")),
        },
        Placeholder::OutputPath(n) => match component.output(n) {
            Some(_) => Ok(format!("{OUTPUTS_DIR}/{n}")),
            None => Err(wrong("no such output")),
        },
    }
}

fn env(spec: &ContainerSpec, task: &Task) -> Option<Vec<core::EnvVar>> {
    let literal = spec
        .env
        .iter()
        .chain(&task.pod().env)
        .map(|e| core::EnvVar {
            name: e.name.clone(),
            value: Some(e.value.clone()),
            value_from: None,
        });
    let secret = task.pod().secret_env.iter().map(|s| core::EnvVar {
        name: s.name.clone(),
        value: None,
        value_from: Some(core::EnvVarSource {
            secret_key_ref: Some(core::SecretKeySelector {
                name: s.secret.clone(),
                key: s.key.clone(),
                optional: None,
            }),
            ..Default::default()
        }),
    });
    let all: Vec<_> = literal.chain(secret).collect();
    (!all.is_empty()).then_some(all)
}

type Quantities = BTreeMap<String, Quantity>;

/// Requests and limits; an accelerator is an extended resource (a limit, which Kubernetes also
/// uses as the request) and its model a node selector.
fn resources(
    task: &Task,
    node_selector: &mut BTreeMap<String, String>,
    options: &ArgoOptions,
) -> (Quantities, Quantities) {
    let r = &task.pod().resources;
    let mut requests = Quantities::new();
    let mut limits = Quantities::new();
    let put = |map: &mut Quantities, key: &str, v: &Option<String>| {
        if let Some(v) = v {
            map.insert(key.to_string(), Quantity(v.clone()));
        }
    };
    put(&mut requests, "cpu", &r.cpu_request);
    put(&mut requests, "memory", &r.memory_request);
    put(&mut limits, "cpu", &r.cpu_limit);
    put(&mut limits, "memory", &r.memory_limit);
    if let Some(a) = &r.accelerator {
        limits.insert(a.resource.clone(), Quantity(a.count.to_string()));
        if let Some(model) = &a.ty {
            node_selector.insert(options.accelerator_label().to_string(), model.clone());
        }
    }
    (requests, limits)
}

fn mount(name: &str, path: &str, sub_path: Option<String>) -> core::VolumeMount {
    core::VolumeMount {
        name: name.to_string(),
        mount_path: path.to_string(),
        sub_path,
        ..Default::default()
    }
}

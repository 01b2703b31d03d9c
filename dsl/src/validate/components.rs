//! Components: each is filed under its own name and its implementation matches its interface.
//!
//! Container placeholders name declared inputs and outputs of the right kind (`input_value` a
//! parameter input, `input_path` an artifact input, `output_path` an output); an importer has the
//! `uri` input and `artifact` output it promises; a resource step names a known action and declared
//! inputs and outputs; a nested pipeline's parameters and outputs are the component's inputs and
//! outputs, and the nested pipeline is itself validated, its errors placed under the component.

use super::ValidationError;
use super::index::Index;
use super::location::Location;
use super::rules;
use super::rules::Part;
use super::suggestion::hint;
use super::types::a;
use crate::ir::{
    Arg, Component, ContainerSpec, Implementation, ImporterSpec, IoType, ParamType, Pipeline,
    Placeholder, ResourceSpec,
};

/// The actions of a Kubernetes resource step.
const RESOURCE_ACTIONS: [&str; 5] = ["create", "apply", "patch", "replace", "delete"];

/// Check every component.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for (key, component) in &index.pipeline.components {
        let location = index.location.then(format_args!("component {key}"));
        if component.name != *key {
            errors.push(location.error(format!(
                "the component is listed as `{key}` but named `{}`; make the two the same",
                component.name
            )));
        }
        match &component.implementation {
            Implementation::Container(spec) => check_container(&location, component, spec, errors),
            Implementation::Importer(spec) => check_importer(&location, component, spec, errors),
            Implementation::Resource(spec) => check_resource(&location, component, spec, errors),
            Implementation::Pipeline(nested) => {
                check_interface(&location, component, nested, errors);
                errors.extend(rules::check(nested).into_iter().map(|e| location.adopt(e)));
            }
        }
    }
}

fn check_container(
    location: &Location,
    component: &Component,
    spec: &ContainerSpec,
    errors: &mut Vec<ValidationError>,
) {
    if spec.image.trim().is_empty() {
        errors.push(
            location.error("the container image is empty; name an image such as `alpine:3.20`"),
        );
    }
    for (field, args) in [("command", &spec.command), ("args", &spec.args)] {
        for (i, arg) in args.iter().enumerate() {
            for placeholder in Arg::placeholders(arg) {
                if let Some(message) = placeholder_problem(component, placeholder) {
                    errors.push(location.then(format_args!("{field}[{i}]")).error(message));
                }
            }
        }
    }
}

fn placeholder_problem(component: &Component, placeholder: &Placeholder) -> Option<String> {
    let name = placeholder.name();
    let inputs = || component.inputs.iter().map(|i| i.name.as_str());
    match placeholder {
        Placeholder::InputValue(_) | Placeholder::InputPath(_) => {
            let Some(input) = component.input(name) else {
                return Some(format!(
                    "no input `{name}` is declared{}",
                    hint(name, inputs())
                ));
            };
            match (placeholder, input.ty.is_artifact()) {
                (Placeholder::InputValue(_), true) => Some(format!(
                    "`input_value` of artifact input `{name}`: an artifact is a file, so use \
                     `input_path`"
                )),
                (Placeholder::InputPath(_), false) => Some(format!(
                    "`input_path` of parameter input `{name}`: use `input_value` for a \
                     parameter's value"
                )),
                _ => None,
            }
        }
        Placeholder::OutputPath(_) => component.output(name).is_none().then(|| {
            let outputs = component.outputs.iter().map(|o| o.name.as_str());
            format!("no output `{name}` is declared{}", hint(name, outputs))
        }),
    }
}

fn check_importer(
    location: &Location,
    component: &Component,
    spec: &ImporterSpec,
    errors: &mut Vec<ValidationError>,
) {
    let uri_ok = component.inputs.len() == 1
        && component
            .input("uri")
            .is_some_and(|i| i.ty == IoType::Param(ParamType::String));
    if !uri_ok {
        errors.push(
            location.error(
                "an importer has exactly one input, `uri` (string); declare just that input",
            ),
        );
    }
    let expected = IoType::Artifact(spec.artifact_type);
    let artifact_ok = component.outputs.len() == 1
        && component
            .output("artifact")
            .is_some_and(|o| o.ty == expected);
    if !artifact_ok {
        errors.push(location.error(format!(
            "an importer has exactly one output, `artifact` ({}, its artifact_type); declare \
             just that output",
            spec.artifact_type.name()
        )));
    }
}

fn check_resource(
    location: &Location,
    component: &Component,
    spec: &ResourceSpec,
    errors: &mut Vec<ValidationError>,
) {
    if !RESOURCE_ACTIONS.contains(&spec.action.as_str()) {
        errors.push(location.then("action").error(format!(
            "unknown action `{}`; use one of {}",
            spec.action,
            RESOURCE_ACTIONS.join(", ")
        )));
    }
    for name in manifest_inputs(&spec.manifest) {
        if component.input(name).is_none() {
            let inputs = component.inputs.iter().map(|i| i.name.as_str());
            errors.push(location.then("manifest").error(format!(
                "`{{{{inputs.{name}}}}}` names no declared input{}",
                hint(name, inputs)
            )));
        }
    }
    for name in spec.outputs.keys() {
        if component.output(name).is_none() {
            let outputs = component.outputs.iter().map(|o| o.name.as_str());
            errors.push(location.then(format_args!("output {name}")).error(format!(
                "`{name}` is read from the object but not declared as an output{}",
                hint(name, outputs)
            )));
        }
    }
}

/// The names in `{{inputs.NAME}}` references of a manifest, in order.
fn manifest_inputs(manifest: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = manifest;
    while let Some(start) = rest.find("{{inputs.") {
        let after = &rest[start + "{{inputs.".len()..];
        let Some(end) = after.find("}}") else {
            break;
        };
        names.push(after[..end].trim());
        rest = &after[end..];
    }
    names
}

/// A nested pipeline's parameters are the component's inputs and its outputs the component's
/// outputs, with the same types.
fn check_interface(
    location: &Location,
    component: &Component,
    nested: &Pipeline,
    errors: &mut Vec<ValidationError>,
) {
    for p in &nested.parameters {
        let expected = IoType::Param(p.ty);
        match component.input(&p.name) {
            None => errors.push(location.error(format!(
                "pipeline `{}` has parameter `{}` ({}), which the component does not declare; \
                 add input `{}` of type {}",
                nested.name, p.name, p.ty.name(), p.name, p.ty.name()
            ))),
            Some(i) if i.ty != expected => errors.push(location.then(format_args!("input {}", i.name)).error(format!(
                "the input is {} but parameter `{}` of pipeline `{}` is {}; declare the same type",
                a(i.ty.name()), p.name, nested.name, a(p.ty.name())
            ))),
            Some(_) => {}
        }
    }
    for i in &component.inputs {
        if nested.parameter(&i.name).is_none() {
            errors.push(location.then(format_args!("input {}", i.name)).error(format!(
                "pipeline `{}` has no parameter `{}`; remove the input or add the parameter",
                nested.name, i.name
            )));
        }
    }
    for o in &nested.outputs {
        match component.output(&o.name) {
            None => errors.push(location.error(format!(
                "pipeline `{}` has output `{}` ({}), which the component does not declare; add \
                 output `{}` of type {}",
                nested.name, o.name, o.ty.name(), o.name, o.ty.name()
            ))),
            Some(c) if c.ty != o.ty => errors.push(location.then(format_args!("output {}", c.name)).error(format!(
                "the output is {} but output `{}` of pipeline `{}` is {}; declare the same type",
                a(c.ty.name()), o.name, nested.name, a(o.ty.name())
            ))),
            Some(_) => {}
        }
    }
    for c in &component.outputs {
        if !nested.outputs.iter().any(|o| o.name == c.name) {
            errors.push(location.then(format_args!("output {}", c.name)).error(format!(
                "pipeline `{}` has no output `{}`; remove the output or add it to the pipeline",
                nested.name, c.name
            )));
        }
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{ArtifactType, IoSpec, PipelineOutput, ResourceOutput};

    fn container_of<'a>(p: &'a mut Pipeline, name: &str) -> &'a mut ContainerSpec {
        match &mut p.components.get_mut(name).unwrap().implementation {
            Implementation::Container(c) => c,
            _ => unreachable!("the fixture's components are containers"),
        }
    }

    #[test]
    fn placeholders() {
        let mut p = pipeline(vec![]);
        let c = container_of(&mut p, "consume");
        c.args = vec![
            Arg::Placeholder(Placeholder::InputValue("data".into())),
            Arg::Concat {
                concat: vec![
                    Arg::Text("--n=".into()),
                    Arg::Placeholder(Placeholder::InputPath("count".into())),
                ],
            },
            Arg::Placeholder(Placeholder::InputValue("lable".into())),
            Arg::Placeholder(Placeholder::OutputPath("out".into())),
        ];
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › component consume › args[0]: `input_value` of artifact input \
                 `data`: an artifact is a file, so use `input_path`",
                "pipeline t › component consume › args[1]: `input_path` of parameter input \
                 `count`: use `input_value` for a parameter's value",
                "pipeline t › component consume › args[2]: no input `lable` is declared; did \
                 you mean `label`?",
                "pipeline t › component consume › args[3]: no output `out` is declared",
            ]
        );
    }

    #[test]
    fn key_must_match_name() {
        let mut p = pipeline(vec![]);
        p.components.get_mut("echo").unwrap().name = "say".into();
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › component echo: the component is listed as `echo` but named `say`; \
              make the two the same"
            ]
        );
    }

    #[test]
    fn importers_and_resources() {
        let mut p = pipeline(vec![]);
        let importer = Component {
            name: "import".into(),
            description: None,
            inputs: vec![IoSpec::new("url", IoType::Param(ParamType::String))],
            outputs: vec![IoSpec::new(
                "artifact",
                IoType::Artifact(ArtifactType::Dataset),
            )],
            implementation: Implementation::Importer(ImporterSpec {
                artifact_type: ArtifactType::Model,
                reimport: false,
            }),
        };
        let resource = Component {
            name: "deploy".into(),
            description: None,
            inputs: vec![IoSpec::new("model_uri", IoType::Param(ParamType::String))],
            outputs: Vec::new(),
            implementation: Implementation::Resource(ResourceSpec {
                action: "upsert".into(),
                manifest: "uri: {{inputs.model_uri}}\nname: {{inputs.name}}\n".into(),
                success_condition: None,
                failure_condition: None,
                set_owner_reference: false,
                outputs: [(
                    "status".to_string(),
                    ResourceOutput::JsonPath("{.status}".into()),
                )]
                .into(),
            }),
        };
        p.components.insert("import".into(), importer);
        p.components.insert("deploy".into(), resource);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › component deploy › action: unknown action `upsert`; use one of \
                 create, apply, patch, replace, delete",
                "pipeline t › component deploy › manifest: `{{inputs.name}}` names no declared \
                 input; known: `model_uri`",
                "pipeline t › component deploy › output status: `status` is read from the \
                 object but not declared as an output",
                "pipeline t › component import: an importer has exactly one input, `uri` \
                 (string); declare just that input",
                "pipeline t › component import: an importer has exactly one output, `artifact` \
                 (model, its artifact_type); declare just that output",
            ]
        );
    }

    #[test]
    fn nested_pipelines() {
        let mut inner = pipeline(vec![node("x", "produce", [("rows", param("nope"))])]);
        inner.name = "inner".into();
        inner.outputs.push(PipelineOutput {
            name: "data".into(),
            ty: IoType::Artifact(ArtifactType::Dataset),
            from: output_ref("x", "data"),
        });
        let mut p = pipeline(vec![]);
        p.components.insert(
            "inner".into(),
            Component {
                name: "inner".into(),
                description: None,
                inputs: vec![IoSpec::new("rows", IoType::Param(ParamType::String))],
                outputs: vec![IoSpec::new("extra", IoType::Param(ParamType::Int))],
                implementation: Implementation::Pipeline(Box::new(inner)),
            },
        );
        let errors = run(check, &p);
        assert_eq!(
            errors,
            [
                "pipeline t › component inner › input rows: the input is a string but parameter \
                 `rows` of pipeline `inner` is an int; declare the same type",
                "pipeline t › component inner: pipeline `inner` has parameter `label` (string), \
                 which the component does not declare; add input `label` of type string",
                "pipeline t › component inner: pipeline `inner` has parameter `rate` (float), \
                 which the component does not declare; add input `rate` of type float",
                "pipeline t › component inner: pipeline `inner` has parameter `names` (list), \
                 which the component does not declare; add input `names` of type list",
                "pipeline t › component inner: pipeline `inner` has parameter `pvc` (string), \
                 which the component does not declare; add input `pvc` of type string",
                "pipeline t › component inner: pipeline `inner` has output `data` (dataset), \
                 which the component does not declare; add output `data` of type dataset",
                "pipeline t › component inner › output extra: pipeline `inner` has no output \
                 `extra`; remove the output or add it to the pipeline",
                "pipeline t › component inner › pipeline inner › task x › input rows: unknown \
                 pipeline parameter `nope`; known: `rows`, `label`, `rate`, `names`, `pvc`",
            ]
        );
    }
}

//! What `#[component]` and `#[pipeline]` expand to. Not a stable API: call the macros instead.

use crate::build::{BuildError, Container, Task, new_task, register_component, with_builder};
use crate::handle::{ArtifactKind, ArtifactRef, Param, ParamValue, Source};
use crate::ir::{self, Argument, IoSpec, IoType, Placeholder, TaskOutputRef};
use crate::{PipelineOutputs, PipelineReturn};

pub use crate::build::build_pipeline;

/// A parameter input of a component.
pub fn param_input<T: ParamValue>(name: &str, default: Option<T>, doc: Option<&str>) -> IoSpec {
    IoSpec {
        default: default.map(|d| d.to_json()),
        description: doc.map(str::to_string),
        ..IoSpec::new(name, IoType::Param(T::TYPE))
    }
}

/// An artifact input of a component.
pub fn artifact_input<A: ArtifactKind>(name: &str) -> IoSpec {
    IoSpec::new(name, IoType::Artifact(A::TYPE))
}

/// A parameter output of a component.
pub fn param_output<T: ParamValue>(name: &str) -> IoSpec {
    IoSpec::new(name, IoType::Param(T::TYPE))
}

/// An artifact output of a component.
pub fn artifact_output<A: ArtifactKind>(name: &str) -> IoSpec {
    IoSpec::new(name, IoType::Artifact(A::TYPE))
}

/// Inside a component body: the handle for the component's own parameter input.
pub fn placeholder_param<T: ParamValue>(name: &str) -> Param<T> {
    Param::from_source(Source::Placeholder(Placeholder::InputValue(
        name.to_string(),
    )))
}

/// The static description of a container component.
pub struct ContainerDecl<'a> {
    /// `module_path!()` of the definition.
    pub origin: &'a str,
    /// The function's name.
    pub name: &'a str,
    /// The doc comment.
    pub description: Option<&'a str>,
    /// The image.
    pub image: &'a str,
    /// Inputs.
    pub inputs: Vec<IoSpec>,
    /// Outputs.
    pub outputs: Vec<IoSpec>,
}

/// Register a container component (evaluating its body once per pipeline) and place a task
/// calling it. Returns the task's name.
pub fn call_container(
    decl: ContainerDecl<'_>,
    body: impl FnOnce() -> Container,
    arguments: Vec<(&str, Argument)>,
) -> String {
    let ContainerDecl {
        origin,
        name,
        description,
        image,
        inputs,
        outputs,
    } = decl;
    let key = register_component(
        origin,
        || {
            let spec = body().into_spec(image)?;
            Ok(ir::Component {
                name: name.to_string(),
                description: description.map(str::to_string),
                inputs,
                outputs,
                implementation: ir::Implementation::Container(spec),
            })
        },
        name,
    );
    place(key.as_deref().unwrap_or(name), arguments)
}

fn place(component: &str, arguments: Vec<(&str, Argument)>) -> String {
    let mut map = ir::ArgumentMap::new();
    for (input, argument) in arguments {
        if let Argument::Parameter(p) = &argument
            && p.starts_with("<input ")
        {
            with_builder(|b| {
                b.problems.push(format!(
                    "{component}: input {input} was given a component's own input handle; \
                     those exist only inside that component's body"
                ))
            });
        }
        map.insert(input.to_string(), argument);
    }
    new_task(component, map)
}

/// The handle to a task's parameter output.
pub fn param_output_handle<T: ParamValue>(task: &str, output: &str) -> Param<T> {
    Param::from_argument(task_output(task, output))
}

/// The handle to a task's artifact output.
pub fn artifact_output_handle<A: ArtifactKind>(task: &str, output: &str) -> ArtifactRef<A> {
    ArtifactRef::from_argument(task_output(task, output))
}

fn task_output(task: &str, output: &str) -> Argument {
    Argument::TaskOutput(TaskOutputRef {
        task: task.to_string(),
        output: output.to_string(),
    })
}

/// A pipeline parameter declaration.
pub fn pipeline_param<T: ParamValue>(
    name: &str,
    default: Option<T>,
    doc: Option<&str>,
) -> ir::Parameter {
    ir::Parameter {
        name: name.to_string(),
        ty: T::TYPE,
        default: default.map(|d| d.to_json()),
        description: doc.map(str::to_string),
    }
}

/// Inside a pipeline body: the handle to a pipeline parameter.
pub fn pipeline_param_handle<T: ParamValue>(name: &str) -> Param<T> {
    Param::from_argument(Argument::Parameter(name.to_string()))
}

/// Use a pipeline as a component of the pipeline under construction.
pub fn call_pipeline<R: PipelineReturn>(
    origin: &str,
    build: fn() -> Result<ir::Pipeline, BuildError>,
    name: &str,
    arguments: Vec<(&str, Argument)>,
) -> Task<PipelineOutputs<R>> {
    let key = register_component(
        origin,
        || {
            let inner = build().map_err(|e| e.to_string())?;
            Ok(nested_component(inner))
        },
        name,
    );
    let task = place(key.as_deref().unwrap_or(name), arguments);
    let output = R::from_task_output(&task);
    Task::__new(task, PipelineOutputs { output })
}

fn nested_component(inner: ir::Pipeline) -> ir::Component {
    let inputs = inner
        .parameters
        .iter()
        .map(|p| IoSpec {
            default: p.default.clone(),
            description: p.description.clone(),
            ..IoSpec::new(p.name.clone(), IoType::Param(p.ty))
        })
        .collect();
    let outputs = inner
        .outputs
        .iter()
        .map(|o| IoSpec::new(o.name.clone(), o.ty))
        .collect();
    ir::Component {
        name: inner.name.replace('-', "_"),
        description: inner.description.clone(),
        inputs,
        outputs,
        implementation: ir::Implementation::Pipeline(Box::new(inner)),
    }
}

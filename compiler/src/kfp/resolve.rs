//! Resolving a value read by a task (or passed into a group) to a KFP task input, from the point
//! of view of the DAG the task sits in.

use pipec_dsl::ir::Argument;

use super::channel::{Use, collected_output_name, collecting_loop};
use super::index::{Index, Location};
use super::io_types::ValueType;
use super::model::{InputArtifactSpec, Name, TaskInputParameter, TaskOutputArtifactSpec};

/// A task input and the sibling task it makes the task depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The input.
    pub input: TaskInput,
    /// A sibling task whose output is read.
    pub dependency: Option<Name>,
}

/// A parameter or an artifact input.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskInput {
    /// A parameter.
    Param(TaskInputParameter),
    /// An artifact.
    Artifact(InputArtifactSpec),
}

/// Resolve an argument (constants included) for a task in the DAG at `dag`.
pub fn resolve_argument<'p>(
    arg: &'p Argument,
    dag: &[Name],
    index: &Index<'p>,
) -> Result<Resolved, String> {
    if let Argument::Constant(value) = arg {
        return Ok(Resolved {
            input: TaskInput::Param(TaskInputParameter::constant(value.clone())),
            dependency: None,
        });
    }
    let Some((u, field)) = Use::of(arg) else {
        return Err("an argument with no value".to_string());
    };
    let mut resolved = resolve(&u, || u.channel_name(index), dag, index)?;
    if let (Some(field), TaskInput::Param(p)) = (field, &mut resolved.input) {
        p.parameter_expression_selector = Some(field_selector(field).into_boxed_str());
    }
    Ok(resolved)
}

/// KFP's selector for one field of a JSON-object loop item.
fn field_selector(field: &str) -> String {
    let mut quoted = String::new();
    super::python_json::write_string(&mut quoted, field);
    format!("parseJson(string_value)[{quoted}]")
}

/// Resolve a value for a task (or group task) in the DAG at `dag`: a sibling's output, or an
/// input of the enclosing DAG component. `channel` gives the value's channel name, asked for only
/// when the value comes in through an input (a group's inputs are keyed by it: it is known).
pub fn resolve<'p>(
    u: &Use<'p>,
    channel: impl FnOnce() -> Result<Name, String>,
    dag: &[Name],
    index: &Index<'p>,
) -> Result<Resolved, String> {
    match *u {
        Use::Output { task, output } => return resolve_output(task, output, channel, dag, index),
        // The item comes in through the loop's group input, whatever the DAG.
        Use::Item(l) => {
            let info = index
                .loop_info(l)
                .ok_or_else(|| format!("unknown loop `{l}`"))?;
            return Ok(component_input(info.item_input.clone(), false));
        }
        _ => {}
    }
    let artifact = u.value_type(index)?.is_artifact();
    let sibling = match *u {
        Use::Param(p) if dag.is_empty() => {
            return Ok(component_input(index.names.plain(p), artifact));
        }
        Use::Collected { task, output } => {
            let lp = collecting_loop(index, task)?;
            sibling_of(&lp.lp.name, &lp.location, dag)?
                .map(|producer| (producer, Name::from(collected_output_name(task, output))))
        }
        Use::Param(_) | Use::Item(_) | Use::Output { .. } => None,
    };
    Ok(match sibling {
        Some((producer, output)) => task_output(producer, output, artifact),
        None => component_input(channel()?, artifact),
    })
}

/// [`resolve`] for a task output: the producer's type, place and output name come from one
/// lookup in the index.
fn resolve_output<'p>(
    task: &'p str,
    output: &'p str,
    channel: impl FnOnce() -> Result<Name, String>,
    dag: &[Name],
    index: &Index<'p>,
) -> Result<Resolved, String> {
    let node = index.node(task);
    let found = node
        .and_then(|n| index.component(n.component?).output(output))
        .map(|(spec, name)| (ValueType::of(spec.ty).is_artifact(), name));
    let (artifact, name) =
        found.ok_or_else(|| format!("task `{task}` has no output `{output}`"))?;
    // A task's node is always indexed when its component is.
    let location = &node
        .ok_or_else(|| format!("unknown task `{task}`"))?
        .location;
    Ok(match sibling_of(task, location, dag)? {
        Some(producer) => task_output(producer, name.clone(), artifact),
        None => component_input(channel()?, artifact),
    })
}

/// The sibling (in the DAG at `dag`) that is the node `name` at `location`, or `None` if the
/// node is outside that DAG. Reading a node nested inside a sibling group is an error: KFP passes
/// values out of a group only as a loop's collected list.
fn sibling_of(name: &str, location: &Location, dag: &[Name]) -> Result<Option<Name>, String> {
    match location.child_of(dag) {
        Some(child) if location.depth() > dag.len() + 1 => Err(format!(
            "reads an output of `{name}`, which is inside group `{child}`; \
             KFP passes values out of a group only as a loop's collected list"
        )),
        found => Ok(found.cloned()),
    }
}

fn component_input(name: Name, artifact: bool) -> Resolved {
    let input = if artifact {
        TaskInput::Artifact(InputArtifactSpec::ComponentInputArtifact(name))
    } else {
        TaskInput::Param(TaskInputParameter::component_input(name))
    };
    Resolved {
        input,
        dependency: None,
    }
}

fn task_output(producer: Name, output: Name, artifact: bool) -> Resolved {
    let input = if artifact {
        TaskInput::Artifact(InputArtifactSpec::TaskOutputArtifact(
            TaskOutputArtifactSpec {
                output_artifact_key: output,
                producer_task: producer.clone(),
            },
        ))
    } else {
        TaskInput::Param(TaskInputParameter::task_output(producer.clone(), output))
    };
    Resolved {
        input,
        dependency: Some(producer),
    }
}

//! Prebuilt components: KFP `component.yaml` files called with inputs by name.
//!
//! Their interface is only known when the file is read, so wiring is checked by validation
//! rather than by the compiler.

use std::path::Path;

use crate::build::{Task, new_task, register_component, with_builder};
use crate::handle::{ArtifactKind, ArtifactRef, Param, ParamValue};
use crate::ir::{self, Argument, TaskOutputRef};

/// A component loaded from a KFP `component.yaml`.
///
/// ```
/// use pipec_dsl::Prebuilt;
/// let echo = Prebuilt::from_yaml(
///     "name: Echo\ninputs:\n- {name: text, type: String}\nimplementation:\n  container:\n    image: alpine\n    command: [echo, {inputValue: text}]\n",
///     "echo.yaml",
/// );
/// assert_eq!(echo.component().unwrap().inputs[0].name, "text");
/// ```
#[derive(Debug, Clone)]
pub struct Prebuilt {
    origin: String,
    component: Result<ir::Component, String>,
}

impl Prebuilt {
    /// Load from YAML text; `origin` names it in errors (e.g. the file name).
    pub fn from_yaml(text: &str, origin: &str) -> Prebuilt {
        let component = crate::component_yaml::from_str(text, origin).map_err(|e| e.to_string());
        Prebuilt {
            origin: origin.to_string(),
            component,
        }
    }

    /// Load from a file. A relative path is resolved from the current directory; pipeline
    /// packages usually write `concat!(env!("CARGO_MANIFEST_DIR"), "/components/x.yaml")`.
    pub fn from_file(path: impl AsRef<Path>) -> Prebuilt {
        let origin = path.as_ref().display().to_string();
        let component = crate::component_yaml::from_file(path).map_err(|e| e.to_string());
        Prebuilt { origin, component }
    }

    /// The loaded component, or why it did not load.
    pub fn component(&self) -> Result<&ir::Component, &str> {
        self.component.as_ref().map_err(String::as_str)
    }

    /// Place a task running this component; give its inputs with [`Task::with`].
    /// A component that did not load makes the pipeline fail to build with the loader's error.
    pub fn call(&self) -> Task<PrebuiltOutputs> {
        let name = match &self.component {
            Ok(c) => c.name.clone(),
            Err(_) => self.origin.clone(),
        };
        let key =
            register_component(&self.origin, || self.component.clone(), &name).unwrap_or(name);
        let task = new_task(&key, ir::ArgumentMap::new());
        Task::__new(task.clone(), PrebuiltOutputs { task })
    }
}

/// The outputs of a prebuilt component's task, by name.
#[derive(Debug, Clone)]
pub struct PrebuiltOutputs {
    task: String,
}

impl PrebuiltOutputs {
    fn output(&self, name: &str) -> Argument {
        Argument::TaskOutput(TaskOutputRef {
            task: self.task.clone(),
            output: name.to_string(),
        })
    }

    /// The parameter output `name`, as a `T` (checked against the file by validation).
    pub fn param<T: ParamValue>(&self, name: &str) -> Param<T> {
        Param::from_argument(self.output(name))
    }

    /// The artifact output `name`, as an `A` (checked against the file by validation).
    pub fn artifact<A: ArtifactKind>(&self, name: &str) -> ArtifactRef<A> {
        ArtifactRef::from_argument(self.output(name))
    }
}

/// A value for an input given by name: a handle or a constant.
pub trait IntoArgument {
    /// The IR argument.
    fn into_argument(self) -> Argument;
}

impl<T: ParamValue> IntoArgument for Param<T> {
    fn into_argument(self) -> Argument {
        self.argument()
    }
}

impl<A: ArtifactKind> IntoArgument for ArtifactRef<A> {
    fn into_argument(self) -> Argument {
        self.argument()
    }
}

impl<T: ParamValue> IntoArgument for T {
    fn into_argument(self) -> Argument {
        Argument::Constant(self.to_json())
    }
}

impl IntoArgument for &str {
    fn into_argument(self) -> Argument {
        Argument::Constant(serde_json::json!(self))
    }
}

impl Task<PrebuiltOutputs> {
    /// Pass `value` to the input `input`.
    pub fn with(self, input: &str, value: impl IntoArgument) -> Self {
        let argument = value.into_argument();
        with_builder(|b| {
            if let Some(task) = b.tasks.get_mut(self.name()) {
                task.arguments.insert(input.to_string(), argument);
            }
        });
        self
    }
}

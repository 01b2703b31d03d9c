//! Prebuilt components: load a KFP `component.yaml` (the v1 component format published in
//! kubeflow/pipelines' `components/` folder) into an IR [`Component`].
//!
//! ```
//! use pipec_dsl::ir::{IoType, ParamType};
//! let yaml = r#"
//! name: Say hello
//! inputs:
//! - {name: Greeting, type: String, default: hello}
//! implementation:
//!   container:
//!     image: alpine:3.20
//!     command: [echo, {inputValue: Greeting}]
//! "#;
//! let c = pipec_dsl::component_yaml::from_str(yaml, "hello.yaml").unwrap();
//! assert_eq!(c.name, "say_hello");
//! assert_eq!(c.inputs[0].name, "greeting");
//! assert_eq!(c.inputs[0].ty, IoType::Param(ParamType::String));
//! ```
//!
//! What pipec makes of the file:
//! - **Component key**: [`component_key`] of `name` (`Train model` → `train_model`).
//! - **Input and output names**: [`io_name`], KFP's rule (`Number of epochs` → `number_of_epochs`).
//!   Placeholders use the names as the file writes them.
//! - **Types**: `String`/`str`/`Text`, `Integer`/`int`, `Float`/`Double`, `Boolean`/`bool`,
//!   `JsonArray`/`List`, `JsonObject`/`Dict` are parameters; `Dataset`, `Model`, `Metrics`,
//!   `ClassificationMetrics`, `HTML`, `Markdown` the matching artifacts; any other type, or none,
//!   the generic `Artifact`. An input of a non-parameter type that the command line reads with
//!   `{inputValue: …}`, or that has a default, is a `String` parameter instead; an output of a
//!   parameter type is an output parameter whose value the program writes to `{outputPath: …}`.
//! - **Defaults** are text in the file and are converted to the parameter's type (`"5"` → `5`).
//! - **`env`** keeps the file's order.
//! - Not supported, each with a clear error: `graph` implementations, `fileOutputs`, the
//!   `if`/`isPresent`, `inputUri`/`outputUri` and `executorInput` placeholders, and KFP v2
//!   pipeline-spec files (what `kfp.compiler` writes).

mod command_line;
mod convert;
mod default_value;
mod env;
mod error;
mod interface;
mod io_spec;
mod model;
mod names;
mod placeholders;
mod type_name;
mod v2_spec;

use std::path::Path;

pub use error::{ComponentYamlError, ErrorKind, Position};
pub use names::{component_key, io_name};

use crate::ir::Component;

/// Load a component from `component.yaml` text; `origin` names the source in errors.
///
/// ```
/// let err = pipec_dsl::component_yaml::from_str("name: x\n", "x.yaml").unwrap_err();
/// assert_eq!(err.to_string(), "x.yaml: implementation: missing; a component needs \
///     `implementation: {container: {image: ..., command: [...]}}`");
/// ```
pub fn from_str(text: &str, origin: &str) -> Result<Component, ComponentYamlError> {
    if let Some(e) = v2_spec::reject(text) {
        return Err(e.origin(origin));
    }
    let raw: model::RawComponent = serde_saphyr::from_str(text)
        .map_err(|e| ComponentYamlError::from_yaml(&e).origin(origin))?;
    convert::component(raw).map_err(|e| e.origin(origin))
}

/// Load a component from a `component.yaml` file; errors name the file as given.
pub fn from_file(path: impl AsRef<Path>) -> Result<Component, ComponentYamlError> {
    let path = path.as_ref();
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        ComponentYamlError::new(ErrorKind::Io, format!("cannot read the file: {e}")).origin(&origin)
    })?;
    from_str(&text, &origin)
}

//! Kubernetes resource steps: apply, create, patch or delete an object as a pipeline step — the
//! way Argo users deploy a SeldonDeployment or launch a job.

use std::collections::BTreeMap;

use crate::build::{Task, new_task, register_component};
use crate::handle::{IntoParam, ParamValue};
use crate::ir::{self, ArgumentMap, IoSpec, IoType, ResourceSpec};

/// A resource step being described; [`ResourceStep::run`] places it.
///
/// ```ignore
/// ResourceStep::apply("deploy-model", SELDON_DEPLOYMENT)
///     .input("model_uri", model_uri)
///     .success_condition("status.state == Available")
///     .failure_condition("status.state == Failed")
///     .run();
/// ```
#[derive(Debug, Clone)]
pub struct ResourceStep {
    name: String,
    spec: ResourceSpec,
    inputs: Vec<IoSpec>,
    arguments: ArgumentMap,
}

impl ResourceStep {
    /// A step running `kubectl <action>` on `manifest`. In the manifest, `{{inputs.NAME}}` is
    /// replaced by the value of input `NAME`.
    pub fn new(name: &str, action: &str, manifest: &str) -> Self {
        ResourceStep {
            name: name.to_string(),
            spec: ResourceSpec {
                action: action.to_string(),
                manifest: manifest.to_string(),
                success_condition: None,
                failure_condition: None,
                set_owner_reference: false,
                outputs: BTreeMap::new(),
            },
            inputs: Vec::new(),
            arguments: ArgumentMap::new(),
        }
    }

    /// `kubectl apply` the manifest.
    pub fn apply(name: &str, manifest: &str) -> Self {
        Self::new(name, "apply", manifest)
    }

    /// `kubectl create` the manifest.
    pub fn create(name: &str, manifest: &str) -> Self {
        Self::new(name, "create", manifest)
    }

    /// Give the manifest a parameter input.
    pub fn input<T: ParamValue>(mut self, name: &str, value: impl IntoParam<T>) -> Self {
        self.inputs.push(IoSpec::new(name, IoType::Param(T::TYPE)));
        self.arguments
            .insert(name.to_string(), value.into_param().argument());
        self
    }

    /// The step succeeds when the object matches this condition (e.g. `status.state == Available`).
    pub fn success_condition(mut self, condition: &str) -> Self {
        self.spec.success_condition = Some(condition.to_string());
        self
    }

    /// The step fails when the object matches this condition.
    pub fn failure_condition(mut self, condition: &str) -> Self {
        self.spec.failure_condition = Some(condition.to_string());
        self
    }

    /// Delete the object with the workflow.
    pub fn owned(mut self) -> Self {
        self.spec.set_owner_reference = true;
        self
    }

    /// Place the step as a task.
    pub fn run(self) -> Task<()> {
        let component = ir::Component {
            name: self.name.clone(),
            description: Some(format!("kubectl {} a manifest", self.spec.action)),
            inputs: self.inputs,
            outputs: Vec::new(),
            implementation: ir::Implementation::Resource(self.spec),
        };
        let key = register_component("pipec::resource", || Ok(component), &self.name)
            .unwrap_or(self.name);
        let task = new_task(&key, self.arguments);
        Task::__new(task, ())
    }
}

//! `Task<O>`: one call of a component, with typed outputs and chainable settings.

use std::time::Duration;

use super::{Slot, with_builder};
use crate::handle::IntoParam;
use crate::ir::{self, Accelerator, ArgumentMap, Caching, Retry, RetryPolicy};

/// A task placed in the pipeline. Its [`outputs`](Task::outputs) are typed handles to pass to
/// later tasks; settings chain on it:
///
/// ```ignore
/// let pred = prediction(tags.outputs.tags, model, top_k).gpu(1).memory("8Gi").retry(2);
/// ```
#[derive(Debug)]
pub struct Task<O> {
    name: String,
    /// The task's outputs, one typed handle per component output.
    pub outputs: O,
}

/// Something a task can wait for with [`Task::after`]: a task or a control-flow group.
pub trait NodeRef {
    /// The task's or group's name in the pipeline.
    fn node_name(&self) -> &str;
}

impl<O> NodeRef for Task<O> {
    fn node_name(&self) -> &str {
        &self.name
    }
}

/// Place a task calling `component` with `arguments` in the innermost open scope.
pub(crate) fn new_task(component: &str, arguments: ArgumentMap) -> String {
    with_builder(|b| {
        let name = b.task_name(component);
        let mut task = ir::Task::new(name.clone(), component);
        task.arguments = arguments;
        b.tasks.insert(name.clone(), task);
        b.place(Slot::Task(name.clone()));
        name
    })
}

impl<O> Task<O> {
    #[doc(hidden)]
    pub fn __new(name: String, outputs: O) -> Self {
        Task { name, outputs }
    }

    /// The task's name in the pipeline (`train`, `train-2`, …).
    pub fn name(&self) -> &str {
        &self.name
    }

    fn update(self, f: impl FnOnce(&mut ir::Task)) -> Self {
        with_builder(|b| {
            if let Some(task) = b.tasks.get_mut(&self.name) {
                f(task);
            }
        });
        self
    }

    /// Run after `other` although no data flows from it.
    pub fn after(self, other: &impl NodeRef) -> Self {
        let other = other.node_name().to_string();
        self.update(|t| t.after.push(other))
    }

    /// A name for UIs.
    pub fn display_name(self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.update(|t| t.display_name = Some(name))
    }

    /// Request and limit this much CPU (`500m`, `2`).
    pub fn cpu(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| {
            let resources = &mut t.pod_mut().resources;
            resources.cpu_request = Some(q.clone());
            resources.cpu_limit = Some(q);
        })
    }

    /// Request this much CPU; the limit stays unset.
    pub fn cpu_request(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| t.pod_mut().resources.cpu_request = Some(q))
    }

    /// Limit CPU to this much.
    pub fn cpu_limit(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| t.pod_mut().resources.cpu_limit = Some(q))
    }

    /// Request and limit this much memory (`512Mi`, `8Gi`).
    pub fn memory(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| {
            let resources = &mut t.pod_mut().resources;
            resources.memory_request = Some(q.clone());
            resources.memory_limit = Some(q);
        })
    }

    /// Request this much memory; the limit stays unset.
    pub fn memory_request(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| t.pod_mut().resources.memory_request = Some(q))
    }

    /// Limit memory to this much.
    pub fn memory_limit(self, quantity: impl Into<String>) -> Self {
        let q = quantity.into();
        self.update(|t| t.pod_mut().resources.memory_limit = Some(q))
    }

    /// `count` NVIDIA GPUs (`nvidia.com/gpu`).
    pub fn gpu(self, count: u32) -> Self {
        self.update(|t| t.pod_mut().resources.accelerator = Some(Accelerator::gpus(count)))
    }

    /// `count` of another vendor's accelerator resource, e.g. `amd.com/gpu`.
    pub fn accelerator(self, resource: impl Into<String>, count: u32) -> Self {
        let resource = resource.into();
        self.update(|t| {
            t.pod_mut().resources.accelerator = Some(Accelerator {
                count,
                resource,
                ty: None,
            });
        })
    }

    /// The accelerator model, e.g. `nvidia-tesla-t4` (needs [`Task::gpu`] or
    /// [`Task::accelerator`]).
    pub fn accelerator_type(self, ty: impl Into<String>) -> Self {
        let ty = ty.into();
        self.update(|t| {
            if let Some(acc) = &mut t.pod_mut().resources.accelerator {
                acc.ty = Some(ty);
            }
        })
    }

    /// Retry up to `limit` times on failure.
    pub fn retry(self, limit: u32) -> Self {
        self.update(|t| {
            t.pod_mut().retry = Some(Retry {
                limit,
                policy: None,
                backoff: None,
            })
        })
    }

    /// Retry with a policy and backoff.
    pub fn retry_with(self, retry: Retry) -> Self {
        self.update(|t| t.pod_mut().retry = Some(retry))
    }

    /// Retry up to `limit` times on failures of the given kind.
    pub fn retry_on(self, limit: u32, policy: RetryPolicy) -> Self {
        self.update(|t| {
            t.pod_mut().retry = Some(Retry {
                limit,
                policy: Some(policy),
                backoff: None,
            })
        })
    }

    /// Turn result caching on or off (KFP caching, Argo memoization).
    pub fn cache(self, enabled: bool) -> Self {
        self.update(|t| {
            let caching = t.pod_mut().caching.get_or_insert(Caching {
                enabled,
                key: None,
                max_age: None,
                config_map: None,
            });
            caching.enabled = enabled;
        })
    }

    /// Cache results, reusing them for at most `max_age` (`24h`, `30m`).
    pub fn cache_for(self, max_age: impl Into<String>) -> Self {
        let max_age = max_age.into();
        self.cache(true).update(|t| {
            if let Some(c) = &mut t.pod_mut().caching {
                c.max_age = Some(max_age);
            }
        })
    }

    /// Cache results under an explicit key. On Argo the key is a template evaluated per run and
    /// must become letters, digits and `-` (e.g. `"segment-{{inputs.parameters.subject}}"`); it
    /// is required when the component has artifact inputs. KFP derives its own key from the inputs.
    pub fn cache_key(self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.cache(true).update(|t| {
            if let Some(c) = &mut t.pod_mut().caching {
                c.key = Some(key);
            }
        })
    }

    /// Set every caching option.
    pub fn caching(self, caching: Caching) -> Self {
        self.update(|t| t.pod_mut().caching = Some(caching))
    }

    /// Fail the task when it runs longer than `limit` (whole seconds).
    pub fn timeout(self, limit: Duration) -> Self {
        self.update(|t| t.pod_mut().timeout_seconds = Some(limit.as_secs()))
    }

    /// Set an environment variable.
    pub fn env(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let var = ir::EnvVar {
            name: name.into(),
            value: value.into(),
        };
        self.update(|t| t.pod_mut().env.push(var))
    }

    /// Set an environment variable from a key of a Kubernetes secret.
    pub fn secret_env(
        self,
        name: impl Into<String>,
        secret: impl Into<String>,
        key: impl Into<String>,
    ) -> Self {
        let var = ir::SecretEnv {
            name: name.into(),
            secret: secret.into(),
            key: key.into(),
        };
        self.update(|t| t.pod_mut().secret_env.push(var))
    }

    /// Mount an existing PersistentVolumeClaim (its name a constant or a pipeline parameter).
    pub fn mount_pvc(self, claim: impl IntoParam<String>, mount_path: impl Into<String>) -> Self {
        let source = ir::VolumeSource::Pvc(claim.into_param().argument());
        let mount = ir::VolumeMount {
            mount_path: mount_path.into(),
            source,
            sub_path: None,
        };
        self.update(|t| t.pod_mut().volumes.push(mount))
    }

    /// Mount a volume the pipeline creates (see [`volume`](crate::volume)).
    pub fn mount_volume(self, volume: &crate::Volume, mount_path: impl Into<String>) -> Self {
        let source = ir::VolumeSource::Created(volume.name().to_string());
        let mount = ir::VolumeMount {
            mount_path: mount_path.into(),
            source,
            sub_path: None,
        };
        self.update(|t| t.pod_mut().volumes.push(mount))
    }

    /// Run only on nodes with this label.
    pub fn node_selector(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (k, v) = (key.into(), value.into());
        self.update(|t| {
            t.pod_mut().node_selector.insert(k, v);
        })
    }

    /// Tolerate a node taint.
    pub fn toleration(self, toleration: ir::Toleration) -> Self {
        self.update(|t| t.pod_mut().tolerations.push(toleration))
    }

    /// Label the task's pod.
    pub fn label(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (k, v) = (key.into(), value.into());
        self.update(|t| {
            t.pod_mut().labels.insert(k, v);
        })
    }

    /// Annotate the task's pod.
    pub fn annotation(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (k, v) = (key.into(), value.into());
        self.update(|t| {
            t.pod_mut().annotations.insert(k, v);
        })
    }
}

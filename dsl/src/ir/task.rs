//! A task: one call of a component, with its arguments and settings.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use super::{ArgumentMap, Caching, EnvVar, Resources, Retry, SecretEnv, Toleration, VolumeMount};

/// One call of a component inside a scope.
///
/// Its pod settings (resources, retries, caching, environment, volumes, scheduling, labels) sit
/// apart in [`PodSettings`], read with [`Task::pod`] and set with [`Task::pod_mut`]. Most tasks
/// set none, and a task without them is a fifth of the size, which a pipeline of 100,000 tasks
/// feels in every pass over them. In JSON and YAML the settings are fields of the task itself.
///
/// ```
/// use pipec_dsl::ir::Task;
/// let mut t = Task::new("train", "trainer");
/// t.pod_mut().timeout_seconds = Some(600);
/// assert_eq!(t.pod().timeout_seconds, Some(600));
/// let json = serde_json::to_string(&t).unwrap();
/// assert_eq!(json, r#"{"name":"train","component":"trainer","timeout_seconds":600}"#);
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "TaskFields", into = "TaskFields")]
pub struct Task {
    /// The task's name, unique in the pipeline (a DNS-1123 label after sanitising).
    pub name: String,
    /// The component it runs (a key of the pipeline's `components`).
    pub component: String,
    /// Values for the component's inputs, by input name.
    pub arguments: ArgumentMap,
    /// Tasks or groups that must finish first although no data flows from them.
    pub after: Vec<String>,
    /// A human-friendly name for UIs.
    pub display_name: Option<String>,
    /// The pod settings, `None` when the task sets none (see [`Task::pod`]).
    pub pod_settings: Option<Box<PodSettings>>,
}

/// What a task sets for its pod, beyond the component's own container.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodSettings {
    /// CPU, memory and accelerators.
    pub resources: Resources,
    /// Retries on failure.
    pub retry: Option<Retry>,
    /// Result caching (KFP caching, Argo memoization).
    pub caching: Option<Caching>,
    /// Fail the task after this many seconds.
    pub timeout_seconds: Option<u64>,
    /// Extra environment variables with literal values.
    pub env: Vec<EnvVar>,
    /// Environment variables read from Kubernetes secrets.
    pub secret_env: Vec<SecretEnv>,
    /// Volumes mounted into the container.
    pub volumes: Vec<VolumeMount>,
    /// Node labels the pod must run on.
    pub node_selector: BTreeMap<String, String>,
    /// Taints the pod tolerates.
    pub tolerations: Vec<Toleration>,
    /// Labels on the pod.
    pub labels: BTreeMap<String, String>,
    /// Annotations on the pod.
    pub annotations: BTreeMap<String, String>,
}

/// The settings of a task that sets none.
static NO_POD_SETTINGS: PodSettings = PodSettings {
    resources: Resources {
        cpu_request: None,
        cpu_limit: None,
        memory_request: None,
        memory_limit: None,
        accelerator: None,
    },
    retry: None,
    caching: None,
    timeout_seconds: None,
    env: Vec::new(),
    secret_env: Vec::new(),
    volumes: Vec::new(),
    node_selector: BTreeMap::new(),
    tolerations: Vec::new(),
    labels: BTreeMap::new(),
    annotations: BTreeMap::new(),
};

impl Task {
    /// A task calling `component` with no arguments or settings yet.
    pub fn new(name: impl Into<String>, component: impl Into<String>) -> Self {
        Task {
            name: name.into(),
            component: component.into(),
            ..Task::default()
        }
    }

    /// The task's pod settings; all empty when it sets none.
    pub fn pod(&self) -> &PodSettings {
        self.pod_settings.as_deref().unwrap_or(&NO_POD_SETTINGS)
    }

    /// The task's pod settings, to change them.
    pub fn pod_mut(&mut self) -> &mut PodSettings {
        self.pod_settings.get_or_insert_default()
    }

    /// Whether the task sets anything that applies to its pod: resources, retry, caching,
    /// timeout, env, secrets, volumes, scheduling constraints, labels or annotations.
    ///
    /// ```
    /// use pipec_dsl::ir::Task;
    /// let mut t = Task::new("train", "train");
    /// assert!(!t.has_pod_settings());
    /// t.pod_mut().timeout_seconds = Some(60);
    /// assert!(t.has_pod_settings());
    /// ```
    pub fn has_pod_settings(&self) -> bool {
        self.pod_settings.as_deref().is_some_and(|p| !p.is_empty())
    }
}

/// Tasks are equal when they read the same: no settings and empty settings are alike.
impl PartialEq for Task {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.component == other.component
            && self.arguments == other.arguments
            && self.after == other.after
            && self.display_name == other.display_name
            && self.pod() == other.pod()
    }
}

impl PodSettings {
    /// Whether nothing is set. Every field is named, so a new field must be sorted here.
    pub fn is_empty(&self) -> bool {
        let PodSettings {
            resources,
            retry,
            caching,
            timeout_seconds,
            env,
            secret_env,
            volumes,
            node_selector,
            tolerations,
            labels,
            annotations,
        } = self;
        resources.is_empty()
            && retry.is_none()
            && caching.is_none()
            && timeout_seconds.is_none()
            && env.is_empty()
            && secret_env.is_empty()
            && volumes.is_empty()
            && node_selector.is_empty()
            && tolerations.is_empty()
            && labels.is_empty()
            && annotations.is_empty()
    }
}

impl JsonSchema for Task {
    fn schema_name() -> Cow<'static, str> {
        TaskFields::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        TaskFields::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        TaskFields::json_schema(generator)
    }
}

// A task as it is written: every setting is a field of the task. Its doc comment is the
// schema's description of a task.
/// One call of a component inside a scope.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Task")]
struct TaskFields {
    /// The task's name, unique in the pipeline (a DNS-1123 label after sanitising).
    name: String,
    /// The component it runs (a key of the pipeline's `components`).
    component: String,
    /// Values for the component's inputs, by input name.
    #[serde(default, skip_serializing_if = "ArgumentMap::is_empty")]
    arguments: ArgumentMap,
    /// Tasks or groups that must finish first although no data flows from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    after: Vec<String>,
    /// A human-friendly name for UIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    /// CPU, memory and accelerators.
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    resources: Resources,
    /// Retries on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry: Option<Retry>,
    /// Result caching (KFP caching, Argo memoization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    caching: Option<Caching>,
    /// Fail the task after this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout_seconds: Option<u64>,
    /// Extra environment variables with literal values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    env: Vec<EnvVar>,
    /// Environment variables read from Kubernetes secrets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    secret_env: Vec<SecretEnv>,
    /// Volumes mounted into the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<VolumeMount>,
    /// Node labels the pod must run on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    node_selector: BTreeMap<String, String>,
    /// Taints the pod tolerates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tolerations: Vec<Toleration>,
    /// Labels on the pod.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    /// Annotations on the pod.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
}

impl From<TaskFields> for Task {
    fn from(t: TaskFields) -> Self {
        let pod = PodSettings {
            resources: t.resources,
            retry: t.retry,
            caching: t.caching,
            timeout_seconds: t.timeout_seconds,
            env: t.env,
            secret_env: t.secret_env,
            volumes: t.volumes,
            node_selector: t.node_selector,
            tolerations: t.tolerations,
            labels: t.labels,
            annotations: t.annotations,
        };
        Task {
            name: t.name,
            component: t.component,
            arguments: t.arguments,
            after: t.after,
            display_name: t.display_name,
            pod_settings: (!pod.is_empty()).then(|| Box::new(pod)),
        }
    }
}

impl From<Task> for TaskFields {
    fn from(t: Task) -> Self {
        let pod = t.pod_settings.map(|p| *p).unwrap_or_default();
        TaskFields {
            name: t.name,
            component: t.component,
            arguments: t.arguments,
            after: t.after,
            display_name: t.display_name,
            resources: pod.resources,
            retry: pod.retry,
            caching: pod.caching,
            timeout_seconds: pod.timeout_seconds,
            env: pod.env,
            secret_env: pod.secret_env,
            volumes: pod.volumes,
            node_selector: pod.node_selector,
            tolerations: pod.tolerations,
            labels: pod.labels,
            annotations: pod.annotations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_without_settings_holds_none_and_is_small() {
        let json = r#"{"name": "a", "component": "c", "env": []}"#;
        let t: Task = serde_json::from_str(json).unwrap();
        assert!(t.pod_settings.is_none());
        // Five strings and lists and a pointer; the settings alone are over 450 bytes.
        assert!(size_of::<Task>() <= 136, "{}", size_of::<Task>());
        assert!(
            size_of::<PodSettings>() > 450,
            "{}",
            size_of::<PodSettings>()
        );
    }

    #[test]
    fn settings_read_and_write_as_fields_of_the_task() {
        let json = r#"{"name":"a","component":"c","retry":{"limit":2},"labels":{"k":"v"}}"#;
        let t: Task = serde_json::from_str(json).unwrap();
        assert_eq!(t.pod().retry.as_ref().map(|r| r.limit), Some(2));
        assert_eq!(t.pod().labels.get("k").map(String::as_str), Some("v"));
        assert_eq!(serde_json::to_string(&t).unwrap(), json);
        let unknown = r#"{"name":"a","component":"c","retries":2}"#;
        assert!(serde_json::from_str::<Task>(unknown).is_err());
    }

    #[test]
    fn no_settings_equal_empty_settings() {
        let mut a = Task::new("a", "c");
        let b = a.clone();
        a.pod_mut();
        assert!(a.pod_settings.is_some());
        assert_eq!(a, b);
        a.pod_mut().timeout_seconds = Some(1);
        assert_ne!(a, b);
    }
}

//! The components and executors of the output, named the way KFP names them (`comp-<name>`,
//! `exec-<name>`, then `-2`, `-3`, …). Unlike the KFP SDK, which writes one component per task,
//! a component identical in every respect (interface, executor and Kubernetes settings) to one
//! already written is written once and shared.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::{ComponentSpec, DeploymentSpec, ExecutorSpec, KubernetesExecutorConfig};

/// Components, executors and per-executor Kubernetes settings collected while lowering.
#[derive(Debug, Default)]
pub struct ComponentTable {
    components: BTreeMap<String, ComponentSpec>,
    executors: BTreeMap<String, ExecutorSpec>,
    platform: BTreeMap<String, KubernetesExecutorConfig>,
    by_content: HashMap<String, String>,
    taken: HashSet<String>,
}

/// What the table holds at the end.
pub struct Tables {
    /// Components by `comp-…` name.
    pub components: BTreeMap<String, ComponentSpec>,
    /// Executors by `exec-…` label.
    pub deployment: DeploymentSpec,
    /// Kubernetes settings by `exec-…` label.
    pub platform: BTreeMap<String, KubernetesExecutorConfig>,
}

impl ComponentTable {
    /// Add a container or importer component with its executor and Kubernetes settings; return
    /// the component's name (an existing one if an identical component was added before).
    pub fn add_executor(
        &mut self,
        base: &str,
        mut component: ComponentSpec,
        executor: ExecutorSpec,
        k8s: KubernetesExecutorConfig,
    ) -> String {
        let content = serde_json::to_string(&(&component, &executor, &k8s)).unwrap_or_default();
        if let Some(name) = self.by_content.get(&content) {
            return name.clone();
        }
        let id = self.claim(base);
        let label = format!("exec-{id}");
        component.executor_label = Some(label.clone());
        self.executors.insert(label.clone(), executor);
        if !k8s.is_empty() {
            self.platform.insert(label, k8s);
        }
        let name = format!("comp-{id}");
        self.components.insert(name.clone(), component);
        self.by_content.insert(content, name.clone());
        name
    }

    /// Add a DAG component (a group or a nested pipeline). With `share`, an identical DAG
    /// component added before is reused.
    pub fn add_dag(&mut self, base: &str, component: ComponentSpec, share: bool) -> String {
        let content = serde_json::to_string(&component).unwrap_or_default();
        if share && let Some(name) = self.by_content.get(&content) {
            return name.clone();
        }
        let name = format!("comp-{}", self.claim(base));
        self.components.insert(name.clone(), component);
        if share {
            self.by_content.insert(content, name.clone());
        }
        name
    }

    /// A name not used yet: `base`, else `base-2`, `base-3`, ….
    fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 1;
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
        id
    }

    /// Everything collected.
    pub fn finish(self) -> Tables {
        Tables {
            components: self.components,
            deployment: DeploymentSpec {
                executors: self.executors,
            },
            platform: self.platform,
        }
    }
}

//! The components and executors of the output, named the way KFP names them (`comp-<name>`,
//! `exec-<name>`, then `-2`, `-3`, …). Unlike the KFP SDK, which writes one component per task,
//! a component identical in every respect (interface, executor and Kubernetes settings) to one
//! already written is written once and shared.

use foldhash::{HashMap, HashSet};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::exact_json::identical;
use super::model::{
    ComponentSpec, DeploymentSpec, ExecutorSpec, IoDefinitions, KubernetesExecutorConfig, Name,
    SortedMap, ValueOrRuntimeParameter,
};

/// Components, executors and per-executor Kubernetes settings collected while lowering, in the
/// order they were added (sorted once, at the end).
#[derive(Debug, Default)]
pub struct ComponentTable {
    components: Vec<(Name, ComponentSpec)>,
    executors: Vec<(String, ExecutorSpec)>,
    platform: Vec<(String, KubernetesExecutorConfig)>,
    /// Container and importer components by a hash of their content. Equal hashes are confirmed
    /// by comparing the content itself.
    by_hash: HashMap<u64, Vec<Added>>,
    /// Shared DAG components (nested pipelines) by their JSON text; they are few.
    dags: HashMap<String, Name>,
    /// Component names given out, `comp-…`.
    taken: HashSet<Name>,
}

/// The prefix of every component name.
const COMP: &str = "comp-";

/// `prefix` followed by `rest`, built in one allocation.
fn prefixed(prefix: &str, rest: &str) -> String {
    let mut text = String::with_capacity(prefix.len() + rest.len());
    text.push_str(prefix);
    text.push_str(rest);
    text
}

/// Where the parts of one container or importer component were added.
#[derive(Debug, Clone, Copy)]
struct Added {
    component: usize,
    executor: usize,
    platform: Option<usize>,
}

/// What the table holds at the end.
pub struct Tables {
    /// Components by `comp-…` name.
    pub components: SortedMap<ComponentSpec, Name>,
    /// Executors by `exec-…` label.
    pub deployment: DeploymentSpec,
    /// Kubernetes settings by `exec-…` label.
    pub platform: SortedMap<KubernetesExecutorConfig>,
}

/// A container or importer component before it is named: the parts that make it what it is.
struct Content<'c> {
    interface: &'c ComponentSpec,
    executor: &'c ExecutorSpec,
    k8s: &'c KubernetesExecutorConfig,
}

impl Content<'_> {
    fn hash(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.interface.input_definitions.hash(&mut h);
        self.interface.output_definitions.hash(&mut h);
        self.executor.hash(&mut h);
        self.k8s.hash(&mut h);
        h.finish()
    }

    /// Whether `other` is written exactly as this (JSON values compared by their text).
    fn same_as(&self, other: &Content<'_>) -> bool {
        let (a, b) = (self.interface, other.interface);
        a.input_definitions == b.input_definitions
            && a.output_definitions == b.output_definitions
            && self.executor == other.executor
            && self.k8s == other.k8s
            && identical_defaults(&a.input_definitions, &b.input_definitions)
            && identical_defaults(&a.output_definitions, &b.output_definitions)
            && identical_uri(self.executor, other.executor)
    }
}

/// Defaults of definitions already known to be equal, compared by their JSON text.
fn identical_defaults(a: &IoDefinitions, b: &IoDefinitions) -> bool {
    let pairs = a.parameters.values().zip(b.parameters.values());
    pairs
        .filter_map(|(x, y)| x.default_value.as_ref().zip(y.default_value.as_ref()))
        .all(|(x, y)| identical(x, y))
}

/// Constant importer URIs of executors already known to be equal, compared by their JSON text.
fn identical_uri(a: &ExecutorSpec, b: &ExecutorSpec) -> bool {
    match (a, b) {
        (ExecutorSpec::Importer(a), ExecutorSpec::Importer(b)) => {
            match (&a.artifact_uri, &b.artifact_uri) {
                (ValueOrRuntimeParameter::Constant(x), ValueOrRuntimeParameter::Constant(y)) => {
                    identical(x, y)
                }
                _ => true,
            }
        }
        _ => true,
    }
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
    ) -> Name {
        let content = Content {
            interface: &component,
            executor: &executor,
            k8s: &k8s,
        };
        let hash = content.hash();
        if let Some(name) = self.find(hash, &content) {
            return name;
        }
        let name = self.claim(base);
        let label = prefixed("exec-", &name[COMP.len()..]);
        let added = Added {
            component: self.components.len(),
            executor: self.executors.len(),
            platform: (!k8s.is_empty()).then_some(self.platform.len()),
        };
        self.by_hash.entry(hash).or_default().push(added);
        component.executor_label = Some(label.clone());
        self.executors.push((label.clone(), executor));
        if !k8s.is_empty() {
            self.platform.push((label, k8s));
        }
        self.components.push((name.clone(), component));
        name
    }

    /// The name of a component added before with this content.
    fn find(&self, hash: u64, content: &Content<'_>) -> Option<Name> {
        let empty = KubernetesExecutorConfig::default();
        let candidates = self.by_hash.get(&hash)?;
        candidates.iter().find_map(|added| {
            let (name, interface) = &self.components[added.component];
            let known = Content {
                interface,
                executor: &self.executors[added.executor].1,
                k8s: added.platform.map_or(&empty, |i| &self.platform[i].1),
            };
            known.same_as(content).then(|| name.clone())
        })
    }

    /// Add a DAG component (a group or a nested pipeline). With `share`, an identical DAG
    /// component added before is reused.
    pub fn add_dag(&mut self, base: &str, component: ComponentSpec, share: bool) -> Name {
        // Only nested pipelines are shared; a group's DAG is never compared, so never written
        // out for comparison.
        let content = share.then(|| serde_json::to_string(&component).unwrap_or_default());
        if let Some(name) = content.as_ref().and_then(|c| self.dags.get(c)) {
            return name.clone();
        }
        let name = self.claim(base);
        if let Some(content) = content {
            self.dags.insert(content, name.clone());
        }
        self.components.push((name.clone(), component));
        name
    }

    /// Make room for `additional` more components (and their names, so that the set of names
    /// taken is not rehashed, which would read every name again, as it grows).
    pub fn reserve(&mut self, additional: usize) {
        self.components.reserve(additional);
        self.taken.reserve(additional);
    }

    /// A component name not used yet: `comp-<base>`, else `comp-<base>-2`, `comp-<base>-3`, …
    /// (its executor takes the same suffix).
    fn claim(&mut self, base: &str) -> Name {
        let mut n = 1;
        // Most names are free: each is hashed once, by the insertion that claims it.
        loop {
            let shared = if n == 1 {
                Name::from(prefixed(COMP, base).as_str())
            } else {
                Name::from(format!("{COMP}{base}-{n}"))
            };
            if self.taken.insert(shared.clone()) {
                return shared;
            }
            n += 1;
        }
    }

    /// Everything collected.
    pub fn finish(self) -> Tables {
        Tables {
            components: SortedMap::from_unsorted(self.components),
            deployment: DeploymentSpec {
                executors: SortedMap::from_unsorted(self.executors),
            },
            platform: SortedMap::from_unsorted(self.platform),
        }
    }
}

//! The per-thread stack of pipelines under construction. A nested pipeline call pushes its own
//! builder, so a pipeline can be used as a component inside another.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::draft::{Group, Slot, assemble};
use super::error::BuildError;
use crate::ir::{self, Component, Pipeline};
use crate::name::sanitize;

/// A pipeline under construction.
pub(crate) struct Builder {
    pub(crate) pipeline: Pipeline,
    pub(crate) tasks: BTreeMap<String, ir::Task>,
    pub(crate) groups: Vec<Option<Group>>,
    /// Open scopes, innermost last; the first is the root.
    pub(crate) scopes: Vec<Vec<Slot>>,
    pub(crate) problems: Vec<String>,
    group_counter: u32,
    name_counts: HashMap<String, u32>,
    /// Component identity (where it was defined, its name) to its key in `pipeline.components`.
    component_keys: HashMap<(String, String), String>,
}

thread_local! {
    static BUILDERS: RefCell<Vec<Builder>> = const { RefCell::new(Vec::new()) };
}

/// Run `f` on the innermost pipeline under construction.
///
/// # Panics
/// When no pipeline is being built: components and control flow are only meaningful inside a
/// `#[pipeline]` function (or [`build_pipeline`]).
pub(crate) fn with_builder<R>(f: impl FnOnce(&mut Builder) -> R) -> R {
    BUILDERS.with(|b| {
        let mut stack = b.borrow_mut();
        let builder = stack.last_mut().expect(
            "a pipec component or control-flow call ran outside a pipeline: call it from inside a \
             #[pipeline] function",
        );
        f(builder)
    })
}

/// Build a pipeline: run `body` with a fresh builder and return the IR it recorded.
/// `#[pipeline]` expands to a call of this; it is public for pipelines built without the macro.
///
/// ```
/// use pipec_dsl::{build_pipeline, ir::Pipeline};
/// let p = build_pipeline(Pipeline::new("empty"), || {}).unwrap();
/// assert!(p.root.nodes.is_empty());
/// ```
pub fn build_pipeline<R: crate::PipelineReturn>(
    pipeline: Pipeline,
    body: impl FnOnce() -> R,
) -> Result<Pipeline, BuildError> {
    BUILDERS.with(|b| b.borrow_mut().push(Builder::new(pipeline)));
    let returned = body();
    let output = returned.pipeline_output();
    let builder = BUILDERS
        .with(|b| b.borrow_mut().pop())
        .expect("the builder pushed above");
    builder.finish(output)
}

impl Builder {
    fn new(pipeline: Pipeline) -> Self {
        Builder {
            pipeline,
            tasks: BTreeMap::new(),
            groups: Vec::new(),
            scopes: vec![Vec::new()],
            problems: Vec::new(),
            group_counter: 0,
            name_counts: HashMap::new(),
            component_keys: HashMap::new(),
        }
    }

    fn finish(
        mut self,
        output: Option<(ir::IoType, ir::Argument)>,
    ) -> Result<Pipeline, BuildError> {
        if let Some((ty, argument)) = output {
            match argument {
                ir::Argument::TaskOutput(from) => {
                    self.pipeline.outputs.push(ir::PipelineOutput {
                        name: "output".into(),
                        ty,
                        from,
                    });
                }
                other => self.problems.push(format!(
                    "the pipeline returns {other:?}; a pipeline can only return a task's output"
                )),
            }
        }
        if !self.problems.is_empty() {
            return Err(BuildError {
                pipeline: self.pipeline.name,
                problems: self.problems,
            });
        }
        let root = self.scopes.swap_remove(0);
        self.pipeline.root = assemble(root, &mut self.tasks, &mut self.groups);
        Ok(self.pipeline)
    }

    /// Place a slot in the innermost open scope.
    pub(crate) fn place(&mut self, slot: Slot) {
        self.scopes
            .last_mut()
            .expect("the root scope is always open")
            .push(slot);
    }

    /// A fresh task name for a component: `train`, `train-2`, `train-3`, ….
    pub(crate) fn task_name(&mut self, component: &str) -> String {
        let base = sanitize(component);
        loop {
            let count = self.name_counts.entry(base.clone()).or_insert(0);
            *count += 1;
            let name = if *count == 1 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            let taken = self.tasks.contains_key(&name)
                || self.groups.iter().flatten().any(|g| g.name() == name);
            if !taken {
                return name;
            }
        }
    }

    /// A fresh group name: `condition-1`, `for-loop-2`, `exit-handler-3` (one counter, as KFP).
    pub(crate) fn group_name(&mut self, kind: &str) -> String {
        self.group_counter += 1;
        format!("{kind}-{}", self.group_counter)
    }

    /// Place a new group in the innermost open scope and return its index.
    pub(crate) fn place_group(&mut self, group: Group) -> usize {
        self.groups.push(Some(group));
        let index = self.groups.len() - 1;
        self.place(Slot::Group(index));
        index
    }

    /// Open a new scope; its slots are returned by [`Builder::close_scope`].
    pub(crate) fn open_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub(crate) fn close_scope(&mut self) -> Vec<Slot> {
        self.scopes.pop().expect("close_scope follows open_scope")
    }
}

/// Add a component to the pipeline under construction (once per definition) and return its key.
/// `origin` tells two components with the same name apart (the macro passes `module_path!()`).
pub(crate) fn register_component(
    origin: &str,
    build: impl FnOnce() -> Result<Component, String>,
    name: &str,
) -> Option<String> {
    let known = with_builder(|b| {
        b.component_keys
            .get(&(origin.to_string(), name.to_string()))
            .cloned()
    });
    if known.is_some() {
        return known;
    }
    let component = match build() {
        Ok(c) => c,
        Err(problem) => {
            with_builder(|b| b.problems.push(format!("component {name}: {problem}")));
            return None;
        }
    };
    Some(with_builder(|b| {
        let key = unique_component_key(&b.pipeline.components, &component);
        let mut component = component;
        component.name = key.clone();
        b.pipeline.components.insert(key.clone(), component);
        b.component_keys
            .insert((origin.to_string(), name.to_string()), key.clone());
        key
    }))
}

/// The component's own name, or `name-2`, `name-3` … when a different component already has it.
fn unique_component_key(components: &BTreeMap<String, Component>, component: &Component) -> String {
    let mut n = 1;
    loop {
        let key = if n == 1 {
            component.name.clone()
        } else {
            format!("{}-{n}", component.name)
        };
        match components.get(&key) {
            None => return key,
            Some(existing)
                if existing.inputs == component.inputs
                    && existing.outputs == component.outputs
                    && existing.implementation == component.implementation =>
            {
                return key;
            }
            Some(_) => n += 1,
        }
    }
}

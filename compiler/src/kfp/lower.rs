//! Lowering one pipeline (the root, or one nested as a component) to a DAG component: its tasks,
//! groups (conditions, loops, exit handlers) and nested pipelines.

use std::collections::{BTreeMap, BTreeSet};

use pipec_dsl::ir::{
    Argument, Component, Condition, Dag, ExitHandler, Implementation, Loop, LoopItems, Node,
    Pipeline, Task,
};
use pipec_dsl::name::sanitize;
use serde_json::Value;

use super::cel::branch_condition;
use super::channel::{Needs, Own, Reads, Use, collected_output_name, loop_items_use, needs};
use super::component_table::ComponentTable;
use super::index::{ComponentNames, Index, node_key};
use super::io_types::{Declaration, ValueType, io_definitions, parameter_type};
use super::model::{
    ArtifactSelector, ComponentRef, ComponentSpec, DagOutputArtifact, DagOutputParameter,
    DagOutputs, DagSpec, IoDefinitions, ItemsSpec, IteratorPolicy, KubernetesExecutorConfig, Name,
    ParameterIterator, ParameterSelector, ParameterType, SortedMap, TaskInfo, TaskInputs, TaskSpec,
    TriggerPolicy,
};
use super::resolve::{TaskInput, resolve, resolve_argument};
use super::{KfpOptions, created_volume, executor, kubernetes, python_json, task_settings};
use crate::Problem;

/// The trigger KFP gives an exit task: run once its upstream group finished, however it ended.
const ALL_UPSTREAM_TASKS_COMPLETED: &str = "ALL_UPSTREAM_TASKS_COMPLETED";

/// Lower a pipeline to a DAG component, and count its tasks (as `Pipeline::task_count` does).
/// Components of its tasks go into `table`; every problem found is pushed to `problems` (located
/// under `location`, e.g. `pipeline praxi`).
pub fn pipeline_component(
    pipeline: &Pipeline,
    location: &str,
    options: &KfpOptions,
    table: &mut ComponentTable,
    problems: &mut Vec<Problem>,
) -> (ComponentSpec, usize) {
    // The index notes whether any task mounts a created claim, so the pipeline is rewritten
    // (and indexed again) only when it uses created claims.
    let index = Index::new(pipeline);
    let tasks = index.task_count();
    if !index.mounts_created() && pipeline.settings.volumes.is_empty() {
        return (
            dag_component(index, location, options, table, problems),
            tasks,
        );
    }
    let spec = match created_volume::desugar(pipeline) {
        Ok(desugared) => dag_component(Index::new(&desugared), location, options, table, problems),
        Err(message) => {
            problems.push(problem(location, message));
            dag_component(index, location, options, table, problems)
        }
    };
    (spec, tasks)
}

/// The DAG component of the pipeline `index` indexes.
fn dag_component<'p>(
    index: Index<'p>,
    location: &str,
    options: &KfpOptions,
    table: &mut ComponentTable,
    problems: &mut Vec<Problem>,
) -> ComponentSpec {
    let pipeline = index.pipeline;
    // One component per group, and (mostly) one per component of the pipeline.
    table.reserve(index.group_count() + pipeline.components.len());
    let mut scope = Scope {
        index,
        collected: BTreeMap::new(),
        location: location.to_string(),
        plain: vec![None; pipeline.components.len()],
        options,
        table,
        problems,
    };
    scope.scan_collected();
    let tasks = scope.dag(&pipeline.root, &[], None);
    let (output_definitions, outputs) = scope.pipeline_outputs();
    ComponentSpec {
        dag: Some(DagSpec { outputs, tasks }),
        executor_label: None,
        input_definitions: parameter_definitions(pipeline),
        output_definitions,
    }
}

fn problem(location: &str, message: String) -> Problem {
    Problem {
        location: location.to_string(),
        message,
    }
}

/// A pipeline's parameters as the inputs of its DAG component.
fn parameter_definitions(pipeline: &Pipeline) -> IoDefinitions {
    let mut defs = IoDefinitions::default();
    for p in &pipeline.parameters {
        let decl = Declaration {
            default: p.default.clone(),
            description: p.description.clone(),
            optional: p.default.is_some(),
        };
        ValueType::Param(parameter_type(p.ty)).declare(&mut defs, p.name.clone(), decl);
    }
    defs
}

/// A collected task output a loop exposes: (producer key, output, type).
type CollectedOutput = (Name, String, ValueType);

/// Lowering state for one pipeline.
struct Scope<'p, 't> {
    index: Index<'p>,
    /// Per loop (IR name): the outputs it collects, by loop output name.
    collected: BTreeMap<String, BTreeMap<String, CollectedOutput>>,
    location: String,
    /// The component of each container component whose tasks add nothing of their own (no
    /// pod settings, no artifact lists): every such task shares one. By the index's number of
    /// the pipeline's component.
    plain: Vec<Option<Name>>,
    options: &'t KfpOptions,
    table: &'t mut ComponentTable,
    problems: &'t mut Vec<Problem>,
}

/// What a group task and its DAG component are made of.
struct Group<'g, 'p> {
    key: Name,
    parent: &'g [Name],
    full: Vec<Name>,
    needs: Needs<'p>,
    /// The `after` targets named in the group's body.
    afters: &'g [&'p str],
    tasks: SortedMap<TaskSpec, Name>,
    item: Option<(String, ParameterType)>,
    outputs: (IoDefinitions, DagOutputs),
    trigger: Option<String>,
}

impl<'p> Scope<'p, '_> {
    /// The value, or `None` with the problem reported under `what` (built only then).
    fn report<T>(&mut self, what: impl FnOnce() -> String, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|message| {
                let location = format!("{} › {}", self.location, what());
                self.problems.push(problem(&location, message));
            })
            .ok()
    }

    /// The task key of the node named `name`, shared with the index.
    fn key(&self, name: &str) -> Name {
        self.index
            .location(name)
            .map_or_else(|| node_key(name), |l| l.key.clone())
    }

    /// The task key of the node named `name` and, for a task, the number of its component, with
    /// one lookup.
    fn key_and_component(&self, name: &str) -> (Name, Option<u32>) {
        match self.index.node(name) {
            Some(n) => (n.location.key.clone(), n.component),
            None => (node_key(name), None),
        }
    }

    /// Find every collected (fan-in) output and the loop that exposes it.
    fn scan_collected(&mut self) {
        // The index noted them while it read the tasks.
        for (task, output) in self.index.take_collected() {
            let found = self.collected_output(task, output);
            if let Some((lp, name, out)) = self.report(|| format!("task `{task}`"), found) {
                self.collected.entry(lp).or_default().insert(name, out);
            }
        }
    }

    fn collected_output(
        &self,
        task: &str,
        output: &str,
    ) -> Result<(String, String, CollectedOutput), String> {
        let info = self.index.loop_of(task).ok_or_else(|| {
            format!("output `{output}` is collected, but task `{task}` is not inside a loop")
        })?;
        let location = self
            .index
            .location(task)
            .ok_or_else(|| format!("unknown task `{task}`"))?;
        if !info.location.full_is(&location.path) {
            return Err(format!(
                "output `{output}` is collected, but task `{task}` is nested in a group inside \
                 loop `{}`; KFP collects only tasks directly in the loop body",
                info.lp.name
            ));
        }
        let ty = self
            .index
            .output_type(task, output)
            .ok_or_else(|| format!("task `{task}` has no output `{output}`"))?;
        let name = collected_output_name(task, output);
        let out = (location.key.clone(), output.to_string(), ty);
        Ok((info.lp.name.clone(), name, out))
    }

    /// The pipeline's outputs as its DAG component's outputs.
    fn pipeline_outputs(&mut self) -> (IoDefinitions, DagOutputs) {
        let mut defs = IoDefinitions::default();
        let mut outputs = DagOutputs::default();
        for o in &self.index.pipeline.outputs {
            let location = self.index.location(&o.from.task).cloned();
            let found = match location {
                Some(l) if l.path.is_empty() => Ok(l.key),
                Some(_) => Err(format!(
                    "pipeline output `{}` comes from task `{}` inside a group; KFP takes \
                     pipeline outputs only from top-level tasks",
                    o.name, o.from.task
                )),
                None => Err(format!("unknown task `{}`", o.from.task)),
            };
            let Some(key) = self.report(|| format!("output `{}`", o.name), found) else {
                continue;
            };
            let ty = ValueType::of(o.ty);
            ty.declare(&mut defs, o.name.clone(), Declaration::default());
            expose(
                &mut outputs,
                o.name.clone(),
                key.to_string(),
                o.from.output.clone(),
                ty,
            );
        }
        (defs, outputs)
    }

    /// The tasks of the DAG at `path`; what its nodes read goes into `reads` (the enclosing
    /// group's, while its body is lowered).
    fn dag(
        &mut self,
        dag: &'p Dag,
        path: &[Name],
        mut reads: Option<&mut Reads<'p>>,
    ) -> SortedMap<TaskSpec, Name> {
        let mut tasks = Vec::with_capacity(dag.nodes.len());
        for node in &dag.nodes {
            self.node(node, path, &mut tasks, reads.as_deref_mut());
        }
        SortedMap::from_unsorted(tasks)
    }

    fn node(
        &mut self,
        node: &'p Node,
        path: &[Name],
        tasks: &mut Vec<(Name, TaskSpec)>,
        reads: Option<&mut Reads<'p>>,
    ) {
        let (key, component) = self.key_and_component(node.name());
        let result = match node {
            Node::Task(t) => {
                if let Some(reads) = reads {
                    reads.task(t);
                }
                self.task(t, component, path, key.clone())
            }
            Node::Condition(c) => self.condition(c, path, &key, reads),
            Node::Loop(l) => self.for_loop(l, path, &key, reads),
            Node::ExitHandler(e) => self.exit_handler(e, path, &key, tasks, reads),
        };
        let what = || match node {
            Node::Task(_) => format!("task `{}`", node.name()),
            _ => format!("group `{}`", node.name()),
        };
        if let Some(spec) = self.report(what, result) {
            tasks.push((key, spec));
        }
    }

    /// A task whose key (its sanitised name) is `key`, calling the index's component number
    /// `component`.
    fn task(
        &mut self,
        t: &'p Task,
        component: Option<u32>,
        path: &[Name],
        key: Name,
    ) -> Result<TaskSpec, String> {
        let number = component.ok_or_else(|| format!("unknown component `{}`", t.component))?;
        let names = self.index.component(number);
        // At most one dependency per argument and per `after`; most tasks have one.
        let mut deps = Vec::with_capacity(t.arguments.len() + t.after.len());
        let (inputs, lists) = self.task_inputs(t, names, path, &mut deps)?;
        for target in &t.after {
            deps.extend(self.after_dependency(target, path, &key)?);
        }
        let name = self.task_component(t, number, path, &lists, &mut deps)?;
        Ok(TaskSpec {
            caching_options: Some(task_settings::caching(t.pod().caching.as_ref())),
            component_ref: ComponentRef { name },
            dependent_tasks: sorted_unique(deps),
            inputs,
            iterator_policy: None,
            parameter_iterator: None,
            retry_policy: task_settings::retry(t.pod().retry.as_ref())?.map(Box::new),
            task_info: TaskInfo {
                name: t.display_name.as_deref().map_or(key, Name::from),
            },
            trigger_policy: None,
        })
    }

    /// The task's inputs, and the artifact inputs that receive a collected list.
    fn task_inputs(
        &self,
        t: &'p Task,
        component: &ComponentNames<'p>,
        path: &[Name],
        deps: &mut Vec<Name>,
    ) -> Result<(TaskInputs, BTreeSet<String>), String> {
        let mut inputs = TaskInputs::default();
        let mut lists = BTreeSet::new();
        for (i, (name, arg)) in t.arguments.iter().enumerate() {
            let rest = t.arguments.len() - i;
            let (spec, shared) = component.input(name).ok_or_else(|| {
                let component = &component.component.name;
                format!("component `{component}` has no input `{name}`")
            })?;
            let resolved = resolve_argument(arg, path, &self.index)?;
            deps.extend(resolved.dependency);
            match (resolved.input, spec.ty.is_artifact()) {
                (TaskInput::Param(p), false) => {
                    if inputs.parameters.is_empty() {
                        inputs.parameters.reserve_exact(rest);
                    }
                    inputs.parameters.insert(shared.clone(), p);
                }
                (TaskInput::Artifact(a), true) => {
                    if matches!(arg, Argument::Collected(_)) {
                        lists.insert(name.clone());
                    }
                    if inputs.artifacts.is_empty() {
                        inputs.artifacts.reserve_exact(rest);
                    }
                    inputs.artifacts.insert(shared.clone(), a);
                }
                (TaskInput::Param(_), true) => {
                    return Err(format!("passes a parameter to artifact input `{name}`"));
                }
                (TaskInput::Artifact(_), false) => {
                    return Err(format!("passes an artifact to parameter input `{name}`"));
                }
            }
        }
        Ok((inputs, lists))
    }

    /// The sibling of the DAG at `path` that must finish before a node there because of an
    /// `after`; `None` if the target is outside that DAG (the enclosing group waits for it).
    fn after_dependency(
        &self,
        target: &str,
        path: &[Name],
        own: &str,
    ) -> Result<Option<Name>, String> {
        let location = self
            .index
            .location(target)
            .ok_or_else(|| format!("runs after unknown task or group `{target}`"))?;
        Ok(location
            .child_of(path)
            .filter(|k| k.as_str() != own)
            .cloned())
    }

    /// The component (and executor) a task runs; returns its name.
    fn task_component(
        &mut self,
        t: &'p Task,
        number: u32,
        path: &[Name],
        lists: &BTreeSet<String>,
        deps: &mut Vec<Name>,
    ) -> Result<Name, String> {
        let component = self.index.component(number).component;
        let plain = matches!(component.implementation, Implementation::Container(_))
            && lists.is_empty()
            && !t.has_pod_settings();
        if !plain {
            return self.own_component(t, component, path, lists, deps);
        }
        if let Some(name) = &self.plain[number as usize] {
            return Ok(name.clone());
        }
        let name = self.own_component(t, component, path, lists, deps)?;
        self.plain[number as usize] = Some(name.clone());
        Ok(name)
    }

    /// The component (and executor) of one task, built for it and then shared with identical
    /// ones in the table.
    fn own_component(
        &mut self,
        t: &'p Task,
        component: &Component,
        path: &[Name],
        lists: &BTreeSet<String>,
        deps: &mut Vec<Name>,
    ) -> Result<Name, String> {
        let base = sanitize(&component.name);
        let interface = ComponentSpec {
            input_definitions: io_definitions(&component.inputs, lists),
            output_definitions: io_definitions(&component.outputs, &BTreeSet::new()),
            ..ComponentSpec::default()
        };
        match &component.implementation {
            Implementation::Container(c) => {
                let exec = executor::container(c, component, t, lists)?;
                let label = self.options.accelerator_label();
                let k8s = kubernetes::executor_config(t, path, &self.index, label, deps)?;
                Ok(self.table.add_executor(&base, interface, exec, k8s))
            }
            Implementation::Importer(i) => {
                container_settings_unused(t, "an importer")?;
                let exec = executor::importer(i, t)?;
                let k8s = KubernetesExecutorConfig::default();
                Ok(self.table.add_executor(&base, interface, exec, k8s))
            }
            Implementation::Pipeline(inner) => {
                container_settings_unused(t, "a nested pipeline")?;
                let location = format!("{} › pipeline `{}`", self.location, inner.name);
                let spec =
                    pipeline_component(inner, &location, self.options, self.table, self.problems).0;
                Ok(self.table.add_dag(&sanitize(&inner.name), spec, true))
            }
            Implementation::Resource(r) => Err(format!(
                "component `{}` is a Kubernetes resource step ({} a manifest), which KFP \
                 cannot run; use a container component that calls kubectl, or compile for argo",
                component.name, r.action
            )),
        }
    }

    fn condition(
        &mut self,
        c: &'p Condition,
        parent: &[Name],
        key: &Name,
        outer: Option<&mut Reads<'p>>,
    ) -> Result<TaskSpec, String> {
        if c.branches.len() == 1 {
            return self.branch(c, 0, parent, key, outer);
        }
        let full = child_path(parent, key);
        let mut reads = Reads::own(Own::Branches(&c.branches, c.branches.len()));
        let mark = self.problems.len();
        let mut tasks = Vec::with_capacity(c.branches.len());
        for (i, b) in c.branches.iter().enumerate() {
            let bkey = self.key(&b.name);
            let spec = self.branch(c, i, &full, &bkey, Some(&mut reads));
            if let Some(spec) = self.report(|| format!("group `{}`", b.name), spec) {
                tasks.push((bkey, spec));
            }
        }
        if let Some(outer) = outer {
            outer.extend(&reads);
        }
        let needs = self.before_body(mark, needs(&full, &reads, &self.index))?;
        let tasks = SortedMap::from_unsorted(tasks);
        self.group(Group {
            key: key.clone(),
            parent,
            full,
            needs,
            afters: reads.afters(),
            tasks,
            item: None,
            outputs: Default::default(),
            trigger: None,
        })
    }

    /// The result of a check that comes before a group's body: the body is lowered first (it
    /// notes what the group reads on the way), so when the check fails, the problems found in
    /// the body since `mark` are withdrawn, as if the body had not been lowered.
    fn before_body<T>(&mut self, mark: usize, result: Result<T, String>) -> Result<T, String> {
        if result.is_err() {
            self.problems.truncate(mark);
        }
        result
    }

    /// Branch `i` of a condition as a group with its trigger.
    fn branch(
        &mut self,
        c: &'p Condition,
        i: usize,
        parent: &[Name],
        key: &Name,
        outer: Option<&mut Reads<'p>>,
    ) -> Result<TaskSpec, String> {
        let b = &c.branches[i];
        let full = child_path(parent, key);
        let mut reads = Reads::own(Own::Branches(&c.branches, i + 1));
        let mark = self.problems.len();
        let tasks = self.dag(&b.body, &full, Some(&mut reads));
        if let Some(outer) = outer {
            outer.extend(&reads);
        }
        let needs = self.before_body(mark, needs(&full, &reads, &self.index))?;
        let trigger = branch_condition(&c.branches, i, &self.index, &needs);
        let trigger = self.before_body(mark, trigger)?;
        self.group(Group {
            key: key.clone(),
            parent,
            full,
            needs,
            afters: reads.afters(),
            tasks,
            item: None,
            outputs: Default::default(),
            trigger,
        })
    }

    fn for_loop(
        &mut self,
        l: &'p Loop,
        parent: &[Name],
        key: &Name,
        outer: Option<&mut Reads<'p>>,
    ) -> Result<TaskSpec, String> {
        let full = child_path(parent, key);
        let items_use = loop_items_use(&l.items);
        let mut reads = Reads::own(Own::Items(items_use.clone()));
        let mark = self.problems.len();
        let tasks = self.dag(&l.body, &full, Some(&mut reads));
        if let Some(outer) = outer {
            outer.extend(&reads);
        }
        let checked = self.loop_checks(l, &full, items_use, &reads);
        let (item, items, needs) = self.before_body(mark, checked)?;
        let outputs = self.loop_outputs(&l.name);
        let mut spec = self.group(Group {
            key: key.clone(),
            parent,
            full,
            needs,
            afters: reads.afters(),
            tasks,
            item: Some((item.0.to_string(), item.1)),
            outputs,
            trigger: None,
        })?;
        spec.parameter_iterator = Some(Box::new(ParameterIterator {
            item_input: item.0.to_string(),
            items,
        }));
        spec.iterator_policy = l
            .parallelism
            .filter(|n| *n > 0)
            .map(|parallelism_limit| IteratorPolicy { parallelism_limit });
        Ok(spec)
    }

    /// A loop's item input, its items and the inputs its group needs.
    fn loop_checks(
        &self,
        l: &'p Loop,
        full: &[Name],
        items_use: Option<Use<'p>>,
        reads: &Reads<'p>,
    ) -> Result<((Name, ParameterType), ItemsSpec, Needs<'p>), String> {
        let info = self
            .index
            .loop_info(&l.name)
            .ok_or_else(|| format!("unknown loop `{}`", l.name))?;
        let item = (info.item_input.clone(), info.item_type);
        let items = match (&l.items, &items_use) {
            (LoopItems::Static(values), _) => {
                ItemsSpec::Raw(python_json::dumps(&Value::Array(values.clone())))
            }
            (_, Some(u)) => ItemsSpec::InputParameter(u.channel_name(&self.index)?.to_string()),
            (_, None) => return Err("the loop has no items".to_string()),
        };
        let needs = needs(full, reads, &self.index)?;
        Ok((item, items, needs))
    }

    /// The collected outputs a loop exposes, as LIST parameters or artifact lists.
    fn loop_outputs(&self, lp: &str) -> (IoDefinitions, DagOutputs) {
        let mut defs = IoDefinitions::default();
        let mut outputs = DagOutputs::default();
        for (name, (producer, output, ty)) in self.collected.get(lp).into_iter().flatten() {
            let list = match ty {
                ValueType::Param(_) => ValueType::Param(ParameterType::List),
                ValueType::Artifact(a) | ValueType::ArtifactList(a) => ValueType::ArtifactList(*a),
            };
            list.declare(&mut defs, name.clone(), Declaration::default());
            expose(
                &mut outputs,
                name.clone(),
                producer.to_string(),
                output.clone(),
                list,
            );
        }
        (defs, outputs)
    }

    /// The exit handler's body as a group; its exit task goes beside it into `tasks`.
    fn exit_handler(
        &mut self,
        e: &'p ExitHandler,
        parent: &[Name],
        key: &Name,
        tasks: &mut Vec<(Name, TaskSpec)>,
        outer: Option<&mut Reads<'p>>,
    ) -> Result<TaskSpec, String> {
        let full = child_path(parent, key);
        let mut reads = Reads::own(Own::Nothing);
        let mark = self.problems.len();
        let body = self.dag(&e.body, &full, Some(&mut reads));
        // The exit task reads before the body does.
        if let Some(outer) = outer {
            outer.task(&e.exit_task);
            outer.extend(&reads);
        }
        let needs = self.before_body(mark, needs(&full, &reads, &self.index))?;
        let (exit_key, component) = self.key_and_component(&e.exit_task.name);
        let exit = self
            .task(&e.exit_task, component, parent, exit_key.clone())
            .map(|mut spec| {
                spec.dependent_tasks.push(key.clone());
                spec.dependent_tasks.sort();
                spec.dependent_tasks.dedup();
                spec.trigger_policy = Some(Box::new(TriggerPolicy {
                    condition: None,
                    strategy: Some(ALL_UPSTREAM_TASKS_COMPLETED.to_string()),
                }));
                spec
            });
        if let Some(spec) = self.report(|| format!("task `{}`", e.exit_task.name), exit) {
            tasks.push((exit_key, spec));
        }
        self.group(Group {
            key: key.clone(),
            parent,
            full,
            needs,
            afters: reads.afters(),
            tasks: body,
            item: None,
            outputs: Default::default(),
            trigger: None,
        })
    }

    /// A group's DAG component (registered in the table) and the task that runs it.
    fn group(&mut self, g: Group<'_, 'p>) -> Result<TaskSpec, String> {
        let mut input_definitions = IoDefinitions::default();
        // Each map is made exactly as large as it gets: most groups take one or two inputs.
        let artifacts = g.needs.values().filter(|(_, ty)| ty.is_artifact()).count();
        let parameters = g.needs.len() - artifacts + usize::from(g.item.is_some());
        input_definitions.artifacts.reserve_exact(artifacts);
        input_definitions.parameters.reserve_exact(parameters);
        for (name, (_, ty)) in g.needs.iter() {
            ty.declare(
                &mut input_definitions,
                name.to_string(),
                Declaration::default(),
            );
        }
        if let Some((name, ty)) = &g.item {
            ValueType::Param(*ty).declare(
                &mut input_definitions,
                name.clone(),
                Declaration::default(),
            );
        }
        let mut deps = Vec::new();
        let inputs = self.group_inputs(&g.needs, g.parent, &mut deps)?;
        self.group_afters(&g, &mut deps)?;
        let (output_definitions, outputs) = g.outputs;
        let component = ComponentSpec {
            dag: Some(DagSpec {
                outputs,
                tasks: g.tasks,
            }),
            executor_label: None,
            input_definitions,
            output_definitions,
        };
        let name = self.table.add_dag(&g.key, component, false);
        Ok(TaskSpec {
            caching_options: None,
            component_ref: ComponentRef { name },
            dependent_tasks: sorted_unique(deps),
            inputs,
            iterator_policy: None,
            parameter_iterator: None,
            retry_policy: None,
            task_info: TaskInfo { name: g.key },
            trigger_policy: g.trigger.map(|condition| {
                Box::new(TriggerPolicy {
                    condition: Some(condition),
                    strategy: None,
                })
            }),
        })
    }

    /// The group task passes each needed value in under its channel name.
    fn group_inputs(
        &self,
        needs: &Needs<'p>,
        parent: &[Name],
        deps: &mut Vec<Name>,
    ) -> Result<TaskInputs, String> {
        let mut inputs = TaskInputs::default();
        for (i, (name, (u, _))) in needs.iter().enumerate() {
            let rest = needs.len() - i;
            let resolved = resolve(u, || Ok(name.clone()), parent, &self.index)?;
            deps.extend(resolved.dependency);
            match resolved.input {
                TaskInput::Param(p) => {
                    if inputs.parameters.is_empty() {
                        inputs.parameters.reserve_exact(rest);
                    }
                    inputs.parameters.insert(name.clone(), p);
                }
                TaskInput::Artifact(a) => {
                    if inputs.artifacts.is_empty() {
                        inputs.artifacts.reserve_exact(rest);
                    }
                    inputs.artifacts.insert(name.clone(), a);
                }
            }
        }
        Ok(inputs)
    }

    /// A group waits for what the tasks inside it run `after`, when that lies outside it.
    fn group_afters(&self, g: &Group<'_, 'p>, deps: &mut Vec<Name>) -> Result<(), String> {
        for &target in g.afters {
            let location = self
                .index
                .location(target)
                .ok_or_else(|| format!("runs after unknown task or group `{target}`"))?;
            if location.full_starts_with(&g.full) {
                continue;
            }
            let child = location.child_of(g.parent).filter(|k| **k != g.key);
            deps.extend(child.cloned());
        }
        Ok(())
    }
}

fn child_path(parent: &[Name], key: &Name) -> Vec<Name> {
    let mut full = Vec::with_capacity(parent.len() + 1);
    full.extend_from_slice(parent);
    full.push(key.clone());
    full
}

/// Dependencies in KFP's order (sorted), each once; most tasks have one.
fn sorted_unique(mut deps: Vec<Name>) -> Vec<Name> {
    if deps.len() > 1 {
        deps.sort_unstable();
        deps.dedup();
    }
    deps
}

/// Expose a task's output as a DAG output.
fn expose(outputs: &mut DagOutputs, name: String, producer: String, output: String, ty: ValueType) {
    if ty.is_artifact() {
        let selector = ArtifactSelector {
            output_artifact_key: output,
            producer_subtask: producer,
        };
        let spec = DagOutputArtifact {
            artifact_selectors: vec![selector],
        };
        outputs.artifacts.insert(name, spec);
    } else {
        let value_from_parameter = ParameterSelector {
            output_parameter_key: output,
            producer_subtask: producer,
        };
        let spec = DagOutputParameter {
            value_from_parameter,
        };
        outputs.parameters.insert(name, spec);
    }
}

/// Container-only settings on a task that runs no container of its own.
fn container_settings_unused(t: &Task, kind: &str) -> Result<(), String> {
    let pod = t.pod();
    let set = [
        (!pod.resources.is_empty(), "resources"),
        (!pod.env.is_empty(), "env"),
        (!pod.secret_env.is_empty(), "secret env"),
        (!pod.volumes.is_empty(), "volumes"),
        (!pod.node_selector.is_empty(), "node selector"),
        (!pod.tolerations.is_empty(), "tolerations"),
        (
            !pod.labels.is_empty() || !pod.annotations.is_empty(),
            "pod metadata",
        ),
        (pod.timeout_seconds.is_some(), "timeout"),
    ];
    let used: Vec<&str> = set.iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect();
    if used.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the task runs {kind}, which has no container of its own on KFP, yet sets {}",
            used.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use pipec_dsl::ir::Pipeline;

    use crate::kfp::{KfpOptions, lower};

    fn lower_json(json: serde_json::Value) -> Result<String, String> {
        let pipeline: Pipeline = serde_json::from_value(json).expect("valid IR");
        let checked = pipec_dsl::validate(pipeline).map_err(|e| e.to_string())?;
        lower(&checked, &KfpOptions::default())
            .map(|k| serde_json::to_string(&k.spec).expect("serialisable"))
            .map_err(|e| e.to_string())
    }

    fn echo() -> serde_json::Value {
        serde_json::json!({
            "name": "echo",
            "inputs": [{"name": "text", "type": "string"}],
            "outputs": [{"name": "out", "type": "string"}],
            "implementation": {"container": {
                "image": "alpine", "command": ["echo"],
                "args": [{"input_value": "text"}, {"output_path": "out"}]
            }}
        })
    }

    #[test]
    fn identical_tasks_share_one_component_and_executor() {
        let spec = lower_json(serde_json::json!({
            "name": "share",
            "components": {"echo": echo()},
            "root": {"nodes": [
                {"task": {"name": "a", "component": "echo", "arguments": {"text": {"constant": "x"}}}},
                {"task": {"name": "b", "component": "echo", "arguments": {"text": {"constant": "y"}}}},
                {"task": {"name": "c", "component": "echo", "arguments": {"text": {"constant": "z"}},
                          "env": [{"name": "A", "value": "1"}]}}
            ]}
        }))
        .unwrap();
        assert!(spec.contains(r#""comp-echo":"#) && spec.contains(r#""comp-echo-2":"#));
        assert!(!spec.contains("comp-echo-3"), "{spec}");
        assert!(spec.contains(r#""exec-echo-2":{"container":{"args""#));
    }

    #[test]
    fn a_resource_step_is_an_error_naming_the_task() {
        let err = lower_json(serde_json::json!({
            "name": "deploy",
            "components": {"apply": {"name": "apply", "implementation": {"resource": {
                "action": "apply", "manifest": "kind: ConfigMap"
            }}}},
            "root": {"nodes": [{"task": {"name": "apply-it", "component": "apply"}}]}
        }))
        .unwrap_err();
        assert!(
            err.contains("task `apply-it`") && err.contains("resource step"),
            "{err}"
        );
    }

    #[test]
    fn a_group_that_cannot_be_lowered_reports_nothing_from_its_body() {
        // The branch's condition reads a loop item's field, which KFP cannot compare; the task
        // in its body (a resource step) is not reported, as the group is never built.
        let err = lower_json(serde_json::json!({
            "name": "field",
            "components": {"echo": echo(), "apply": {"name": "apply", "implementation": {
                "resource": {"action": "apply", "manifest": "kind: ConfigMap"}
            }}},
            "root": {"nodes": [
                {"loop": {"name": "for-loop-2", "items": {"static": [{"a": "x"}]},
                  "body": {"nodes": [{"condition": {"name": "condition-3", "branches": [{
                    "name": "condition-3-then",
                    "when": {"compare": {"op": "eq",
                      "left": {"loop_item": {"loop": "for-loop-2", "field": "a"}},
                      "right": {"constant": "x"}}},
                    "body": {"nodes": [{"task": {"name": "apply-it", "component": "apply"}}]}
                  }]}}]}}}
            ]}
        }))
        .unwrap_err();
        assert!(
            err.contains("group `condition-3`") && err.contains("field of a loop item"),
            "{err}"
        );
        assert!(!err.contains("apply-it"), "{err}");
    }

    #[test]
    fn loops_receive_outside_values_as_channels_deterministically() {
        let json = serde_json::json!({
            "name": "twice",
            "components": {"echo": echo()},
            "root": {"nodes": [
                {"task": {"name": "a", "component": "echo", "arguments": {"text": {"constant": "x"}}}},
                {"loop": {"name": "for-loop-2", "items": {"static": [1, 2]}, "parallelism": 1,
                  "body": {"nodes": [{"task": {"name": "b", "component": "echo",
                    "arguments": {"text": {"task_output": {"task": "a", "output": "out"}}}}}]}}}
            ]}
        });
        let first = lower_json(json.clone()).unwrap();
        assert_eq!(first, lower_json(json).unwrap());
        assert!(
            first.contains(r#""pipelinechannel--a-out":{"taskOutputParameter""#),
            "{first}"
        );
        assert!(first.contains(r#""itemInput":"pipelinechannel--loop-item-param-1""#));
        assert!(first.contains(r#""raw":"[1, 2]""#));
    }
}

//! The second pass: write each scope as a DAG template, and each task, branch, loop and exit
//! handler in it as a DAG task.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Arc;

use pipec_dsl::ir::{
    Argument, Component, Condition, ExitHandler, Implementation, IoSpec, Loop, LoopItems, Node,
    ParamType, Pipeline, Task,
};

use super::container::{self, text_of};
use super::depends::MemberId;
use super::importer::{self, Uri};
use super::lower::Lowering;
use super::model::{
    Arguments, Artifact, DagTask, DagTemplate, LifecycleHook, Parameter, Template, ValueFrom,
};
use super::nodes::NodeId;
use super::scope_tree::{Body, Layout, Piece, ScopeTree};
use super::site::Site;
use super::source::{PipelineCtx, Source};
use super::task_sources::Classified;
use super::value::{Ref, Value};
use super::when::{self, Operand, constant_type};
use super::{resource, uses};
use crate::CompileError;

/// One scope being written: the pipeline, its scope tree and the scope's index.
struct At<'c, 'a> {
    ctx: &'c PipelineCtx<'a>,
    tree: &'c ScopeTree<'a>,
    scope: usize,
    /// The last value resolved and its reference: the tasks of a loop body or of a fan-out
    /// read one value one after the other, and resolving it takes a few hash look-ups.
    last: Cell<Option<(Value<'a>, Ref<'c>)>>,
}

impl<'c, 'a> At<'c, 'a> {
    /// The reference this scope uses for a value.
    fn resolve(&self, v: &Value<'a>, at: Site) -> Result<Ref<'c>, CompileError> {
        if let Some((last, r)) = self.last.get()
            && last == *v
        {
            return Ok(r);
        }
        let r = self.resolve_anew(v, at)?;
        self.last.set(Some((*v, r)));
        Ok(r)
    }

    fn resolve_anew(&self, v: &Value<'a>, at: Site) -> Result<Ref<'c>, CompileError> {
        self.tree.resolve(v, self.scope).ok_or_else(|| {
            CompileError::unsupported(
                at.to_string(),
                format!(
                    "`{}` cannot be reached from here (an internal error)",
                    v.carrier()
                ),
            )
        })
    }

    /// The scope run by DAG task `i` of group `id` (see [`ScopeTree::group`]).
    fn group(&self, id: NodeId, i: usize, at: Site) -> Result<usize, CompileError> {
        self.tree.group(id, i).ok_or_else(|| {
            CompileError::unsupported(at.to_string(), "the group has no scope (an internal error)")
        })
    }

    /// The `depends` of a member of this scope.
    fn depends(&self, member: MemberId) -> Option<String> {
        let awaited = self.tree.depends(member);
        let (first, rest) = awaited.split_first()?;
        let first = self.tree.member_name(*first);
        if rest.is_empty() {
            return Some(first.to_string());
        }
        let len = rest
            .iter()
            .map(|m| self.tree.member_name(*m).len() + 4)
            .sum::<usize>();
        let mut out = String::with_capacity(first.len() + len);
        out.push_str(first);
        for m in rest {
            out.push_str(" && ");
            out.push_str(self.tree.member_name(*m));
        }
        Some(out)
    }

    /// A DAG task for member `member` of this scope, running `template`.
    fn dag_task(&self, member: MemberId, template: Arc<str>, arguments: Arguments) -> DagTask {
        // Every field spelled out: `..DagTask::default()` would build and drop a second
        // `Arguments` per task.
        DagTask {
            name: self.tree.member_name(member).to_string(),
            template,
            depends: self.depends(member),
            when: None,
            with_items: None,
            with_param: None,
            arguments,
            hooks: BTreeMap::new(),
        }
    }

    /// The DAG task running child scope `child`, with one argument per input of the child.
    fn child_task(&self, child: usize, at: Site) -> Result<DagTask, CompileError> {
        let scope = &self.tree.scopes[child];
        let arguments = self.child_arguments(child, at)?;
        Ok(self.dag_task(scope.member, Arc::clone(&scope.template), arguments))
    }

    fn child_arguments(&self, child: usize, at: Site) -> Result<Arguments, CompileError> {
        let mut args = arguments(self.tree.inputs(child).len());
        for (carrier, v) in self.tree.inputs(child) {
            let r = self.resolve(v, at)?.template();
            if v.is_artifact() {
                args.artifacts.push(from_artifact(carrier, r));
            } else {
                args.parameters.push(value_parameter(carrier, r));
            }
        }
        Ok(args)
    }

    /// A source as parameter text.
    fn text(&self, src: &Source<'a>, at: Site) -> Result<String, CompileError> {
        match src {
            Source::Constant(v) => Ok(text_of(v)),
            Source::Global(p) => Ok(Ref::Global(p).template()),
            Source::Value(v) => Ok(self.resolve(v, at)?.template()),
            Source::Import(_) => Err(CompileError::unsupported(
                at.to_string(),
                "an imported artifact is passed where a parameter is expected",
            )),
        }
    }
}

impl<'a> Lowering<'a> {
    /// Lower a pipeline (the compiled one or a nested one); returns its root template's name.
    pub(super) fn pipeline(
        &mut self,
        ctx: &PipelineCtx<'a>,
        root_name: &str,
    ) -> Result<String, CompileError> {
        let max = self.options.max_dag_tasks();
        // Numbering measured every DAG: only a pipeline with an oversized one is planned.
        let layout = if ctx.nodes.widest() > max {
            Layout::plan(ctx, max)
        } else {
            Layout::default()
        };
        let split = layout.splits();
        // A template per scope (the root, each group body, each part) and about one step
        // template per component: reserved at once, as the list grows by whole templates.
        let scopes = 1 + ctx.nodes.bodies() + layout.parts();
        self.templates
            .expect(scopes + ctx.pipeline.components.len());
        let mut tree = ScopeTree::build(
            &ctx.pipeline.root,
            root_name,
            &mut self.templates,
            &ctx.nodes,
            layout,
        );
        if let Err(e) = uses::record(ctx, &mut tree) {
            if split {
                // Report the first bad use in declaration order, as an unsplit pipeline does.
                let mut plain = ScopeTree::build(
                    &ctx.pipeline.root,
                    root_name,
                    &mut super::templates::Templates::default(),
                    &ctx.nodes,
                    Layout::default(),
                );
                uses::record(ctx, &mut plain)?;
            }
            return Err(e);
        }
        for scope in 0..tree.scopes.len() {
            let at = At {
                ctx,
                tree: &tree,
                scope,
                last: Cell::new(None),
            };
            let template = self.scope_template(&at)?;
            self.templates.fill(tree.scopes[scope].slot, template);
        }
        Ok(String::from(&*tree.scopes[0].template))
    }

    fn scope_template(&mut self, at: &At<'_, 'a>) -> Result<Template, CompileError> {
        let scope = &at.tree.scopes[at.scope];
        let here = Site::Group(&at.ctx.location, &scope.template);
        let mut t = Template {
            name: String::from(&*scope.template),
            parallelism: scope.parallelism,
            ..Template::default()
        };
        if at.scope == 0 && !at.ctx.is_root {
            nested_interface(at, &mut t, here)?;
        }
        t.inputs
            .parameters
            .reserve_exact(at.tree.inputs(at.scope).len());
        for (carrier, v) in at.tree.inputs(at.scope) {
            if v.is_artifact() {
                t.inputs.artifacts.push(named_artifact(carrier));
            } else {
                t.inputs.parameters.push(named_parameter(carrier));
            }
        }
        for (carrier, v) in at.tree.outputs(at.scope) {
            let r = at.resolve(v, here)?.template();
            if v.is_artifact() {
                t.outputs.artifacts.push(from_artifact(carrier, r));
            } else {
                t.outputs.parameters.push(output_parameter(carrier, r));
            }
        }
        // Most nodes and pieces are one DAG task each: the list is allocated once at that size.
        let mut tasks = Vec::with_capacity(match &scope.body {
            Body::Dag(dag, _) => dag.nodes.len(),
            Body::Loop(..) => 1,
            Body::Parts(pieces) => pieces.len(),
        });
        match &scope.body {
            Body::Dag(dag, start) => {
                for (i, n) in dag.nodes.iter().enumerate() {
                    self.node(at, n, start.wrapping_add(i as NodeId), &mut tasks)?;
                }
            }
            Body::Loop(l, _) => tasks.push(loop_task(at, l)?),
            Body::Parts(pieces) => {
                for piece in pieces {
                    match *piece {
                        Piece::Node(n, id) => self.node(at, n, id, &mut tasks)?,
                        Piece::Scope(part) => tasks.push(at.child_task(part, here)?),
                    }
                }
            }
        }
        t.dag = Some(DagTemplate { tasks });
        Ok(t)
    }

    /// Add the DAG tasks standing for node `n`, id `id`, to `tasks`.
    fn node(
        &mut self,
        at: &At<'_, 'a>,
        n: &'a Node,
        id: NodeId,
        tasks: &mut Vec<DagTask>,
    ) -> Result<(), CompileError> {
        match n {
            Node::Task(_) if at.ctx.nodes.is_importer(id) => {}
            Node::Task(t) => {
                let (template, arguments) = self.call(at, id, t)?;
                let member = at.tree.member_of(id).unwrap_or(MemberId::MAX);
                tasks.push(at.dag_task(member, template, arguments));
            }
            Node::Condition(c) => branch_tasks(at, c, id, tasks)?,
            Node::Loop(l) => match l.parallelism {
                None => tasks.push(loop_task(at, l)?),
                Some(_) => {
                    let here = at.ctx.group(&l.name);
                    let limit_scope = at.group(id, 0, here)?;
                    tasks.push(at.child_task(limit_scope, here)?);
                }
            },
            Node::ExitHandler(e) => tasks.push(self.exit_handler(at, e, id)?),
        }
        Ok(())
    }

    fn exit_handler(
        &mut self,
        at: &At<'_, 'a>,
        e: &'a ExitHandler,
        id: NodeId,
    ) -> Result<DagTask, CompileError> {
        let here = at.ctx.group(&e.name);
        let body = at.group(id, 0, here)?;
        let exit = at.ctx.nodes.info(id).map_or(NodeId::MAX, |i| i.exit_task);
        let (template, arguments) = self.call(at, exit, &e.exit_task)?;
        let mut task = at.child_task(body, here)?;
        task.hooks = BTreeMap::from([(
            "exit".to_string(),
            LifecycleHook {
                template,
                arguments,
            },
        )]);
        Ok(task)
    }

    /// The template task `task`, node `id`, runs and the arguments it passes.
    fn call(
        &mut self,
        at: &At<'_, 'a>,
        id: NodeId,
        task: &'a Task,
    ) -> Result<(Arc<str>, Arguments), CompileError> {
        let info = at.ctx.nodes.info(id);
        // Numbering looked the component up: `component` is only called for its error.
        let component = match info.and_then(|i| i.component) {
            Some(c) => c,
            None => at.ctx.component(id, task)?,
        };
        let here = at.ctx.at(info.map_or(&task.name, |i| i.name));
        let plain = info.map_or_else(|| !task.has_pod_settings(), |i| i.plain);
        let (template, claims) = match &component.implementation {
            Implementation::Container(_) if plain => {
                (self.plain_step(component, task, here)?, Vec::new())
            }
            Implementation::Container(spec) => {
                let step = container::step(
                    component,
                    spec,
                    task,
                    self.settings,
                    self.options,
                    &here.to_string(),
                )?;
                (
                    self.templates.intern(&component.name, step.template),
                    step.claims,
                )
            }
            Implementation::Resource(spec) => {
                let step = resource::step(component, spec, task, self.options, &here.to_string())?;
                (self.templates.intern(&component.name, step), Vec::new())
            }
            Implementation::Pipeline(p) => {
                reject_pod_settings(task, here)?;
                (self.nested(at.ctx, component, p)?, Vec::new())
            }
            Implementation::Importer(_) => {
                return Err(CompileError::unsupported(
                    here.to_string(),
                    "an importer cannot be an exit task on Argo",
                ));
            }
        };
        let parameters = component.inputs.iter().filter(|i| !i.ty.is_artifact());
        let mut args = arguments(parameters.count() + claims.len());
        let classified = at.ctx.task_sources.of(id);
        if info.is_some() && in_input_order(classified) {
            // The usual case: arguments already in the order of the inputs, nothing to sort.
            for (k, c) in classified.iter().enumerate() {
                let src = at.ctx.classified_source(c, k, task, here)?;
                self.argument(
                    at,
                    &component.inputs[c.input as usize],
                    &src,
                    here,
                    &mut args,
                )?;
            }
        } else {
            for (input, k) in input_order(at.ctx, id, component, task, here)? {
                let src = at.ctx.task_source(id, k, task, here)?;
                self.argument(at, &component.inputs[input], &src, here, &mut args)?;
            }
        }
        for (name, arg) in claims {
            let src = at.ctx.source(arg, here)?;
            args.parameters
                .push(value_parameter(&name, at.text(&src, here)?));
        }
        Ok((template, args))
    }

    /// The shared template of a container component's tasks without pod settings: such a task's
    /// template depends on the component alone.
    fn plain_step(
        &mut self,
        component: &Component,
        task: &Task,
        here: Site,
    ) -> Result<Arc<str>, CompileError> {
        let key = std::ptr::from_ref(component) as usize;
        if let Some(name) = self.plain_steps.get(&key) {
            return Ok(Arc::clone(name));
        }
        let here = here.to_string();
        let Implementation::Container(spec) = &component.implementation else {
            return Err(CompileError::unsupported(here, "not a container component"));
        };
        let step = container::step(component, spec, task, self.settings, self.options, &here)?;
        let name = self.templates.intern(&component.name, step.template);
        self.plain_steps.insert(key, Arc::clone(&name));
        Ok(name)
    }

    fn argument(
        &self,
        at: &At<'_, 'a>,
        input: &IoSpec,
        src: &Source<'a>,
        here: Site,
        args: &mut Arguments,
    ) -> Result<(), CompileError> {
        if !input.ty.is_artifact() {
            args.parameters
                .push(value_parameter(&input.name, at.text(src, here)?));
            return Ok(());
        }
        let artifact = match src {
            Source::Value(v) if v.is_artifact() => {
                from_artifact(&input.name, at.resolve(v, here)?.template())
            }
            Source::Import(uri) => importer::artifact(
                &input.name,
                &uri_of(at, uri, here)?,
                self.settings,
                &here.to_string(),
            )?,
            _ => {
                return Err(CompileError::unsupported(
                    here.to_string(),
                    format!(
                        "input `{}` is an artifact and needs a task's artifact output or an importer",
                        input.name
                    ),
                ));
            }
        };
        args.artifacts.push(artifact);
        Ok(())
    }

    /// The root template of a nested pipeline, lowered once however many tasks call it.
    fn nested(
        &mut self,
        ctx: &PipelineCtx<'a>,
        component: &'a Component,
        p: &'a Pipeline,
    ) -> Result<Arc<str>, CompileError> {
        let key = std::ptr::from_ref(p) as usize;
        if let Some(name) = self.nested.get(&key) {
            return Ok(Arc::clone(name));
        }
        let location = format!("{} › pipeline {}", ctx.location, component.name);
        let inner = PipelineCtx::new(p, false, location);
        let name: Arc<str> = self.pipeline(&inner, &component.name)?.into();
        self.nested.insert(key, Arc::clone(&name));
        Ok(name)
    }
}

/// The positions of a task's arguments among its component's inputs and among its arguments,
/// in the order of the inputs (the order Argo's arguments are written in).
fn input_order(
    ctx: &PipelineCtx,
    id: NodeId,
    component: &Component,
    task: &Task,
    here: Site,
) -> Result<Vec<(usize, usize)>, CompileError> {
    let classified = ctx.task_sources.of(id);
    let mut order = Vec::with_capacity(classified.len());
    for (k, c) in classified.iter().enumerate() {
        if c.input == u32::MAX {
            return Err(not_an_input(component, task, here));
        }
        order.push((c.input as usize, k));
    }
    if ctx.nodes.info(id).is_none() {
        // A node the pipeline's index does not know (an internal error): read the task itself.
        order.clear();
        for (k, name) in task.arguments.keys().enumerate() {
            match component.inputs.iter().position(|i| i.name == *name) {
                Some(i) => order.push((i, k)),
                None => return Err(not_an_input(component, task, here)),
            }
        }
    }
    order.sort_unstable();
    Ok(order)
}

/// Whether classified arguments feed known inputs in increasing order (so `input_order` would
/// leave them as they are).
fn in_input_order(classified: &[Classified]) -> bool {
    classified.windows(2).all(|w| w[0].input < w[1].input)
        && classified.last().is_none_or(|c| c.input != u32::MAX)
}

/// The first of a task's arguments its component has no input for.
fn not_an_input(component: &Component, task: &Task, here: Site) -> CompileError {
    let name = task
        .arguments
        .keys()
        .find(|name| component.input(name).is_none())
        .map_or("", String::as_str);
    CompileError::unsupported(
        here.to_string(),
        format!("`{name}` is not an input of component `{}`", component.name),
    )
}

/// A nested pipeline's root template takes its parameters and gives its outputs.
fn nested_interface(at: &At, t: &mut Template, here: Site) -> Result<(), CompileError> {
    for p in &at.ctx.pipeline.parameters {
        t.inputs.parameters.push(Parameter {
            name: p.name.clone(),
            default: p.default.as_ref().map(text_of),
            description: p.description.clone(),
            ..Parameter::default()
        });
    }
    for o in &at.ctx.pipeline.outputs {
        let v = Value::Output {
            task: &o.from.task,
            node: at.ctx.nodes.id(&o.from.task).unwrap_or(NodeId::MAX),
            output: &o.from.output,
            artifact: o.ty.is_artifact(),
        };
        let r = at.resolve(&v, here)?.template();
        if v.is_artifact() {
            t.outputs.artifacts.push(from_artifact(&o.name, r));
        } else {
            t.outputs.parameters.push(output_parameter(&o.name, r));
        }
    }
    Ok(())
}

/// The DAG task that runs a loop's body once per item.
fn loop_task<'a>(at: &At<'_, 'a>, l: &'a Loop) -> Result<DagTask, CompileError> {
    let body = at.tree.loops[l.name.as_str()].body;
    let here = at.ctx.group(&l.name);
    let mut task = at.child_task(body, here)?;
    match &l.items {
        LoopItems::Static(items) => task.with_items = Some(items.clone()),
        LoopItems::Parameter(p) => {
            task.with_param = Some(at.text(&at.ctx.parameter(p), here)?);
        }
        LoopItems::TaskOutput(r) => {
            let src = at.ctx.output(r, here, false)?;
            task.with_param = Some(at.text(&src, here)?);
        }
    }
    Ok(task)
}

/// One DAG task per branch, each with its `when`.
fn branch_tasks<'a>(
    at: &At<'_, 'a>,
    c: &'a Condition,
    id: NodeId,
    tasks: &mut Vec<DagTask>,
) -> Result<(), CompileError> {
    for (i, b) in c.branches.iter().enumerate() {
        let here = at.ctx.group(&b.name);
        let child = at.group(id, i, here)?;
        let when = when::branch_when(&c.branches, i, &mut |a| operand(at, a, here))?;
        let mut task = at.child_task(child, here)?;
        task.when = when;
        tasks.push(task);
    }
    Ok(())
}

fn operand<'c, 'a>(
    at: &At<'c, 'a>,
    a: &'a Argument,
    here: Site,
) -> Result<Operand<'a, 'c>, CompileError> {
    let (src, ty) = match a {
        // A task's output: its type comes with it, from the one lookup of the output.
        Argument::TaskOutput(r) => {
            let (src, ty) = at.ctx.typed_output(r, here, false)?;
            let ty = match ty {
                Some(pipec_dsl::ir::IoType::Param(t)) => Some(t),
                _ => None,
            };
            (src, ty)
        }
        _ => {
            let src = at.ctx.source(a, here)?;
            let ty = match (a, &src) {
                (Argument::Collected(_), _) => Some(ParamType::List),
                (_, Source::Global(p)) => at.ctx.pipeline.parameter(p).map(|p| p.ty),
                (_, Source::Value(v)) => value_type(at, v),
                _ => None,
            };
            (src, ty)
        }
    };
    match src {
        Source::Constant(v) => Ok(Operand::Constant(v)),
        Source::Global(p) => Ok(Operand::Reference(Ref::Global(p), ty)),
        Source::Value(v) => Ok(Operand::Reference(at.resolve(&v, here)?, ty)),
        // The error `text` reports for an import where a parameter is expected.
        other => at
            .text(&other, here)
            .map(|_| Operand::Constant(&serde_json::Value::Null)),
    }
}

/// The parameter type a value holds, when known.
fn value_type(at: &At, v: &Value) -> Option<ParamType> {
    match *v {
        Value::Param(p) => at.ctx.pipeline.parameter(p).map(|p| p.ty),
        Value::Output { node, output, .. } => match at.ctx.output_type(node, output)? {
            pipec_dsl::ir::IoType::Param(t) => Some(t),
            pipec_dsl::ir::IoType::Artifact(_) => None,
        },
        Value::Item { loop_name, field } => {
            let LoopItems::Static(items) = &at.tree.loops.get(loop_name)?.the_loop.items else {
                return None;
            };
            // The items' common type, if they share one.
            let types: Vec<_> = items
                .iter()
                .map(|i| match field {
                    None => constant_type(i),
                    Some(f) => i.get(f).and_then(constant_type),
                })
                .collect();
            let first = *types.first()?;
            types.iter().all(|t| *t == first).then_some(first)?
        }
    }
}

/// The URI of an import, read in this scope.
fn uri_of<'c, 'a>(at: &At<'c, 'a>, src: &Source<'a>, here: Site) -> Result<Uri<'c>, CompileError> {
    match src {
        Source::Constant(serde_json::Value::String(s)) => Ok(Uri::Constant(s.clone())),
        Source::Global(p) => Ok(Uri::Runtime(Ref::Global(p))),
        Source::Value(v) if !v.is_artifact() => Ok(Uri::Runtime(at.resolve(v, here)?)),
        _ => Err(CompileError::unsupported(
            here.to_string(),
            "an importer's URI must be a string",
        )),
    }
}

/// A nested pipeline runs as a DAG template, which has no pod to put settings on.
fn reject_pod_settings(task: &Task, here: Site) -> Result<(), CompileError> {
    let plain = Task {
        name: task.name.clone(),
        component: task.component.clone(),
        arguments: task.arguments.clone(),
        after: task.after.clone(),
        display_name: task.display_name.clone(),
        ..Task::default()
    };
    if *task == plain {
        Ok(())
    } else {
        Err(CompileError::unsupported(
            here.to_string(),
            "a nested pipeline runs as a DAG on Argo and takes no pod settings (resources, \
             retries, caching, timeout, env, volumes, scheduling, labels); set them on its tasks",
        ))
    }
}

/// Arguments with room for `parameters` parameters: allocated at that size at once, which
/// costs less than growing an empty list to it.
fn arguments(parameters: usize) -> Arguments {
    Arguments {
        parameters: Vec::with_capacity(parameters),
        artifacts: Vec::new(),
    }
}

fn named_parameter(name: &str) -> Parameter {
    Parameter {
        name: name.to_string(),
        ..Parameter::default()
    }
}

fn named_artifact(name: &str) -> Artifact {
    Artifact {
        name: name.to_string(),
        ..Artifact::default()
    }
}

fn value_parameter(name: &str, value: String) -> Parameter {
    Parameter {
        name: name.to_string(),
        value: Some(value),
        ..Parameter::default()
    }
}

fn output_parameter(name: &str, from: String) -> Parameter {
    Parameter {
        name: name.to_string(),
        value_from: Some(Box::new(ValueFrom {
            parameter: Some(from),
            ..ValueFrom::default()
        })),
        ..Parameter::default()
    }
}

fn from_artifact(name: &str, from: String) -> Artifact {
    Artifact {
        name: name.to_string(),
        from: Some(from),
        ..Artifact::default()
    }
}

//! The second pass: write each scope as a DAG template, and each task, branch, loop and exit
//! handler in it as a DAG task.

use std::collections::BTreeMap;

use pipec_dsl::ir::{
    Argument, Component, Condition, ExitHandler, Implementation, IoSpec, Loop, LoopItems, Node,
    ParamType, Pipeline, Task,
};
use pipec_dsl::name::sanitize;

use super::container::{self, text_of};
use super::importer::{self, Uri};
use super::lower::Lowering;
use super::model::{
    Arguments, Artifact, DagTask, DagTemplate, LifecycleHook, Parameter, Template, ValueFrom,
};
use super::scope_tree::{Body, Layout, Piece, ScopeTree};
use super::source::{PipelineCtx, Source};
use super::templates::Templates;
use super::value::{Ref, Value};
use super::when::{self, Operand, constant_type};
use super::{resource, split, uses};
use crate::CompileError;

/// One scope being written: the pipeline, its scope tree and the scope's index.
struct At<'c, 'a> {
    ctx: &'c PipelineCtx<'a>,
    tree: &'c ScopeTree<'a>,
    scope: usize,
}

impl At<'_, '_> {
    /// The reference this scope uses for a value.
    fn resolve(&self, v: &Value, at: &str) -> Result<Ref, CompileError> {
        self.tree.resolve(v, self.scope).ok_or_else(|| {
            CompileError::unsupported(
                at,
                format!(
                    "`{}` cannot be reached from here (an internal error)",
                    v.carrier()
                ),
            )
        })
    }

    /// The `depends` of a member of this scope.
    fn depends(&self, member: &str) -> Option<String> {
        let set = self.tree.scopes[self.scope].depends.get(member)?;
        (!set.is_empty()).then(|| set.iter().cloned().collect::<Vec<_>>().join(" && "))
    }

    /// The arguments of the DAG task running child scope `child`: one per input of the child.
    fn child_arguments(&self, child: usize, at: &str) -> Result<Arguments, CompileError> {
        let mut args = Arguments::default();
        for (carrier, v) in &self.tree.scopes[child].inputs {
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
    fn text(&self, src: &Source, at: &str) -> Result<String, CompileError> {
        match src {
            Source::Constant(v) => Ok(text_of(v)),
            Source::Global(p) => Ok(Ref::Global(p.to_string()).template()),
            Source::Value(v) => Ok(self.resolve(v, at)?.template()),
            Source::Import(_) => Err(CompileError::unsupported(
                at,
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
        let is_step = |t: &Task| !ctx.is_importer(t);
        let max = self.options.max_dag_tasks();
        let layout = if split::needed(&ctx.pipeline.root, max, &is_step) {
            // A first tree, with throwaway template names, tells which nodes wait for which.
            let mut draft = ScopeTree::build(
                &ctx.pipeline.root,
                root_name,
                &mut Templates::default(),
                &is_step,
                Layout::default(),
            );
            uses::record(ctx, &mut draft)?;
            draft.layout(max)
        } else {
            Layout::default()
        };
        let mut tree = ScopeTree::build(
            &ctx.pipeline.root,
            root_name,
            &mut self.templates,
            &is_step,
            layout,
        );
        uses::record(ctx, &mut tree)?;
        for scope in 0..tree.scopes.len() {
            let at = At {
                ctx,
                tree: &tree,
                scope,
            };
            let template = self.scope_template(&at)?;
            self.templates.fill(tree.scopes[scope].slot, template);
        }
        Ok(tree.scopes[0].template.clone())
    }

    fn scope_template(&mut self, at: &At<'_, 'a>) -> Result<Template, CompileError> {
        let scope = &at.tree.scopes[at.scope];
        let here = format!("{} › {}", at.ctx.location, scope.template);
        let mut t = Template {
            name: scope.template.clone(),
            parallelism: scope.parallelism,
            ..Template::default()
        };
        if at.scope == 0 && !at.ctx.is_root {
            nested_interface(at, &mut t, &here)?;
        }
        for (carrier, v) in &scope.inputs {
            if v.is_artifact() {
                t.inputs.artifacts.push(named_artifact(carrier));
            } else {
                t.inputs.parameters.push(named_parameter(carrier));
            }
        }
        for (carrier, v) in &scope.outputs {
            let r = at.resolve(v, &here)?.template();
            if v.is_artifact() {
                t.outputs.artifacts.push(from_artifact(carrier, r));
            } else {
                t.outputs.parameters.push(output_parameter(carrier, r));
            }
        }
        let mut tasks = Vec::new();
        match &scope.body {
            Body::Dag(dag) => {
                for n in &dag.nodes {
                    tasks.extend(self.node(at, n)?);
                }
            }
            Body::Loop(l) => tasks.push(loop_task(at, l)?),
            Body::Parts(pieces) => {
                for piece in pieces {
                    match *piece {
                        Piece::Node(n) => tasks.extend(self.node(at, n)?),
                        Piece::Scope(part) => tasks.push(part_task(at, part, &here)?),
                    }
                }
            }
        }
        t.dag = Some(DagTemplate { tasks });
        Ok(t)
    }

    fn node(&mut self, at: &At<'_, 'a>, n: &'a Node) -> Result<Vec<DagTask>, CompileError> {
        match n {
            Node::Task(t) if at.ctx.is_importer(t) => Ok(Vec::new()),
            Node::Task(t) => {
                let (template, arguments) = self.call(at, t)?;
                let name = sanitize(&t.name);
                Ok(vec![DagTask {
                    depends: at.depends(&name),
                    name,
                    template,
                    arguments,
                    ..DagTask::default()
                }])
            }
            Node::Condition(c) => branch_tasks(at, c),
            Node::Loop(l) => {
                let Some(limit_scope) = l.parallelism.map(|_| at.tree.groups[&l.name]) else {
                    return Ok(vec![loop_task(at, l)?]);
                };
                let name = sanitize(&l.name);
                let here = format!("{} › {}", at.ctx.location, l.name);
                Ok(vec![DagTask {
                    depends: at.depends(&name),
                    template: at.tree.scopes[limit_scope].template.clone(),
                    arguments: at.child_arguments(limit_scope, &here)?,
                    name,
                    ..DagTask::default()
                }])
            }
            Node::ExitHandler(e) => Ok(vec![self.exit_handler(at, e)?]),
        }
    }

    fn exit_handler(
        &mut self,
        at: &At<'_, 'a>,
        e: &'a ExitHandler,
    ) -> Result<DagTask, CompileError> {
        let body = at.tree.groups[&e.name];
        let here = format!("{} › {}", at.ctx.location, e.name);
        let (template, arguments) = self.call(at, &e.exit_task)?;
        let name = sanitize(&e.name);
        Ok(DagTask {
            depends: at.depends(&name),
            template: at.tree.scopes[body].template.clone(),
            arguments: at.child_arguments(body, &here)?,
            hooks: BTreeMap::from([(
                "exit".to_string(),
                LifecycleHook {
                    template,
                    arguments,
                },
            )]),
            name,
            ..DagTask::default()
        })
    }

    /// The template a task runs and the arguments it passes.
    fn call(
        &mut self,
        at: &At<'_, 'a>,
        task: &'a Task,
    ) -> Result<(String, Arguments), CompileError> {
        let component = at.ctx.component(task)?;
        let here = at.ctx.at(&task.name);
        let (template, claims) = match &component.implementation {
            Implementation::Container(_) if !task.has_pod_settings() => {
                (self.plain_step(component, task, &here)?, Vec::new())
            }
            Implementation::Container(spec) => {
                let step =
                    container::step(component, spec, task, self.settings, self.options, &here)?;
                (
                    self.templates.intern(&component.name, step.template),
                    step.claims,
                )
            }
            Implementation::Resource(spec) => {
                let step = resource::step(component, spec, task, self.options, &here)?;
                (self.templates.intern(&component.name, step), Vec::new())
            }
            Implementation::Pipeline(p) => {
                reject_pod_settings(task, &here)?;
                (self.nested(at.ctx, component, p)?, Vec::new())
            }
            Implementation::Importer(_) => {
                return Err(CompileError::unsupported(
                    here,
                    "an importer cannot be an exit task on Argo",
                ));
            }
        };
        let mut args = Arguments::default();
        for name in task.arguments.keys() {
            if component.input(name).is_none() {
                return Err(CompileError::unsupported(
                    &here,
                    format!("`{name}` is not an input of component `{}`", component.name),
                ));
            }
        }
        for input in &component.inputs {
            if let Some(arg) = task.arguments.get(&input.name) {
                self.argument(at, input, arg, &here, &mut args)?;
            }
        }
        for (name, arg) in claims {
            let src = at.ctx.source(arg, &here)?;
            args.parameters
                .push(value_parameter(&name, at.text(&src, &here)?));
        }
        Ok((template, args))
    }

    /// The shared template of a container component's tasks without pod settings: such a task's
    /// template depends on the component alone.
    fn plain_step(
        &mut self,
        component: &Component,
        task: &Task,
        here: &str,
    ) -> Result<String, CompileError> {
        let key = std::ptr::from_ref(component) as usize;
        if let Some(name) = self.plain_steps.get(&key) {
            return Ok(name.clone());
        }
        let Implementation::Container(spec) = &component.implementation else {
            return Err(CompileError::unsupported(here, "not a container component"));
        };
        let step = container::step(component, spec, task, self.settings, self.options, here)?;
        let name = self.templates.intern(&component.name, step.template);
        self.plain_steps.insert(key, name.clone());
        Ok(name)
    }

    fn argument(
        &self,
        at: &At<'_, 'a>,
        input: &IoSpec,
        arg: &'a Argument,
        here: &str,
        args: &mut Arguments,
    ) -> Result<(), CompileError> {
        let src = at.ctx.source(arg, here)?;
        if !input.ty.is_artifact() {
            args.parameters
                .push(value_parameter(&input.name, at.text(&src, here)?));
            return Ok(());
        }
        let artifact = match &src {
            Source::Value(v) if v.is_artifact() => {
                from_artifact(&input.name, at.resolve(v, here)?.template())
            }
            Source::Import(uri) => {
                importer::artifact(&input.name, &uri_of(at, uri, here)?, self.settings, here)?
            }
            _ => {
                return Err(CompileError::unsupported(
                    here,
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
    ) -> Result<String, CompileError> {
        let key = std::ptr::from_ref(p) as usize;
        if let Some(name) = self.nested.get(&key) {
            return Ok(name.clone());
        }
        let location = format!("{} › pipeline {}", ctx.location, component.name);
        let inner = PipelineCtx::new(p, false, location);
        let name = self.pipeline(&inner, &component.name)?;
        self.nested.insert(key, name.clone());
        Ok(name)
    }
}

/// A nested pipeline's root template takes its parameters and gives its outputs.
fn nested_interface(at: &At, t: &mut Template, here: &str) -> Result<(), CompileError> {
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
            task: o.from.task.clone(),
            output: o.from.output.clone(),
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

/// The DAG task that runs a nested part of a split DAG.
fn part_task(at: &At, part: usize, here: &str) -> Result<DagTask, CompileError> {
    let scope = &at.tree.scopes[part];
    Ok(DagTask {
        depends: at.depends(&scope.member),
        name: scope.member.clone(),
        template: scope.template.clone(),
        arguments: at.child_arguments(part, here)?,
        ..DagTask::default()
    })
}

/// The DAG task that runs a loop's body once per item.
fn loop_task(at: &At, l: &Loop) -> Result<DagTask, CompileError> {
    let body = at.tree.loop_bodies[&l.name];
    let name = sanitize(&l.name);
    let here = format!("{} › {}", at.ctx.location, l.name);
    let mut task = DagTask {
        depends: at.depends(&name),
        template: at.tree.scopes[body].template.clone(),
        arguments: at.child_arguments(body, &here)?,
        name,
        ..DagTask::default()
    };
    match &l.items {
        LoopItems::Static(items) => task.with_items = Some(items.clone()),
        LoopItems::Parameter(p) => {
            task.with_param = Some(at.text(&at.ctx.parameter(p), &here)?);
        }
        LoopItems::TaskOutput(r) => {
            let src = at.ctx.output(r, &here, false)?;
            task.with_param = Some(at.text(&src, &here)?);
        }
    }
    Ok(task)
}

/// One DAG task per branch, each with its `when`.
fn branch_tasks(at: &At, c: &Condition) -> Result<Vec<DagTask>, CompileError> {
    let mut tasks = Vec::new();
    for (i, b) in c.branches.iter().enumerate() {
        let child = at.tree.groups[&b.name];
        let here = format!("{} › {}", at.ctx.location, b.name);
        let when = when::branch_when(&c.branches, i, &mut |a| operand(at, a, &here))?;
        let name = sanitize(&b.name);
        tasks.push(DagTask {
            depends: at.depends(&name),
            when,
            template: at.tree.scopes[child].template.clone(),
            arguments: at.child_arguments(child, &here)?,
            name,
            ..DagTask::default()
        });
    }
    Ok(tasks)
}

fn operand(at: &At, a: &Argument, here: &str) -> Result<Operand, CompileError> {
    let src = at.ctx.source(a, here)?;
    let ty = match (a, &src) {
        (Argument::Collected(_), _) => Some(ParamType::List),
        (_, Source::Global(p)) => at.ctx.pipeline.parameter(p).map(|p| p.ty),
        (_, Source::Value(v)) => value_type(at, v),
        _ => None,
    };
    match src {
        Source::Constant(v) => Ok(Operand::Constant(v.clone())),
        other => Ok(Operand::Reference(at.text(&other, here)?, ty)),
    }
}

/// The parameter type a value holds, when known.
fn value_type(at: &At, v: &Value) -> Option<ParamType> {
    match v {
        Value::Param(p) => at.ctx.pipeline.parameter(p).map(|p| p.ty),
        Value::Output { task, output, .. } => {
            let r = pipec_dsl::ir::TaskOutputRef {
                task: task.clone(),
                output: output.clone(),
            };
            match at.ctx.output_type(&r)? {
                pipec_dsl::ir::IoType::Param(t) => Some(t),
                pipec_dsl::ir::IoType::Artifact(_) => None,
            }
        }
        Value::Item { loop_name, field } => {
            let LoopItems::Static(items) = &at.tree.loops.get(loop_name)?.items else {
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
fn uri_of(at: &At, src: &Source, here: &str) -> Result<Uri, CompileError> {
    match src {
        Source::Constant(serde_json::Value::String(s)) => Ok(Uri::Constant(s.clone())),
        Source::Global(p) => Ok(Uri::Runtime(Ref::Global(p.to_string()))),
        Source::Value(v) if !v.is_artifact() => Ok(Uri::Runtime(at.resolve(v, here)?)),
        _ => Err(CompileError::unsupported(
            here,
            "an importer's URI must be a string",
        )),
    }
}

/// A nested pipeline runs as a DAG template, which has no pod to put settings on.
fn reject_pod_settings(task: &Task, here: &str) -> Result<(), CompileError> {
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
            here,
            "a nested pipeline runs as a DAG on Argo and takes no pod settings (resources, \
             retries, caching, timeout, env, volumes, scheduling, labels); set them on its tasks",
        ))
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
        value_from: Some(ValueFrom {
            parameter: Some(from),
            ..ValueFrom::default()
        }),
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

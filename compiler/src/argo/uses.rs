//! The first pass over a pipeline: record every use of a value and every ordering edge in the
//! scope tree, so that each scope knows its inputs, outputs and dependencies before any template
//! is written.

use pipec_dsl::ir::{Argument, Loop, LoopItems, Node, Task, VolumeSource};

use super::depends::MemberId;
use super::nodes::NodeId;
use super::scope_tree::{Body, Piece, ScopeTree};
use super::site::Site;
use super::source::{PipelineCtx, Source};
use super::value::Value;
use crate::CompileError;

/// Record the uses of every scope of the tree, then seal it for writing.
pub(super) fn record<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
) -> Result<(), CompileError> {
    for s in 0..tree.scopes.len() {
        // The body is taken out while its uses are recorded into the tree, then put back: a
        // split DAG's list of pieces is not copied.
        let body = std::mem::replace(&mut tree.scopes[s].body, Body::Parts(Vec::new()));
        let recorded = scope(ctx, tree, s, &body);
        tree.scopes[s].body = body;
        recorded?;
    }
    if !ctx.is_root {
        // A nested pipeline's outputs are outputs of its root template.
        for o in &ctx.pipeline.outputs {
            let at = Site::Output(&ctx.location, &o.name);
            let src = ctx.output(&o.from, at, false)?;
            if let Some(v) = src.value() {
                route(ctx, tree, v, 0, at)?;
            }
        }
    }
    tree.seal();
    Ok(())
}

/// Record the uses of the nodes of scope `s`, whose body is `body`.
fn scope<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    body: &Body<'a>,
) -> Result<(), CompileError> {
    match *body {
        Body::Dag(dag, start) => {
            for (i, n) in dag.nodes.iter().enumerate() {
                node(ctx, tree, s, n, start.wrapping_add(i as NodeId))?;
            }
        }
        Body::Loop(l, id) => items(ctx, tree, s, l, id)?,
        Body::Parts(ref pieces) => {
            for piece in pieces {
                // A nested part is a scope of its own, recorded in its turn.
                if let Piece::Node(n, id) = *piece {
                    node(ctx, tree, s, n, id)?;
                }
            }
        }
    }
    Ok(())
}

/// The member of a node located in the tree (every node of the pipeline is).
fn member(tree: &ScopeTree, id: NodeId) -> MemberId {
    tree.member_of(id).unwrap_or(MemberId::MAX)
}

fn node<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    n: &'a Node,
    id: NodeId,
) -> Result<(), CompileError> {
    match n {
        Node::Task(_) if ctx.nodes.is_importer(id) => Ok(()),
        Node::Task(t) => task(ctx, tree, s, member(tree, id), id, t),
        Node::Condition(c) => {
            let first = member(tree, id);
            for (i, b) in c.branches.iter().enumerate() {
                let member = first + i as MemberId;
                let at = ctx.group(&b.name);
                // An else-if also reads the conditions of the branches before it.
                for earlier in &c.branches[..=i] {
                    if let Some(e) = &earlier.when {
                        e.try_for_each_operand(&mut |a| argument(ctx, tree, s, member, a, at))?;
                    }
                }
            }
            Ok(())
        }
        Node::Loop(l) if l.parallelism.is_none() => items(ctx, tree, s, l, id),
        // The wrapper scope reads the items.
        Node::Loop(_) => Ok(()),
        Node::ExitHandler(e) => {
            let exit = ctx.nodes.info(id).map_or(NodeId::MAX, |i| i.exit_task);
            task(ctx, tree, s, member(tree, id), exit, &e.exit_task)
        }
    }
}

fn task<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    member: MemberId,
    id: NodeId,
    t: &'a Task,
) -> Result<(), CompileError> {
    // What most tasks need was read from the IR once (see `task_sources`): the task itself is
    // read only for PVC volumes (a pod setting) and `after`.
    let info = ctx.nodes.info(id);
    let at = ctx.at(info.map_or(&t.name, |i| i.name));
    let classified = ctx.task_sources.of(id);
    let count = match info {
        Some(_) => classified.len(),
        None => t.arguments.len(),
    };
    for k in 0..count {
        match classified.get(k).and_then(|c| c.source.as_ref()) {
            Some(src) => consume(ctx, tree, s, member, src, at)?,
            // Not classified: made again, for its error.
            None => consume(ctx, tree, s, member, &*ctx.task_source(id, k, t, at)?, at)?,
        }
    }
    if info.is_some_and(|i| i.plain && !i.after) {
        return Ok(());
    }
    for m in &t.pod().volumes {
        if let VolumeSource::Pvc(a) = &m.source {
            argument(ctx, tree, s, member, a, at)?;
        }
    }
    for after in &t.after {
        let target = ctx.nodes.id(after).unwrap_or(NodeId::MAX);
        if !tree.depend(s, member, target) {
            return Err(CompileError::unsupported(
                at.to_string(),
                format!("`after` names `{after}`, which is no task or group"),
            ));
        }
    }
    Ok(())
}

fn items<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    l: &'a Loop,
    id: NodeId,
) -> Result<(), CompileError> {
    let at = ctx.group(&l.name);
    let src = match &l.items {
        LoopItems::Static(_) => return Ok(()),
        LoopItems::Parameter(p) => ctx.parameter(p),
        LoopItems::TaskOutput(r) => ctx.output(r, at, false)?,
    };
    consume(ctx, tree, s, member(tree, id), &src, at)
}

fn argument<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    member: MemberId,
    a: &'a Argument,
    at: Site,
) -> Result<(), CompileError> {
    let src = ctx.source(a, at)?;
    consume(ctx, tree, s, member, &src, at)
}

/// Route the value of a source to scope `s` and make `member` wait for the task producing it.
fn consume<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    member: MemberId,
    src: &Source<'a>,
    at: Site,
) -> Result<(), CompileError> {
    match src.value() {
        Some(v) if !tree.read(v, s, member, &ctx.nodes) => Err(unknown(v, at)),
        _ => Ok(()),
    }
}

fn route<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    v: Value<'a>,
    s: usize,
    at: Site,
) -> Result<(), CompileError> {
    if tree.route(v, s, &ctx.nodes) {
        Ok(())
    } else {
        Err(unknown(v, at))
    }
}

/// The error for a value whose origin is not in the pipeline.
fn unknown(v: Value, at: Site) -> CompileError {
    CompileError::unsupported(
        at.to_string(),
        format!(
            "`{}` refers to no task or loop of this pipeline",
            v.carrier()
        ),
    )
}

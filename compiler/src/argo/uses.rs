//! The first pass over a pipeline: record every use of a value and every ordering edge in the
//! scope tree, so that each scope knows its inputs, outputs and dependencies before any template
//! is written.

use pipec_dsl::ir::{Argument, Loop, LoopItems, Node, Task, VolumeSource};
use pipec_dsl::name::sanitize;

use super::scope_tree::{Body, Piece, ScopeTree};
use super::source::{PipelineCtx, Source};
use super::value::Value;
use crate::CompileError;

/// Record the uses of every scope of the tree.
pub(super) fn record<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
) -> Result<(), CompileError> {
    for s in 0..tree.scopes.len() {
        // A cheap copy (references), so the tree can be written while the body is read.
        match tree.scopes[s].body.clone() {
            Body::Dag(dag) => {
                for n in &dag.nodes {
                    node(ctx, tree, s, n)?;
                }
            }
            Body::Loop(l) => items(ctx, tree, s, l)?,
            Body::Parts(pieces) => {
                for piece in pieces {
                    // A nested part is a scope of its own, recorded in its turn.
                    if let Piece::Node(n) = piece {
                        node(ctx, tree, s, n)?;
                    }
                }
            }
        }
    }
    if !ctx.is_root {
        // A nested pipeline's outputs are outputs of its root template.
        for o in &ctx.pipeline.outputs {
            let at = format!("{} › output {}", ctx.location, o.name);
            let src = ctx.output(&o.from, &at, false)?;
            for v in src.values() {
                route(tree, v, 0, &at)?;
            }
        }
    }
    Ok(())
}

fn node<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    n: &'a Node,
) -> Result<(), CompileError> {
    match n {
        Node::Task(t) if ctx.is_importer(t) => Ok(()),
        Node::Task(t) => task(ctx, tree, s, &sanitize(&t.name), t),
        Node::Condition(c) => {
            for (i, b) in c.branches.iter().enumerate() {
                let member = sanitize(&b.name);
                let at = format!("{} › {}", ctx.location, b.name);
                // An else-if also reads the conditions of the branches before it.
                for earlier in &c.branches[..=i] {
                    for a in earlier.when.iter().flat_map(|e| e.operands()) {
                        argument(ctx, tree, s, &member, a, &at)?;
                    }
                }
            }
            Ok(())
        }
        Node::Loop(l) if l.parallelism.is_none() => items(ctx, tree, s, l),
        // The wrapper scope reads the items.
        Node::Loop(_) => Ok(()),
        Node::ExitHandler(e) => task(ctx, tree, s, &sanitize(&e.name), &e.exit_task),
    }
}

fn task<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    member: &str,
    t: &'a Task,
) -> Result<(), CompileError> {
    let at = ctx.at(&t.name);
    for a in t.arguments.values() {
        argument(ctx, tree, s, member, a, &at)?;
    }
    for m in &t.volumes {
        if let VolumeSource::Pvc(a) = &m.source {
            argument(ctx, tree, s, member, a, &at)?;
        }
    }
    for after in &t.after {
        if !tree.depend(s, member, after) {
            return Err(CompileError::unsupported(
                at,
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
) -> Result<(), CompileError> {
    let at = format!("{} › {}", ctx.location, l.name);
    let src = match &l.items {
        LoopItems::Static(_) => return Ok(()),
        LoopItems::Parameter(p) => ctx.parameter(p),
        LoopItems::TaskOutput(r) => ctx.output(r, &at, false)?,
    };
    consume(tree, s, &sanitize(&l.name), &src, &at)
}

fn argument<'a>(
    ctx: &PipelineCtx<'a>,
    tree: &mut ScopeTree<'a>,
    s: usize,
    member: &str,
    a: &'a Argument,
    at: &str,
) -> Result<(), CompileError> {
    let src = ctx.source(a, at)?;
    consume(tree, s, member, &src, at)
}

/// Route each value of a source to scope `s` and make `member` wait for the tasks producing them.
fn consume(
    tree: &mut ScopeTree,
    s: usize,
    member: &str,
    src: &Source,
    at: &str,
) -> Result<(), CompileError> {
    for v in src.values() {
        route(tree, v, s, at)?;
        if let Value::Output { task, .. } = v {
            tree.depend(s, member, task);
        }
    }
    Ok(())
}

fn route(tree: &mut ScopeTree, v: &Value, s: usize, at: &str) -> Result<(), CompileError> {
    if tree.route(v, s) {
        Ok(())
    } else {
        Err(CompileError::unsupported(
            at,
            format!(
                "`{}` refers to no task or loop of this pipeline",
                v.carrier()
            ),
        ))
    }
}

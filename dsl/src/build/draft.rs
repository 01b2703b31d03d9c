//! The pipeline under construction. Tasks live in a side table by name so settings can be chained
//! onto a task after it was placed in its scope; scopes hold slots that point at them.

use std::collections::BTreeMap;

use crate::ir::{self, Dag, Node};

/// One entry of a scope under construction.
#[derive(Debug, Clone)]
pub(crate) enum Slot {
    /// A task, by name.
    Task(String),
    /// A group, by index into the builder's groups.
    Group(usize),
}

/// A control-flow group under construction.
#[derive(Debug, Clone)]
pub(crate) enum Group {
    Condition {
        name: String,
        branches: Vec<(String, Option<ir::Expr>, Vec<Slot>)>,
    },
    Loop {
        name: String,
        items: ir::LoopItems,
        parallelism: Option<u32>,
        body: Vec<Slot>,
    },
    ExitHandler {
        name: String,
        exit_task: Option<String>,
        body: Vec<Slot>,
    },
}

impl Group {
    pub(crate) fn name(&self) -> &str {
        match self {
            Group::Condition { name, .. }
            | Group::Loop { name, .. }
            | Group::ExitHandler { name, .. } => name,
        }
    }
}

/// Turn slots into IR nodes, taking tasks out of the side table.
pub(crate) fn assemble(
    slots: Vec<Slot>,
    tasks: &mut BTreeMap<String, ir::Task>,
    groups: &mut [Option<Group>],
) -> Dag {
    let nodes = slots
        .into_iter()
        .filter_map(|slot| assemble_slot(slot, tasks, groups))
        .collect();
    Dag { nodes }
}

fn assemble_slot(
    slot: Slot,
    tasks: &mut BTreeMap<String, ir::Task>,
    groups: &mut [Option<Group>],
) -> Option<Node> {
    match slot {
        Slot::Task(name) => tasks.remove(&name).map(|t| Node::Task(Box::new(t))),
        Slot::Group(i) => {
            let group = groups.get_mut(i)?.take()?;
            Some(assemble_group(group, tasks, groups))
        }
    }
}

fn assemble_group(
    group: Group,
    tasks: &mut BTreeMap<String, ir::Task>,
    groups: &mut [Option<Group>],
) -> Node {
    match group {
        Group::Condition { name, branches } => Node::Condition(ir::Condition {
            name,
            branches: branches
                .into_iter()
                .map(|(name, when, body)| ir::Branch {
                    name,
                    when,
                    body: assemble(body, tasks, groups),
                })
                .collect(),
        }),
        Group::Loop {
            name,
            items,
            parallelism,
            body,
        } => Node::Loop(Box::new(ir::Loop {
            name,
            items,
            parallelism,
            body: assemble(body, tasks, groups),
        })),
        Group::ExitHandler {
            name,
            exit_task,
            body,
        } => {
            let body = assemble(body, tasks, groups);
            let exit_task = exit_task.and_then(|t| tasks.remove(&t)).unwrap_or_default();
            Node::ExitHandler(Box::new(ir::ExitHandler {
                name,
                exit_task,
                body,
            }))
        }
    }
}

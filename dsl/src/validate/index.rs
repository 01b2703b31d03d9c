//! The index every rule reads: each task and group with the scope it sits in, and each reference
//! (to a parameter, a task output, a loop item) with the scope it is evaluated in.
//!
//! Built in one walk over the DAG in declaration order, so every rule that iterates it reports in
//! that order.

use std::collections::BTreeMap;

use super::location::Location;
use crate::ir::{
    Argument, Branch, Component, Condition, Dag, ExitHandler, IoType, Loop, LoopItemRef, LoopItems,
    Node, Pipeline, Task, TaskOutputRef, VolumeSource,
};

/// A scope's number; the root DAG is 0.
pub(super) type ScopeId = usize;

/// A DAG that tasks sit in.
#[derive(Debug)]
pub(super) struct Scope {
    /// This scope's ancestors from the root down, ending with itself.
    pub chain: Vec<ScopeId>,
    /// The group whose body this is; `None` for the root.
    pub group: Option<usize>,
}

/// A task and where it is.
#[derive(Debug)]
pub(super) struct TaskSite<'p> {
    /// The task.
    pub task: &'p Task,
    /// The scope it runs in. An exit task runs in the scope around its exit handler.
    pub scope: ScopeId,
    /// The innermost group around it.
    pub parent: Option<usize>,
    /// The exit handler this is the exit task of.
    pub exit_of: Option<usize>,
    /// Position among all tasks and groups, in declaration order.
    pub order: usize,
    /// `pipeline … › task NAME`.
    pub location: Location,
}

/// A control-flow group.
#[derive(Debug, Clone, Copy)]
pub(super) enum Group<'p> {
    /// An if / else-if / else chain.
    Condition(&'p Condition),
    /// One branch of a condition.
    Branch(&'p Branch),
    /// A loop.
    Loop(&'p Loop),
    /// An exit handler.
    ExitHandler(&'p ExitHandler),
}

impl<'p> Group<'p> {
    /// The group's name.
    pub fn name(&self) -> &'p str {
        match self {
            Group::Condition(c) => &c.name,
            Group::Branch(b) => &b.name,
            Group::Loop(l) => &l.name,
            Group::ExitHandler(e) => &e.name,
        }
    }

    /// The word used for it in locations and messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Group::Condition(_) => "condition",
            Group::Branch(_) => "branch",
            Group::Loop(_) => "loop",
            Group::ExitHandler(_) => "exit handler",
        }
    }
}

/// A group and where it is.
#[derive(Debug)]
pub(super) struct GroupSite<'p> {
    /// The group.
    pub group: Group<'p>,
    /// The scope the group itself sits in.
    pub scope: ScopeId,
    /// The scope of its body (`None` for a condition, whose bodies are its branches').
    pub body: Option<ScopeId>,
    /// The enclosing group (for a branch, its condition).
    pub parent: Option<usize>,
    /// Position among all tasks and groups, in declaration order.
    pub order: usize,
    /// `pipeline … › loop NAME` or `pipeline … › condition C › branch B`.
    pub location: Location,
}

/// What a value is taken from.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reference<'p> {
    /// A pipeline parameter.
    Parameter(&'p str),
    /// One task output.
    TaskOutput(&'p TaskOutputRef),
    /// The list of a task output's values across a loop.
    Collected(&'p TaskOutputRef),
    /// A loop's item.
    LoopItem(&'p LoopItemRef),
}

impl<'p> Reference<'p> {
    /// The reference an argument makes, if any (a constant makes none).
    pub fn of(argument: &'p Argument) -> Option<Self> {
        match argument {
            Argument::Constant(_) => None,
            Argument::Parameter(p) => Some(Reference::Parameter(p)),
            Argument::TaskOutput(r) => Some(Reference::TaskOutput(r)),
            Argument::Collected(r) => Some(Reference::Collected(r)),
            Argument::LoopItem(r) => Some(Reference::LoopItem(r)),
        }
    }
}

/// What uses a referenced value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Consumer {
    /// A task (index into [`Index::tasks`]).
    Task(usize),
    /// A group's condition or loop items (index into [`Index::groups`]).
    Group(usize),
    /// A pipeline output.
    PipelineOutput,
}

/// One reference and its context.
#[derive(Debug)]
pub(super) struct Use<'p> {
    /// What is referenced.
    pub reference: Reference<'p>,
    /// The scope the value is needed in.
    pub scope: ScopeId,
    /// Who needs it.
    pub consumer: Consumer,
    /// Where the reference is written.
    pub location: Location,
}

/// Everything in a pipeline, with where it is.
#[derive(Debug)]
pub(super) struct Index<'p> {
    /// The pipeline.
    pub pipeline: &'p Pipeline,
    /// `pipeline NAME`.
    pub location: Location,
    /// Every scope; index 0 is the root.
    pub scopes: Vec<Scope>,
    /// Every task, in declaration order.
    pub tasks: Vec<TaskSite<'p>>,
    /// Every group, in declaration order.
    pub groups: Vec<GroupSite<'p>>,
    /// Every reference, in declaration order.
    pub uses: Vec<Use<'p>>,
    task_by_name: BTreeMap<&'p str, usize>,
    group_by_name: BTreeMap<&'p str, usize>,
    next_order: usize,
}

impl<'p> Index<'p> {
    /// Index a pipeline.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        let mut index = Index {
            pipeline,
            location: Location::pipeline(&pipeline.name),
            scopes: vec![Scope {
                chain: vec![0],
                group: None,
            }],
            tasks: Vec::new(),
            groups: Vec::new(),
            uses: Vec::new(),
            task_by_name: BTreeMap::new(),
            group_by_name: BTreeMap::new(),
            next_order: 0,
        };
        index.walk(&pipeline.root, 0);
        index.add_pipeline_outputs();
        index
    }

    /// The first task with this name.
    pub fn task(&self, name: &str) -> Option<&TaskSite<'p>> {
        self.task_by_name.get(name).map(|&i| &self.tasks[i])
    }

    /// The index of the first task with this name.
    pub fn task_index(&self, name: &str) -> Option<usize> {
        self.task_by_name.get(name).copied()
    }

    /// The index of the first group with this name.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.group_by_name.get(name).copied()
    }

    /// The first loop with this name, and the index of its group.
    pub fn loop_named(&self, name: &str) -> Option<(usize, &'p Loop)> {
        let i = self.group_index(name)?;
        match self.groups[i].group {
            Group::Loop(l) => Some((i, l)),
            _ => None,
        }
    }

    /// The component a task calls, if it exists.
    pub fn component_of(&self, task: &Task) -> Option<&'p Component> {
        self.pipeline.components.get(&task.component)
    }

    /// The declared type of a task output, if the task, its component and the output exist.
    pub fn output_type(&self, r: &TaskOutputRef) -> Option<IoType> {
        let site = self.task(&r.task)?;
        let component = self.component_of(site.task)?;
        component.output(&r.output).map(|o| o.ty)
    }

    /// Whether `outer` is `inner` or one of its ancestors.
    pub fn encloses(&self, outer: ScopeId, inner: ScopeId) -> bool {
        self.scopes
            .get(inner)
            .is_some_and(|s| s.chain.contains(&outer))
    }

    /// The first scope on the way from the root to `inner` that `outer` does not enclose: the body
    /// of the group that hides `inner` from `outer`. `None` when `outer` can see `inner`.
    pub fn hiding_group(&self, inner: ScopeId, outer: ScopeId) -> Option<usize> {
        let chain = &self.scopes.get(inner)?.chain;
        let hidden = chain.iter().find(|&&s| !self.encloses(s, outer))?;
        self.scopes[*hidden].group
    }

    fn order(&mut self) -> usize {
        self.next_order += 1;
        self.next_order - 1
    }

    fn walk(&mut self, dag: &'p Dag, scope: ScopeId) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => {
                    self.add_task(t, scope, None);
                }
                Node::Condition(c) => self.add_condition(c, scope),
                Node::Loop(l) => self.add_loop(l, scope),
                Node::ExitHandler(e) => self.add_exit_handler(e, scope),
            }
        }
    }

    fn parent_of(&self, scope: ScopeId) -> Option<usize> {
        self.scopes.get(scope).and_then(|s| s.group)
    }

    fn add_task(&mut self, task: &'p Task, scope: ScopeId, exit_of: Option<usize>) {
        let index = self.tasks.len();
        let location = self.location.then(format_args!("task {}", task.name));
        for (input, argument) in &task.arguments {
            if let Some(reference) = Reference::of(argument) {
                self.uses.push(Use {
                    reference,
                    scope,
                    consumer: Consumer::Task(index),
                    location: location.then(format_args!("input {input}")),
                });
            }
        }
        for mount in &task.volumes {
            if let VolumeSource::Pvc(argument) = &mount.source
                && let Some(reference) = Reference::of(argument)
            {
                self.uses.push(Use {
                    reference,
                    scope,
                    consumer: Consumer::Task(index),
                    location: location.then(format_args!("volume {}", mount.mount_path)),
                });
            }
        }
        self.task_by_name.entry(&task.name).or_insert(index);
        let order = self.order();
        let parent = self.parent_of(scope);
        self.tasks.push(TaskSite {
            task,
            scope,
            parent,
            exit_of,
            order,
            location,
        });
    }

    /// Add a group; give it a body scope when `with_body`.
    fn add_group(
        &mut self,
        group: Group<'p>,
        scope: ScopeId,
        parent: Option<usize>,
        location: Location,
        with_body: bool,
    ) -> usize {
        let index = self.groups.len();
        let body = with_body.then(|| {
            let mut chain = self.scopes[scope].chain.clone();
            chain.push(self.scopes.len());
            self.scopes.push(Scope {
                chain,
                group: Some(index),
            });
            self.scopes.len() - 1
        });
        self.group_by_name.entry(group.name()).or_insert(index);
        let order = self.order();
        self.groups.push(GroupSite {
            group,
            scope,
            body,
            parent,
            order,
            location,
        });
        index
    }

    fn add_condition(&mut self, condition: &'p Condition, scope: ScopeId) {
        let location = self
            .location
            .then(format_args!("condition {}", condition.name));
        let parent = self.parent_of(scope);
        let group = Group::Condition(condition);
        let c = self.add_group(group, scope, parent, location.clone(), false);
        for branch in &condition.branches {
            let branch_location = location.then(format_args!("branch {}", branch.name));
            let b = self.add_group(
                Group::Branch(branch),
                scope,
                Some(c),
                branch_location.clone(),
                true,
            );
            for operand in branch.when.iter().flat_map(|w| w.operands()) {
                if let Some(reference) = Reference::of(operand) {
                    self.uses.push(Use {
                        reference,
                        scope,
                        consumer: Consumer::Group(b),
                        location: branch_location.then("when"),
                    });
                }
            }
            if let Some(body) = self.groups[b].body {
                self.walk(&branch.body, body);
            }
        }
    }

    fn add_loop(&mut self, l: &'p Loop, scope: ScopeId) {
        let location = self.location.then(format_args!("loop {}", l.name));
        let parent = self.parent_of(scope);
        let g = self.add_group(Group::Loop(l), scope, parent, location.clone(), true);
        let reference = match &l.items {
            LoopItems::Static(_) => None,
            LoopItems::Parameter(p) => Some(Reference::Parameter(p)),
            LoopItems::TaskOutput(r) => Some(Reference::TaskOutput(r)),
        };
        if let Some(reference) = reference {
            self.uses.push(Use {
                reference,
                scope,
                consumer: Consumer::Group(g),
                location: location.then("items"),
            });
        }
        if let Some(body) = self.groups[g].body {
            self.walk(&l.body, body);
        }
    }

    fn add_exit_handler(&mut self, e: &'p ExitHandler, scope: ScopeId) {
        let location = self.location.then(format_args!("exit handler {}", e.name));
        let parent = self.parent_of(scope);
        let g = self.add_group(Group::ExitHandler(e), scope, parent, location, true);
        if let Some(body) = self.groups[g].body {
            self.walk(&e.body, body);
        }
        self.add_task(&e.exit_task, scope, Some(g));
    }

    fn add_pipeline_outputs(&mut self) {
        for output in &self.pipeline.outputs {
            self.uses.push(Use {
                reference: Reference::TaskOutput(&output.from),
                scope: 0,
                consumer: Consumer::PipelineOutput,
                location: self.location.then(format_args!("output {}", output.name)),
            });
        }
    }
}

//! The index every rule reads: each task and group with the scope it sits in, and each reference
//! (to a parameter, a task output, a loop item) with the scope it is evaluated in.
//!
//! Built in one walk over the DAG in declaration order, so every rule that iterates it reports in
//! that order. Nothing here builds a string: locations are written out only when a rule reports an
//! error, so a large valid pipeline costs no allocation per task beyond the index itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::location::Location;
use crate::ir::{
    Argument, Branch, Component, Condition, Dag, ExitHandler, Expr, IoType, Loop, LoopItemRef,
    LoopItems, Node, Pipeline, Task, TaskOutputRef, VolumeSource,
};

/// Names to positions. A fast non-cryptographic hasher: the keys come from the pipeline being
/// compiled, and the map is only looked into, never iterated, so its order cannot leak.
type NameMap<'p> = HashMap<&'p str, usize, FixedState>;

/// A task or a group, by its position in [`Index::tasks`] or [`Index::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeRef {
    /// A task.
    Task(usize),
    /// A group.
    Group(usize),
}

/// What a task's or group's name gives as a Kubernetes name, found while indexing (when the
/// name is at hand) for the names rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// A valid label, the first task or group with it.
    First,
    /// A valid label an earlier task or group already has.
    Taken(NodeRef),
    /// Empty or too long: no Kubernetes name.
    Invalid,
}

/// A scope's number; the root DAG is 0.
pub(super) type ScopeId = usize;

/// A DAG that tasks sit in.
#[derive(Debug)]
pub(super) struct Scope {
    /// The scope around this one; `None` for the root.
    parent: Option<ScopeId>,
    /// How many scopes are around this one.
    depth: usize,
    /// The group whose body this is; `None` for the root.
    pub group: Option<usize>,
}

/// A task and where it is.
#[derive(Debug)]
pub(super) struct TaskSite<'p> {
    /// The task.
    pub task: &'p Task,
    /// The component it calls, if that exists.
    pub component: Option<&'p Component>,
    /// The scope it runs in. An exit task runs in the scope around its exit handler.
    pub scope: ScopeId,
    /// The innermost group around it.
    pub parent: Option<usize>,
    /// The exit handler this is the exit task of.
    pub exit_of: Option<usize>,
    /// Position among all tasks and groups, in declaration order.
    pub order: usize,
    /// Its name as a Kubernetes name.
    pub label: Label,
    /// Its references: a range of [`Index::uses`].
    pub uses: Range<usize>,
    /// The pipeline's name, for the location.
    pipeline: &'p str,
}

impl TaskSite<'_> {
    /// `pipeline … › task NAME`.
    pub fn location(&self) -> Location {
        Location::pipeline(self.pipeline).then(format_args!("task {}", self.task.name))
    }
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
    /// Its name as a Kubernetes name.
    pub label: Label,
    /// The references its condition or loop items make: a range of [`Index::uses`].
    pub uses: Range<usize>,
    /// For a condition, its branches: a range of [`Index::branch_groups`].
    branches: Range<usize>,
    /// The pipeline's name, for the location.
    pipeline: &'p str,
    /// For a branch, the name of its condition, for the location.
    condition: Option<&'p str>,
}

impl GroupSite<'_> {
    /// `pipeline … › loop NAME` or `pipeline … › condition C › branch B`.
    pub fn location(&self) -> Location {
        let mut location = Location::pipeline(self.pipeline);
        if let Some(condition) = self.condition {
            location = location.then(format_args!("condition {condition}"));
        }
        location.then(format_args!("{} {}", self.group.kind(), self.group.name()))
    }
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

/// Where, in its consumer, a reference is written.
#[derive(Debug, Clone, Copy)]
pub(super) enum UseSite<'p> {
    /// A task's input of this name.
    Input(&'p str),
    /// A task's volume mounted at this path.
    Volume(&'p str),
    /// A branch's `when`.
    When,
    /// A loop's items.
    Items,
    /// The pipeline output of this name.
    Output(&'p str),
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
    /// Where in the consumer the reference is written.
    pub site: UseSite<'p>,
    /// For a task output (plain or collected), the first task with the name it gives.
    pub producer: Option<usize>,
}

/// An argument, with the task the index found for the task output it names, if any: the rules
/// read it from here rather than look the name up again.
#[derive(Debug, Clone, Copy)]
pub(super) struct Resolved<'p> {
    /// The argument.
    pub argument: &'p Argument,
    /// For a task output (plain or collected), the first task with the name it gives.
    pub producer: Option<usize>,
}

impl<'p> Resolved<'p> {
    /// Pair an argument with its reference, the next of `uses` when it makes one. The uses must be
    /// those of the same task or branch, in the order the index recorded them.
    pub fn next<'a>(argument: &'p Argument, uses: &mut impl Iterator<Item = &'a Use<'p>>) -> Self
    where
        'p: 'a,
    {
        let producer = match Reference::of(argument) {
            Some(_) => uses.next().and_then(|u| u.producer),
            None => None,
        };
        Resolved { argument, producer }
    }

    /// The declared type of the task output it names, if the task, its component and the output
    /// exist.
    pub fn output_type(&self, index: &Index<'p>) -> Option<IoType> {
        match self.argument {
            Argument::TaskOutput(r) | Argument::Collected(r) => {
                index.output_type_at(self.producer?, &r.output)
            }
            _ => None,
        }
    }
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
    /// Every reference, in declaration order: those of each task and group in turn, then those
    /// of the pipeline outputs.
    pub uses: Vec<Use<'p>>,
    /// Every task and group, in declaration order.
    pub nodes: Vec<NodeRef>,
    /// The groups of the branches of each condition, each condition's together.
    branch_groups: Vec<usize>,
    /// Where the references of the pipeline outputs start in [`Index::uses`].
    outputs_from: usize,
    task_by_name: NameMap<'p>,
    group_by_name: NameMap<'p>,
    /// Each valid Kubernetes name, with the first task or group that has it.
    labels: HashMap<Cow<'p, str>, NodeRef, FixedState>,
}

/// How many tasks and groups a DAG holds, to size the index once.
fn count(dag: &Dag) -> (usize, usize) {
    dag.nodes.iter().fold((0, 0), |(tasks, groups), node| {
        let (t, g) = match node {
            Node::Task(_) => (1, 0),
            Node::Condition(c) => c.branches.iter().fold((0, 1), |(t, g), b| {
                let (bt, bg) = count(&b.body);
                (t + bt, g + bg + 1)
            }),
            Node::Loop(l) => {
                let (t, g) = count(&l.body);
                (t, g + 1)
            }
            Node::ExitHandler(e) => {
                let (t, g) = count(&e.body);
                (t + 1, g + 1)
            }
        };
        (tasks + t, groups + g)
    })
}

impl<'p> Index<'p> {
    /// Index a pipeline.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        let (tasks, groups) = count(&pipeline.root);
        let mut index = Index {
            pipeline,
            location: Location::pipeline(&pipeline.name),
            scopes: vec![Scope {
                parent: None,
                depth: 0,
                group: None,
            }],
            tasks: Vec::with_capacity(tasks),
            groups: Vec::with_capacity(groups),
            uses: Vec::with_capacity(tasks),
            nodes: Vec::with_capacity(tasks + groups),
            branch_groups: Vec::new(),
            outputs_from: 0,
            task_by_name: NameMap::with_capacity_and_hasher(tasks, FixedState::default()),
            group_by_name: NameMap::with_capacity_and_hasher(groups, FixedState::default()),
            labels: HashMap::with_capacity_and_hasher(tasks + groups, FixedState::default()),
        };
        index.walk(&pipeline.root, 0);
        index.add_pipeline_outputs();
        index.resolve_forward_references();
        index
    }

    /// The references of the pipeline outputs.
    pub fn output_uses(&self) -> &[Use<'p>] {
        &self.uses[self.outputs_from..]
    }

    /// The task a node is, if it is one.
    pub fn task_at(&self, node: NodeRef) -> Option<&TaskSite<'p>> {
        match node {
            NodeRef::Task(i) => Some(&self.tasks[i]),
            NodeRef::Group(_) => None,
        }
    }

    /// The group a node is, if it is one.
    pub fn group_at(&self, node: NodeRef) -> Option<&GroupSite<'p>> {
        match node {
            NodeRef::Group(i) => Some(&self.groups[i]),
            NodeRef::Task(_) => None,
        }
    }

    /// The groups of the branches of condition `g`, in order (none if `g` is not a condition).
    pub fn branches_of(&self, g: usize) -> &[usize] {
        &self.branch_groups[self.groups[g].branches.clone()]
    }

    /// The references a task or group makes.
    pub fn uses_of(&self, node: NodeRef) -> &[Use<'p>] {
        let range = match node {
            NodeRef::Task(i) => self.tasks[i].uses.clone(),
            NodeRef::Group(i) => self.groups[i].uses.clone(),
        };
        &self.uses[range]
    }

    /// Where a reference is written: `pipeline … › task T › input I` and the like.
    pub fn use_location(&self, u: &Use<'_>) -> Location {
        let consumer = match u.consumer {
            Consumer::Task(t) => self.tasks[t].location(),
            Consumer::Group(g) => self.groups[g].location(),
            Consumer::PipelineOutput => self.location.clone(),
        };
        match u.site {
            UseSite::Input(name) => consumer.then(format_args!("input {name}")),
            UseSite::Volume(path) => consumer.then(format_args!("volume {path}")),
            UseSite::When => consumer.then("when"),
            UseSite::Items => consumer.then("items"),
            UseSite::Output(name) => consumer.then(format_args!("output {name}")),
        }
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
        self.output_type_at(self.task_index(&r.task)?, &r.output)
    }

    /// The declared type of output `output` of task `task`, if its component and output exist.
    pub fn output_type_at(&self, task: usize, output: &str) -> Option<IoType> {
        self.tasks[task].component?.output(output).map(|o| o.ty)
    }

    /// Whether `outer` is `inner` or one of its ancestors.
    pub fn encloses(&self, outer: ScopeId, inner: ScopeId) -> bool {
        let (Some(target), Some(mut scope)) = (self.scopes.get(outer), self.scopes.get(inner))
        else {
            return false;
        };
        let mut id = inner;
        while scope.depth > target.depth {
            let Some(parent) = scope.parent else {
                return false;
            };
            id = parent;
            scope = &self.scopes[parent];
        }
        id == outer
    }

    /// The first scope on the way from the root to `inner` that `outer` does not enclose: the body
    /// of the group that hides `inner` from `outer`. `None` when `outer` can see `inner`.
    pub fn hiding_group(&self, inner: ScopeId, outer: ScopeId) -> Option<usize> {
        self.scopes.get(inner)?;
        // The scopes enclosing `outer` are a prefix of that way: walk up from `inner` to the
        // last of them; the scope just below it is the one asked for.
        let mut below = None;
        let mut scope = inner;
        loop {
            if self.encloses(scope, outer) {
                return below.and_then(|b: ScopeId| self.scopes[b].group);
            }
            below = Some(scope);
            scope = self.scopes[scope].parent?;
        }
    }

    /// Give the next task or group its position, and note its Kubernetes name.
    fn add_node(&mut self, node: NodeRef, name: &'p str) -> (usize, Label) {
        let order = self.nodes.len();
        self.nodes.push(node);
        let label = crate::name::sanitized(name);
        if label.is_empty() || label.len() > crate::name::MAX_LABEL_LEN {
            return (order, Label::Invalid);
        }
        let label = match self.labels.entry(label) {
            Entry::Occupied(first) => Label::Taken(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(node);
                Label::First
            }
        };
        (order, label)
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

    /// Record a reference made in `scope` by `consumer`.
    fn add_use(
        &mut self,
        reference: Reference<'p>,
        scope: ScopeId,
        consumer: Consumer,
        site: UseSite<'p>,
    ) {
        // Most references name a task declared before them, whose name is at hand now; the
        // others are looked up once every task is known.
        let producer = match reference {
            Reference::TaskOutput(r) | Reference::Collected(r) => self.task_index(&r.task),
            _ => None,
        };
        self.uses.push(Use {
            reference,
            scope,
            consumer,
            site,
            producer,
        });
    }

    fn add_task(&mut self, task: &'p Task, scope: ScopeId, exit_of: Option<usize>) {
        let index = self.tasks.len();
        let consumer = Consumer::Task(index);
        let first_use = self.uses.len();
        for (input, argument) in &task.arguments {
            if let Some(reference) = Reference::of(argument) {
                self.add_use(reference, scope, consumer, UseSite::Input(input));
            }
        }
        for mount in &task.volumes {
            if let VolumeSource::Pvc(argument) = &mount.source
                && let Some(reference) = Reference::of(argument)
            {
                self.add_use(
                    reference,
                    scope,
                    consumer,
                    UseSite::Volume(&mount.mount_path),
                );
            }
        }
        let uses = first_use..self.uses.len();
        self.task_by_name.entry(&task.name).or_insert(index);
        let (order, label) = self.add_node(NodeRef::Task(index), &task.name);
        let parent = self.parent_of(scope);
        self.tasks.push(TaskSite {
            task,
            component: self.component_of(task),
            scope,
            parent,
            exit_of,
            order,
            label,
            uses,
            pipeline: &self.pipeline.name,
        });
    }

    /// Add a group; give it a body scope when `with_body`. `condition` names a branch's condition.
    fn add_group(
        &mut self,
        group: Group<'p>,
        scope: ScopeId,
        parent: Option<usize>,
        condition: Option<&'p str>,
        with_body: bool,
    ) -> usize {
        let index = self.groups.len();
        let body = with_body.then(|| {
            let depth = self.scopes[scope].depth + 1;
            self.scopes.push(Scope {
                parent: Some(scope),
                depth,
                group: Some(index),
            });
            self.scopes.len() - 1
        });
        self.group_by_name.entry(group.name()).or_insert(index);
        let (order, label) = self.add_node(NodeRef::Group(index), group.name());
        self.groups.push(GroupSite {
            group,
            scope,
            body,
            parent,
            order,
            label,
            uses: 0..0,
            branches: 0..0,
            pipeline: &self.pipeline.name,
            condition,
        });
        index
    }

    /// Note that the references made since `first_use` belong to group `g`.
    fn close_group_uses(&mut self, g: usize, first_use: usize) {
        self.groups[g].uses = first_use..self.uses.len();
    }

    fn add_condition(&mut self, condition: &'p Condition, scope: ScopeId) {
        let parent = self.parent_of(scope);
        let group = Group::Condition(condition);
        let c = self.add_group(group, scope, parent, None, false);
        // Nested conditions add their branches while this one's are walked, so its slots are
        // taken first.
        let first = self.branch_groups.len();
        self.branch_groups
            .resize(first + condition.branches.len(), 0);
        self.groups[c].branches = first..self.branch_groups.len();
        for (i, branch) in condition.branches.iter().enumerate() {
            let name = Some(condition.name.as_str());
            let b = self.add_group(Group::Branch(branch), scope, Some(c), name, true);
            self.branch_groups[first + i] = b;
            let first_use = self.uses.len();
            if let Some(when) = &branch.when {
                self.add_operands(when, scope, b);
            }
            self.close_group_uses(b, first_use);
            if let Some(body) = self.groups[b].body {
                self.walk(&branch.body, body);
            }
        }
    }

    /// Record the references a branch's `when` makes, left to right.
    fn add_operands(&mut self, expr: &'p Expr, scope: ScopeId, branch: usize) {
        expr.for_each_operand(&mut |operand| {
            if let Some(reference) = Reference::of(operand) {
                self.add_use(reference, scope, Consumer::Group(branch), UseSite::When);
            }
        });
    }

    fn add_loop(&mut self, l: &'p Loop, scope: ScopeId) {
        let parent = self.parent_of(scope);
        let g = self.add_group(Group::Loop(l), scope, parent, None, true);
        let reference = match &l.items {
            LoopItems::Static(_) => None,
            LoopItems::Parameter(p) => Some(Reference::Parameter(p)),
            LoopItems::TaskOutput(r) => Some(Reference::TaskOutput(r)),
        };
        let first_use = self.uses.len();
        if let Some(reference) = reference {
            self.add_use(reference, scope, Consumer::Group(g), UseSite::Items);
        }
        self.close_group_uses(g, first_use);
        if let Some(body) = self.groups[g].body {
            self.walk(&l.body, body);
        }
    }

    fn add_exit_handler(&mut self, e: &'p ExitHandler, scope: ScopeId) {
        let parent = self.parent_of(scope);
        let g = self.add_group(Group::ExitHandler(e), scope, parent, None, true);
        if let Some(body) = self.groups[g].body {
            self.walk(&e.body, body);
        }
        self.add_task(&e.exit_task, scope, Some(g));
    }

    fn add_pipeline_outputs(&mut self) {
        self.outputs_from = self.uses.len();
        for output in &self.pipeline.outputs {
            let reference = Reference::TaskOutput(&output.from);
            self.add_use(
                reference,
                0,
                Consumer::PipelineOutput,
                UseSite::Output(&output.name),
            );
        }
    }

    /// Look up the producers of references to tasks declared after them (or to no task).
    fn resolve_forward_references(&mut self) {
        for i in 0..self.uses.len() {
            if let Reference::TaskOutput(r) | Reference::Collected(r) = self.uses[i].reference
                && self.uses[i].producer.is_none()
            {
                self.uses[i].producer = self.task_index(&r.task);
            }
        }
    }
}

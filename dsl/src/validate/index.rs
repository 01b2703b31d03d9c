//! The index every rule reads: each task and group with the scope it sits in, and each reference
//! (to a parameter, a task output, a loop item) with the scope it is evaluated in.
//!
//! Built in one walk over the DAG in declaration order, so every rule that iterates it reports in
//! that order. Nothing here builds a string: locations are written out only when a rule reports an
//! error, so a large valid pipeline costs no allocation per task beyond the index itself.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use foldhash::fast::FixedState;
use indexmap::IndexMap;

use super::location::Location;
use crate::ir::{
    Argument, Branch, Component, Condition, Dag, ExitHandler, Expr, IoType, Loop, LoopItemRef,
    LoopItems, Node, Pipeline, Task, TaskOutputRef, VolumeSource,
};

/// A position in [`Index::tasks`], [`Index::groups`], [`Index::uses`] or [`Index::scopes`]. The
/// index holds a few of these per task, so they are half the size of a `usize`.
pub(super) type Pos = u32;

/// Names to what the index knows of them. A fast non-cryptographic hasher: the keys come from the
/// pipeline being compiled, and the map is only looked into, never iterated, so its order cannot
/// leak. An `IndexMap`: its hash slots hold small positions and its entries sit in walk order, so
/// adding a name and looking up a recent one (what most references name) touch less memory than
/// a `HashMap`'s large slots. Validating 100,000 tasks in nested conditions took 10 % less time.
type NameMap<'p> = IndexMap<Key<'p>, Named, FixedState>;

/// A task's or group's name as a map key: a thin reference (half a `&str`) that hashes and
/// compares as the string, so the map is looked into with a `&str`.
#[derive(Debug, Clone, Copy)]
struct Key<'p>(&'p String);

impl Borrow<str> for Key<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Key<'_> {}

/// What one name is: the first task and the first group with it, and the first task or group
/// whose Kubernetes name it is, when that name is the task's or group's own (already sanitized)
/// name. One entry serves all three, so a well-named task costs one lookup.
#[derive(Debug, Clone, Copy)]
struct Named {
    /// The first task with this name, or [`NONE`].
    task: Pos,
    /// The first group with this name, or [`NONE`].
    group: Pos,
    /// The first task or group whose own name is this Kubernetes name.
    label: Option<NodeRef>,
}

/// No task or group, in [`Named`].
const NONE: Pos = Pos::MAX;

impl Named {
    const EMPTY: Named = Named {
        task: NONE,
        group: NONE,
        label: None,
    };
}

/// A [`Named`] position, if there is one.
fn found(pos: Pos) -> Option<usize> {
    (pos != NONE).then_some(pos as usize)
}

/// A task or a group, by its position in [`Index::tasks`] or [`Index::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NodeRef {
    /// A task.
    Task(Pos),
    /// A group.
    Group(Pos),
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
pub(super) type ScopeId = Pos;

/// A DAG that tasks sit in.
#[derive(Debug)]
pub(super) struct Scope {
    /// The scope around this one; `None` for the root.
    parent: Option<ScopeId>,
    /// How many scopes are around this one.
    depth: Pos,
    /// The group whose body this is; `None` for the root.
    pub group: Option<Pos>,
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
    pub parent: Option<Pos>,
    /// The exit handler this is the exit task of.
    pub exit_of: Option<Pos>,
    /// Position among all tasks and groups, in declaration order.
    pub order: Pos,
    /// Its name as a Kubernetes name.
    pub label: Label,
    /// Its references: a range of [`Index::uses`].
    uses: Range<Pos>,
    /// The pipeline's name, for the location.
    pipeline: &'p String,
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
        self.name_string()
    }

    /// The group's name, as the IR holds it.
    fn name_string(&self) -> &'p String {
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
    pub parent: Option<Pos>,
    /// Position among all tasks and groups, in declaration order.
    pub order: Pos,
    /// Its name as a Kubernetes name.
    pub label: Label,
    /// The references its condition or loop items make: a range of [`Index::uses`].
    uses: Range<Pos>,
    /// For a condition, its branches: a range of [`Index::branch_groups`].
    branches: Range<Pos>,
    /// The pipeline's name, for the location.
    pipeline: &'p String,
    /// For a branch, the name of its condition, for the location.
    condition: Option<&'p String>,
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

/// What a value is taken from. Each kind holds a thin reference, so a reference is two words.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reference<'p> {
    /// A pipeline parameter.
    Parameter(&'p String),
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
    Task(Pos),
    /// A group's condition or loop items (index into [`Index::groups`]).
    Group(Pos),
    /// A pipeline output.
    PipelineOutput,
}

/// Where, in its consumer, a reference is written (thin references, as in [`Reference`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum UseSite<'p> {
    /// A task's input of this name.
    Input(&'p String),
    /// A task's volume mounted at this path.
    Volume(&'p String),
    /// A branch's `when`.
    When,
    /// A loop's items.
    Items,
    /// The pipeline output of this name.
    Output(&'p String),
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
    pub producer: Option<Pos>,
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
            Some(_) => uses.next().and_then(|u| u.producer).map(|p| p as usize),
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
    branch_groups: Vec<Pos>,
    /// Where the references of the pipeline outputs start in [`Index::uses`].
    outputs_from: usize,
    /// Every task and group name, and every valid Kubernetes name that is a task's or group's
    /// own name.
    names: NameMap<'p>,
    /// Each valid Kubernetes name that sanitizing made (a name with capitals, `_` and the like),
    /// with the first task or group that has it. A Kubernetes name is here or in `names`, never
    /// both.
    made_labels: HashMap<String, NodeRef, FixedState>,
}

/// How many tasks, groups and group bodies a DAG holds, to size the index once.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    tasks: usize,
    groups: usize,
    bodies: usize,
}

impl Size {
    fn add(self, other: Size) -> Size {
        Size {
            tasks: self.tasks + other.tasks,
            groups: self.groups + other.groups,
            bodies: self.bodies + other.bodies,
        }
    }

    /// A group with a body holding `body`.
    fn group(body: Size) -> Size {
        body.add(Size {
            tasks: 0,
            groups: 1,
            bodies: 1,
        })
    }
}

/// Count a DAG's tasks, groups and bodies. Only the nodes' kinds are read, not the tasks.
fn count(dag: &Dag) -> Size {
    dag.nodes.iter().fold(Size::default(), |size, node| {
        let node = match node {
            Node::Task(_) => Size {
                tasks: 1,
                ..Size::default()
            },
            Node::Condition(c) => c.branches.iter().fold(
                Size {
                    groups: 1,
                    ..Size::default()
                },
                |size, b| size.add(Size::group(count(&b.body))),
            ),
            Node::Loop(l) => Size::group(count(&l.body)),
            Node::ExitHandler(e) => Size::group(count(&e.body)).add(Size {
                tasks: 1,
                ..Size::default()
            }),
        };
        size.add(node)
    })
}

impl<'p> Index<'p> {
    /// Index a pipeline.
    pub fn new(pipeline: &'p Pipeline) -> Self {
        let size = count(&pipeline.root);
        let nodes = size.tasks + size.groups;
        let mut scopes = Vec::with_capacity(size.bodies + 1);
        scopes.push(Scope {
            parent: None,
            depth: 0,
            group: None,
        });
        let mut index = Index {
            pipeline,
            location: Location::pipeline(&pipeline.name),
            scopes,
            tasks: Vec::with_capacity(size.tasks),
            groups: Vec::with_capacity(size.groups),
            // Room for a reference per task and group: what most pipelines make. More grow it.
            uses: Vec::with_capacity(nodes + pipeline.outputs.len()),
            nodes: Vec::with_capacity(nodes),
            branch_groups: Vec::new(),
            outputs_from: 0,
            names: NameMap::with_capacity_and_hasher(nodes, FixedState::default()),
            made_labels: HashMap::default(),
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
            NodeRef::Task(i) => Some(&self.tasks[i as usize]),
            NodeRef::Group(_) => None,
        }
    }

    /// The group a node is, if it is one.
    pub fn group_at(&self, node: NodeRef) -> Option<&GroupSite<'p>> {
        match node {
            NodeRef::Group(i) => Some(&self.groups[i as usize]),
            NodeRef::Task(_) => None,
        }
    }

    /// The groups of the branches of condition `g`, in order (none if `g` is not a condition).
    pub fn branches_of(&self, g: usize) -> &[Pos] {
        let branches = &self.groups[g].branches;
        &self.branch_groups[branches.start as usize..branches.end as usize]
    }

    /// The references a task or group makes.
    pub fn uses_of(&self, node: NodeRef) -> &[Use<'p>] {
        let range = match node {
            NodeRef::Task(i) => &self.tasks[i as usize].uses,
            NodeRef::Group(i) => &self.groups[i as usize].uses,
        };
        &self.uses[range.start as usize..range.end as usize]
    }

    /// Where a reference is written: `pipeline … › task T › input I` and the like.
    pub fn use_location(&self, u: &Use<'_>) -> Location {
        let consumer = match u.consumer {
            Consumer::Task(t) => self.tasks[t as usize].location(),
            Consumer::Group(g) => self.groups[g as usize].location(),
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
        self.task_index(name).map(|i| &self.tasks[i])
    }

    /// The index of the first task with this name.
    pub fn task_index(&self, name: &str) -> Option<usize> {
        self.names.get(name).and_then(|n| found(n.task))
    }

    /// The index of the first group with this name.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.names.get(name).and_then(|n| found(n.group))
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
        let (Some(target), Some(mut scope)) = (
            self.scopes.get(outer as usize),
            self.scopes.get(inner as usize),
        ) else {
            return false;
        };
        let mut id = inner;
        while scope.depth > target.depth {
            let Some(parent) = scope.parent else {
                return false;
            };
            id = parent;
            scope = &self.scopes[parent as usize];
        }
        id == outer
    }

    /// The first scope on the way from the root to `inner` that `outer` does not enclose: the body
    /// of the group that hides `inner` from `outer`. `None` when `outer` can see `inner`.
    pub fn hiding_group(&self, inner: ScopeId, outer: ScopeId) -> Option<usize> {
        self.scopes.get(inner as usize)?;
        // The scopes enclosing `outer` are a prefix of that way: walk up from `inner` to the
        // last of them; the scope just below it is the one asked for.
        let mut below = None;
        let mut scope = inner;
        loop {
            if self.encloses(scope, outer) {
                return below
                    .and_then(|b: ScopeId| self.scopes[b as usize].group)
                    .map(|g| g as usize);
            }
            below = Some(scope);
            scope = self.scopes[scope as usize].parent?;
        }
    }

    /// Give the next task or group its position, note its name (as the first task or group with
    /// it) and its Kubernetes name.
    fn add_node(&mut self, node: NodeRef, name: &'p String) -> (Pos, Label) {
        let order = self.nodes.len() as Pos;
        self.nodes.push(node);
        let named = self.names.entry(Key(name)).or_insert(Named::EMPTY);
        match node {
            NodeRef::Task(i) if named.task == NONE => named.task = i,
            NodeRef::Group(i) if named.group == NONE => named.group = i,
            _ => {}
        }
        let label = crate::name::sanitized(name);
        if label.is_empty() || label.len() > crate::name::MAX_LABEL_LEN {
            return (order, Label::Invalid);
        }
        let label = match label {
            // The name is its own Kubernetes name: its entry holds who has it first, unless a
            // sanitized name took it already.
            Cow::Borrowed(_) => match named
                .label
                .or_else(|| self.made_labels.get(name.as_str()).copied())
            {
                Some(first) => Label::Taken(first),
                None => {
                    named.label = Some(node);
                    Label::First
                }
            },
            Cow::Owned(label) => match self.names.get(label.as_str()).and_then(|n| n.label) {
                Some(first) => Label::Taken(first),
                None => match self.made_labels.entry(label) {
                    Entry::Occupied(first) => Label::Taken(*first.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(node);
                        Label::First
                    }
                },
            },
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

    fn parent_of(&self, scope: ScopeId) -> Option<Pos> {
        self.scopes.get(scope as usize).and_then(|s| s.group)
    }

    /// Where the next reference will go in [`Index::uses`].
    fn next_use(&self) -> Pos {
        self.uses.len() as Pos
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
            producer: producer.map(|p| p as Pos),
        });
    }

    fn add_task(&mut self, task: &'p Task, scope: ScopeId, exit_of: Option<Pos>) {
        let index = self.tasks.len() as Pos;
        let consumer = Consumer::Task(index);
        let first_use = self.next_use();
        for (input, argument) in &task.arguments {
            if let Some(reference) = Reference::of(argument) {
                self.add_use(reference, scope, consumer, UseSite::Input(input));
            }
        }
        for mount in &task.pod().volumes {
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
        let uses = first_use..self.next_use();
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
        parent: Option<Pos>,
        condition: Option<&'p String>,
        with_body: bool,
    ) -> Pos {
        let index = self.groups.len() as Pos;
        let body = with_body.then(|| {
            let depth = self.scopes[scope as usize].depth + 1;
            self.scopes.push(Scope {
                parent: Some(scope),
                depth,
                group: Some(index),
            });
            (self.scopes.len() - 1) as ScopeId
        });
        let (order, label) = self.add_node(NodeRef::Group(index), group.name_string());
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
    fn close_group_uses(&mut self, g: Pos, first_use: Pos) {
        self.groups[g as usize].uses = first_use..self.next_use();
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
        self.groups[c as usize].branches = first as Pos..self.branch_groups.len() as Pos;
        for (i, branch) in condition.branches.iter().enumerate() {
            let name = Some(&condition.name);
            let b = self.add_group(Group::Branch(branch), scope, Some(c), name, true);
            self.branch_groups[first + i] = b;
            let first_use = self.next_use();
            if let Some(when) = &branch.when {
                self.add_operands(when, scope, b);
            }
            self.close_group_uses(b, first_use);
            if let Some(body) = self.groups[b as usize].body {
                self.walk(&branch.body, body);
            }
        }
    }

    /// Record the references a branch's `when` makes, left to right.
    fn add_operands(&mut self, expr: &'p Expr, scope: ScopeId, branch: Pos) {
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
        let first_use = self.next_use();
        if let Some(reference) = reference {
            self.add_use(reference, scope, Consumer::Group(g), UseSite::Items);
        }
        self.close_group_uses(g, first_use);
        if let Some(body) = self.groups[g as usize].body {
            self.walk(&l.body, body);
        }
    }

    fn add_exit_handler(&mut self, e: &'p ExitHandler, scope: ScopeId) {
        let parent = self.parent_of(scope);
        let g = self.add_group(Group::ExitHandler(e), scope, parent, None, true);
        if let Some(body) = self.groups[g as usize].body {
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
                self.uses[i].producer = self.task_index(&r.task).map(|p| p as Pos);
            }
        }
    }
}

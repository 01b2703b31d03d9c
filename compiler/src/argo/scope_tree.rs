//! The scopes of one pipeline, which DAG template each becomes, and what crosses between them.
//!
//! Every scope (the root, each condition branch, each loop body, each exit-handler body) is one DAG
//! template, run by one DAG task (its *member*) in the parent scope. A loop with a parallelism
//! limit has one more scope around its body: Argo's `parallelism` bounds the children of one run of
//! a template, so the limit must sit on the template in which the loop expands, and a wrapper DAG
//! holding only the loop keeps it from also throttling the loop's siblings.
//!
//! Uses of values are recorded first ([`ScopeTree::read`], [`ScopeTree::route`],
//! [`ScopeTree::depend`]): each adds the value to the inputs of the scopes between its home and the
//! consumer and to the outputs of the scopes it leaves (see [`super::carried`]), and adds a
//! dependency between the two members of their nearest common scope. Then [`ScopeTree::resolve`]
//! gives the reference a scope uses.
//!
//! Members and carried values are small integer ids into name lists made once, so that recording a
//! use copies no text: a large pipeline records several uses per task.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet};
use pipec_dsl::ir::{Dag, Loop, Node};

use super::carried::{Carried, Way};
use super::carriers::Carriers;
use super::depends::{Depends, MemberId};
use super::nodes::{NodeId, Nodes};
use super::source::PipelineCtx;
use super::split::{self, Part};
use super::templates::Templates;
use super::value::{Ref, Value};
use super::waits;

/// What a scope's DAG holds.
#[derive(Debug, Clone)]
pub(super) enum Body<'a> {
    /// The nodes of a DAG, and the id of its first node.
    Dag(&'a Dag, NodeId),
    /// A single loop (the wrapper that carries a loop's parallelism), and its id.
    Loop(&'a Loop, NodeId),
    /// Some nodes of a split DAG and the parts nested in it (see [`split`]).
    Parts(Vec<Piece<'a>>),
}

/// One entry of a split DAG.
#[derive(Debug, Clone, Copy)]
pub(super) enum Piece<'a> {
    /// A node of the pipeline, and its id.
    Node(&'a Node, NodeId),
    /// A nested part: the scope that runs it.
    Scope(usize),
}

/// How to split the DAGs with too many tasks, by the DAG's address.
type Plans = HashMap<usize, Vec<Part>>;

/// How oversized DAGs are split, worked out from the IR before the scope tree is built.
#[derive(Debug, Default)]
pub(super) struct Layout<'a> {
    /// The parts of each DAG to split.
    plans: Plans,
    /// Member names of the pipeline's nodes, which a part's member must not take (only filled
    /// when some DAG is split). Only names a part could take are kept (see [`may_name_a_part`]).
    taken: HashSet<Cow<'a, str>>,
    /// How many nested parts the plans make (see [`Layout::parts`]).
    parts: usize,
}

impl<'a> Layout<'a> {
    /// How to split the DAGs of a pipeline that hold more than `max` tasks.
    pub(super) fn plan(ctx: &PipelineCtx<'a>, max: usize) -> Self {
        let mut plans = Plans::new();
        for (dag, units) in waits::units(ctx, max) {
            if let Some(parts) = split::plan(units, max) {
                plans.insert(key(dag), parts);
            }
        }
        let mut taken = HashSet::default();
        if !plans.is_empty() {
            drawn_names(&ctx.nodes, &mut taken);
        }
        let parts = plans.values().map(|parts| nested_parts(parts)).sum();
        Layout {
            plans,
            taken,
            parts,
        }
    }

    /// Whether some DAG is split.
    pub(super) fn splits(&self) -> bool {
        !self.plans.is_empty()
    }

    /// How many nested parts the splits make (each is a scope of its own); counted once, as
    /// the plans list every node of a split DAG.
    pub(super) fn parts(&self) -> usize {
        self.parts
    }
}

/// How many nested parts `parts` hold, at any depth.
fn nested_parts(parts: &[Part]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            Part::Node(_) => 0,
            Part::Nested(inner) => 1 + nested_parts(inner),
        })
        .sum()
}

/// Whether a member name could be the name of a part's DAG task: those are the part's
/// template name, `<template>-part` or `<template>-part-N`, with `-part` appended until free, so
/// they end in `-part` or `-part-N`. (A byte loop: this runs once per node of a split pipeline.)
pub(super) fn may_name_a_part(name: &str) -> bool {
    let bytes = name.as_bytes();
    let stem = match bytes.iter().rposition(|b| !b.is_ascii_digit()) {
        // `-N`: the stem is what comes before the dash.
        Some(last) if last + 1 < bytes.len() => match bytes[last] {
            b'-' => &bytes[..last],
            _ => return false,
        },
        Some(_) => bytes,
        // Only digits, or nothing.
        None => return false,
    };
    stem.ends_with(b"-part")
}

/// Add the names of the DAG tasks that the pipeline's nodes draw and a part could take (most
/// names could not: hashing only these keeps the set small). Read from the labels made when the
/// nodes were numbered, without walking the IR again: a condition's label is empty (it draws its
/// branches' DAG tasks), an importer draws no DAG task and an exit task runs as its handler's
/// hook.
fn drawn_names<'a>(nodes: &Nodes<'a>, names: &mut HashSet<Cow<'a, str>>) {
    for id in 0..nodes.len() as NodeId {
        let drawn = |id| !nodes.is_importer(id) && nodes.place(id).is_some_and(|p| p.seat == id);
        if nodes.label_str(id).is_some_and(may_name_a_part) && drawn(id) {
            names.insert(nodes.label(id));
        }
    }
    let branches = nodes.branch_labels().iter();
    names.extend(branches.filter(|b| may_name_a_part(b)).cloned());
}

/// The key of a DAG in [`Plans`].
fn key(dag: &Dag) -> usize {
    std::ptr::from_ref(dag) as usize
}

/// One scope: one DAG template.
#[derive(Debug)]
pub(super) struct Scope<'a> {
    /// The enclosing scope; `None` for the root.
    pub parent: Option<usize>,
    /// How many scopes enclose it.
    depth: u32,
    /// The DAG task that runs this scope in the parent.
    pub member: MemberId,
    /// The template slot reserved for it.
    pub slot: usize,
    /// The template's name.
    pub template: Arc<str>,
    /// What runs in it.
    pub body: Body<'a>,
    /// Template-level parallelism (loop wrappers).
    pub parallelism: Option<u32>,
}

/// Where an IR node (task or group) is: its scope and the DAG tasks that stand for it there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Location {
    /// The scope holding it (a `u32`, as every field: a large pipeline's locations are read
    /// once per use, and four ids fit in 16 bytes).
    scope: u32,
    /// Its name as a DAG task name.
    label: MemberId,
    /// Its DAG tasks: one for a task, loop or exit handler; one per branch for a condition; none
    /// for an importer, which becomes an artifact source of its consumers. They are `count`
    /// consecutive ids from `first`.
    first: MemberId,
    count: u32,
}

impl Location {
    /// The scope holding the node.
    fn scope(&self) -> usize {
        self.scope as usize
    }

    fn members(&self) -> std::ops::Range<MemberId> {
        self.first..self.first + self.count
    }
}

/// The scopes of a loop.
#[derive(Debug, Clone, Copy)]
pub(super) struct LoopScopes<'a> {
    /// The loop.
    pub the_loop: &'a Loop,
    /// The scope of its body.
    pub body: usize,
    /// The scope holding the looped DAG task, where `{{item}}` exists.
    pub home: usize,
}

/// The scopes of one pipeline.
#[derive(Debug)]
pub(super) struct ScopeTree<'a> {
    /// Scope 0 is the root.
    pub scopes: Vec<Scope<'a>>,
    /// Every member's name, by id (borrowed from the IR when it is a label already).
    members: Vec<Cow<'a, str>>,
    /// Where every IR node is, by node id.
    locations: Vec<Option<Location>>,
    /// For each condition, loop and exit handler (by node id), where the scopes its DAG tasks run
    /// start in `group_scopes` (for a loop with parallelism, the wrapper).
    groups: Vec<u32>,
    /// The scopes run by groups' DAG tasks: a condition's branches are consecutive.
    group_scopes: Vec<usize>,
    /// Loops by name.
    pub loops: HashMap<&'a str, LoopScopes<'a>>,
    /// The names values travel under.
    carriers: Carriers<'a>,
    /// Every scope's inputs and outputs.
    carried: Carried<'a>,
    /// Who waits for whom.
    depends: Depends,
    /// How oversized DAGs are split.
    layout: Layout<'a>,
    /// The last value routed and the scope it was routed to: routing it there again changes
    /// nothing, and the tasks of a fan-out read one value one after the other.
    last_route: Option<(Value<'a>, usize)>,
}

impl<'a> ScopeTree<'a> {
    /// The scope tree of a pipeline whose root template is named after `root_name`; the DAGs in
    /// `layout` are split as it says.
    pub(super) fn build(
        root: &'a Dag,
        root_name: &str,
        templates: &mut Templates,
        nodes: &Nodes<'a>,
        layout: Layout<'a>,
    ) -> Self {
        let mut tree = ScopeTree::empty(layout, nodes);
        let root_member = tree.add_member(Cow::Borrowed(""));
        let start = nodes.start(root);
        let root_id = tree.add(
            None,
            root_member,
            root_name,
            Body::Dag(root, start),
            templates,
        );
        tree.walk(root_id, templates, nodes);
        tree
    }

    fn empty(layout: Layout<'a>, nodes: &Nodes) -> Self {
        // A scope for the root, each group body and each part: reserved at once when there are
        // groups, as a scope is large and the list would be copied each time it grows. Without
        // groups there are a few scopes per thousand tasks (the parts), and reserving them up
        // front was measured to raise the peak memory of a 100,000-task chain (where the
        // allocator places the block), so the list grows as needed.
        let scopes = match nodes.bodies() {
            0 => 0,
            bodies => 1 + bodies + layout.parts(),
        };
        // A member for the root, each node but a condition, each branch and each part (the
        // conditions are counted too: a few ids too many, rather than a copy of the list).
        let members = 1 + nodes.len() + nodes.branch_labels().len() + layout.parts();
        let bodies = nodes.bodies();
        let nodes = nodes.len();
        ScopeTree {
            scopes: Vec::with_capacity(scopes),
            members: Vec::with_capacity(members),
            locations: vec![None; nodes],
            groups: vec![u32::MAX; nodes],
            // A scope for each group body (a wrapper instead of a throttled loop's body).
            group_scopes: Vec::with_capacity(bodies),
            loops: HashMap::new(),
            carriers: Carriers::default(),
            carried: Carried::default(),
            depends: Depends::default(),
            layout,
            last_route: None,
        }
    }

    fn add(
        &mut self,
        parent: Option<usize>,
        member: MemberId,
        base: &str,
        body: Body<'a>,
        templates: &mut Templates,
    ) -> usize {
        let reserved = templates.reserve(base);
        self.push_scope(parent, member, reserved, body)
    }

    /// [`ScopeTree::add`] for a scope named after its member's (sanitized) name.
    fn add_named_by_member(
        &mut self,
        parent: Option<usize>,
        member: MemberId,
        body: Body<'a>,
        templates: &mut Templates,
    ) -> usize {
        let reserved = templates.reserve_stem(self.member_name(member));
        self.push_scope(parent, member, reserved, body)
    }

    fn push_scope(
        &mut self,
        parent: Option<usize>,
        member: MemberId,
        (slot, template): (usize, Arc<str>),
        body: Body<'a>,
    ) -> usize {
        let depth = parent.map_or(0, |p| self.scopes[p].depth + 1);
        self.scopes.push(Scope {
            parent,
            depth,
            member,
            slot,
            template,
            body,
            parallelism: None,
        });
        self.scopes.len() - 1
    }

    fn add_member(&mut self, name: Cow<'a, str>) -> MemberId {
        self.members.push(name);
        (self.members.len() - 1) as MemberId
    }

    /// Locate a node with one DAG task (or none, for an importer), named after the node.
    fn locate_one(
        &mut self,
        id: NodeId,
        label: Cow<'a, str>,
        scope: usize,
        drawn: bool,
    ) -> MemberId {
        let label = self.add_member(label);
        let location = Location {
            scope: scope as u32,
            label,
            first: label,
            count: u32::from(drawn),
        };
        self.place(id, location);
        label
    }

    /// Record where node `id` is.
    fn place(&mut self, id: NodeId, location: Location) {
        if let Some(slot) = self.locations.get_mut(id as usize) {
            *slot = Some(location);
        }
    }

    /// Make room for the `count` scopes of group `id`; returns where they go in `group_scopes`.
    fn open_groups(&mut self, id: NodeId, count: usize) -> usize {
        let at = self.group_scopes.len();
        self.group_scopes.resize(at + count, usize::MAX);
        if let Some(slot) = self.groups.get_mut(id as usize) {
            *slot = at as u32;
        }
        at
    }

    /// The scope run by DAG task `i` of group `id` (a condition's branch `i`; 0 for a loop or exit
    /// handler).
    pub(super) fn group(&self, id: NodeId, i: usize) -> Option<usize> {
        let at = *self.groups.get(id as usize)?;
        let s = *self.group_scopes.get((at as usize).checked_add(i)?)?;
        (s != usize::MAX).then_some(s)
    }

    /// Where node `id` is.
    fn location(&self, id: NodeId) -> Option<Location> {
        self.locations.get(id as usize).copied().flatten()
    }

    /// Walk the DAG a scope was just made for: its body holds the DAG and where its nodes'
    /// numbering starts, looked up once when the scope was made.
    fn walk(&mut self, scope: usize, templates: &mut Templates, nodes: &Nodes<'a>) {
        let Body::Dag(dag, start) = self.scopes[scope].body else {
            return;
        };
        if !self.layout.plans.is_empty()
            && let Some(parts) = self.layout.plans.remove(&key(dag))
        {
            let pieces = self.walk_parts(scope, dag, start, &parts, templates, nodes);
            self.scopes[scope].body = Body::Parts(pieces);
            return;
        }
        for (i, node) in dag.nodes.iter().enumerate() {
            self.walk_node(
                scope,
                node,
                start.wrapping_add(i as NodeId),
                templates,
                nodes,
            );
        }
    }

    /// Walk the parts of a split DAG into `scope`, adding a scope for each nested part.
    fn walk_parts(
        &mut self,
        scope: usize,
        dag: &'a Dag,
        start: NodeId,
        parts: &[Part],
        templates: &mut Templates,
        nodes: &Nodes<'a>,
    ) -> Vec<Piece<'a>> {
        let mut pieces = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Part::Node(i) => {
                    let node = &dag.nodes[*i];
                    let id = start.wrapping_add(*i as NodeId);
                    self.walk_node(scope, node, id, templates, nodes);
                    pieces.push(Piece::Node(node, id));
                }
                Part::Nested(inner) => {
                    let base = format!("{}-part", self.scopes[scope].template);
                    let placeholder = MemberId::MAX;
                    let id = self.add(
                        Some(scope),
                        placeholder,
                        &base,
                        Body::Parts(Vec::new()),
                        templates,
                    );
                    let mut member = String::from(&*self.scopes[id].template);
                    while self.layout.taken.contains(member.as_str()) {
                        member.push_str("-part");
                    }
                    self.scopes[id].member = self.add_member(Cow::Owned(member));
                    let inner = self.walk_parts(id, dag, start, inner, templates, nodes);
                    self.scopes[id].body = Body::Parts(inner);
                    pieces.push(Piece::Scope(id));
                }
            }
        }
        pieces
    }

    /// Locate one node in `scope` and walk the groups it opens.
    fn walk_node(
        &mut self,
        scope: usize,
        node: &'a Node,
        id: NodeId,
        templates: &mut Templates,
        nodes: &Nodes<'a>,
    ) {
        // Numbering read all that a task's location needs, so a task's IR node (several cache
        // lines away from the next one in a large pipeline) is not read again: only a group's
        // is (or that of a node the numbering does not know).
        let numbered_task = nodes.info(id).is_some_and(|i| i.task.is_some());
        if numbered_task || matches!(node, Node::Task(_)) {
            self.locate_one(id, nodes.label(id), scope, !nodes.is_importer(id));
            return;
        }
        match node {
            // Located above.
            Node::Task(_) => {}
            Node::Condition(c) => {
                let first = self.members.len() as MemberId;
                for i in 0..c.branches.len() {
                    self.add_member(nodes.branch_label(id, i));
                }
                let location = Location {
                    scope: scope as u32,
                    // A condition's outputs are never read, so it needs no label of its own.
                    label: first,
                    first,
                    count: c.branches.len() as u32,
                };
                self.place(id, location);
                let at = self.open_groups(id, c.branches.len());
                for (i, b) in c.branches.iter().enumerate() {
                    let member = first + i as MemberId;
                    let body = Body::Dag(&b.body, nodes.start(&b.body));
                    // The member is named `sanitized(&b.name)` (the branch's label), the
                    // template's stem.
                    let child = self.add_named_by_member(Some(scope), member, body, templates);
                    self.group_scopes[at + i] = child;
                    self.walk(child, templates, nodes);
                }
            }
            Node::Loop(l) => self.walk_loop(scope, l, id, templates, nodes),
            Node::ExitHandler(e) => {
                let member = self.locate_one(id, nodes.label(id), scope, true);
                // The exit task runs as the member's exit hook.
                let exit_id = nodes.info(id).map_or(NodeId::MAX, |i| i.exit_task);
                let exit_task = Location {
                    scope: scope as u32,
                    label: self.add_member(nodes.label(exit_id)),
                    first: member,
                    count: 1,
                };
                self.place(exit_id, exit_task);
                let body = Body::Dag(&e.body, nodes.start(&e.body));
                let child = self.add(Some(scope), member, &e.name, body, templates);
                let at = self.open_groups(id, 1);
                self.group_scopes[at] = child;
                self.walk(child, templates, nodes);
            }
        }
    }

    fn walk_loop(
        &mut self,
        scope: usize,
        l: &'a Loop,
        id: NodeId,
        templates: &mut Templates,
        nodes: &Nodes<'a>,
    ) {
        let member = self.locate_one(id, nodes.label(id), scope, true);
        let home = match l.parallelism {
            Some(limit) => {
                let base = format!("{}-parallelism", l.name);
                let wrapper = self.add(Some(scope), member, &base, Body::Loop(l, id), templates);
                self.scopes[wrapper].parallelism = Some(limit);
                let at = self.open_groups(id, 1);
                self.group_scopes[at] = wrapper;
                wrapper
            }
            None => scope,
        };
        // Under a wrapper, the looped DAG task is another DAG task of the same name, in another
        // scope, with waits of its own.
        let looped = match l.parallelism {
            Some(_) => self.add_member(self.members[member as usize].clone()),
            None => member,
        };
        let body_dag = Body::Dag(&l.body, nodes.start(&l.body));
        let body = self.add(Some(home), looped, &l.name, body_dag, templates);
        if l.parallelism.is_none() {
            let at = self.open_groups(id, 1);
            self.group_scopes[at] = body;
        }
        let scopes = LoopScopes {
            the_loop: l,
            body,
            home,
        };
        self.loops.insert(&l.name, scopes);
        self.walk(body, templates, nodes);
    }

    /// The nearest scope enclosing both.
    fn common(&self, a: usize, b: usize) -> usize {
        // Most uses stay in one scope or cross into a sibling.
        if a == b {
            return a;
        }
        if self.scopes[a].parent == self.scopes[b].parent
            && let Some(p) = self.scopes[a].parent
        {
            return p;
        }
        let up = |s: usize| self.scopes[s].parent.unwrap_or(0);
        let (mut a, mut b) = (a, b);
        while self.scopes[a].depth > self.scopes[b].depth {
            a = up(a);
        }
        while self.scopes[b].depth > self.scopes[a].depth {
            b = up(b);
        }
        while a != b {
            (a, b) = (up(a), up(b));
        }
        a
    }

    /// The child of `ancestor` on the way down to `s` (`s` itself when it is a child).
    fn child_toward(&self, ancestor: usize, s: usize) -> Option<usize> {
        if s == ancestor {
            return None;
        }
        let mut cur = s;
        loop {
            let parent = self.scopes[cur].parent?;
            if parent == ancestor {
                return Some(cur);
            }
            cur = parent;
        }
    }

    /// The scope where a value is made (for an item: where `{{item}}` exists).
    pub(super) fn home(&self, value: &Value) -> Option<usize> {
        match value {
            Value::Param(_) => Some(0),
            Value::Output { node, .. } => self.location(*node).map(|l| l.scope()),
            Value::Item { loop_name, .. } => self.loops.get(loop_name).map(|l| l.home),
        }
    }

    /// An IR node's first DAG task (or its label when it has none).
    pub(super) fn member_of(&self, node: NodeId) -> Option<MemberId> {
        self.location(node).map(|l| l.first)
    }

    /// The name of a member.
    pub(super) fn member_name(&self, member: MemberId) -> &str {
        &self.members[member as usize]
    }

    /// A node's name as a DAG task name.
    pub(super) fn label(&self, node: NodeId) -> Option<&str> {
        self.location(node).map(|l| self.member_name(l.label))
    }

    /// Record that `member` of scope `s` reads `value`: route it to `s` and, for an output, make
    /// `member` wait for its producer. Returns `false` if the value's origin is unknown.
    pub(super) fn read(
        &mut self,
        value: Value<'a>,
        s: usize,
        member: MemberId,
        nodes: &Nodes<'a>,
    ) -> bool {
        let Value::Output { node, .. } = value else {
            return self.route(value, s, nodes);
        };
        let Some(at) = self.location(node) else {
            return false;
        };
        if at.scope() == s {
            // The usual case: both in one scope, so nothing crosses scopes.
            at.members().for_each(|m| self.depends.add(member, m));
            return true;
        }
        // The route climbs to the nearest scope holding both, and the wait is recorded there:
        // that scope is found once for both.
        let common = self.common(at.scope(), s);
        if self.last_route != Some((value, s)) {
            self.last_route = Some((value, s));
            self.carry_between(value, at.scope(), s, common, nodes);
        }
        self.depend_across(s, member, at, common);
        true
    }

    /// Record that scope `s` reads `value`. Returns `false` if the value's origin is unknown.
    pub(super) fn route(&mut self, value: Value<'a>, s: usize, nodes: &Nodes<'a>) -> bool {
        // Checked before the home is looked up (an item's home is found by the loop's name).
        if self.last_route == Some((value, s)) {
            return true;
        }
        let Some(home) = self.home(&value) else {
            return false;
        };
        self.last_route = Some((value, s));
        if home != s {
            let common = self.common(home, s);
            self.carry_between(value, home, s, common, nodes);
        }
        true
    }

    /// Carry `value` out of the scopes from `home` up to `common`, and into those from `common`
    /// down to `s`.
    fn carry_between(
        &mut self,
        value: Value<'a>,
        home: usize,
        s: usize,
        common: usize,
        nodes: &Nodes<'a>,
    ) {
        let carrier = self.carriers.intern(value, nodes);
        let mut up = home;
        while up != common {
            self.carried.add(up, Way::Out, carrier, value);
            up = self.scopes[up].parent.unwrap_or(common);
        }
        let mut down = s;
        while down != common {
            self.carried.add(down, Way::In, carrier, value);
            down = self.scopes[down].parent.unwrap_or(common);
        }
    }

    /// Record that `member` of scope `s` must wait for the IR node `target`. Returns `false` if
    /// the target is unknown.
    pub(super) fn depend(&mut self, s: usize, member: MemberId, target: NodeId) -> bool {
        let Some(at) = self.location(target) else {
            return false;
        };
        if at.scope() == s {
            // The usual case: both in one scope.
            at.members().for_each(|m| self.depends.add(member, m));
        } else {
            let common = self.common(s, at.scope());
            self.depend_across(s, member, at, common);
        }
        true
    }

    /// [`ScopeTree::depend`] for a target in another scope than `s`: the wait is between the
    /// DAG tasks standing for both in their nearest `common` scope.
    fn depend_across(&mut self, s: usize, member: MemberId, at: Location, common: usize) {
        let waiting = match self.child_toward(common, s) {
            Some(child) if s != common => self.scopes[child].member,
            _ => member,
        };
        match self.child_toward(common, at.scope()) {
            Some(child) if at.scope() != common => {
                self.depends.add(waiting, self.scopes[child].member);
            }
            _ => at.members().for_each(|m| self.depends.add(waiting, m)),
        }
    }

    /// End recording: sort each scope's inputs, outputs and waits into the order they are written.
    pub(super) fn seal(&mut self) {
        self.depends.seal(&self.members);
        self.carried.seal(self.scopes.len(), &self.carriers);
    }

    /// The members `member` waits for (after [`ScopeTree::seal`]).
    pub(super) fn depends(&self, member: MemberId) -> &[MemberId] {
        self.depends.of(member)
    }

    /// A scope's inputs: carrier name and value, by name (after [`ScopeTree::seal`]).
    pub(super) fn inputs(&self, s: usize) -> impl ExactSizeIterator<Item = (&str, &Value<'a>)> {
        let inputs = self.carried.of(s, Way::In).iter();
        inputs.map(|(c, v)| (self.carriers.name(*c), v))
    }

    /// A scope's outputs: carrier name and value, by name (after [`ScopeTree::seal`]).
    pub(super) fn outputs(&self, s: usize) -> impl ExactSizeIterator<Item = (&str, &Value<'a>)> {
        let outputs = self.carried.of(s, Way::Out).iter();
        outputs.map(|(c, v)| (self.carriers.name(*c), v))
    }

    /// The reference scope `s` uses for a routed value, or `None` if it was never routed there.
    pub(super) fn resolve<'r>(&'r self, value: &Value<'a>, s: usize) -> Option<Ref<'r>> {
        let home = self.home(value)?;
        let artifact = value.is_artifact();
        if home == s {
            return Some(match *value {
                Value::Param(name) => Ref::Input {
                    name,
                    artifact: false,
                },
                Value::Output { node, output, .. } => Ref::Task {
                    task: self.label(node)?,
                    name: output,
                    artifact,
                },
                Value::Item { field, .. } => Ref::Item(field),
            });
        }
        let carrier = self.carriers.find(value)?;
        let name = self.carriers.name(carrier);
        if self.carried.has(s, Way::In, carrier, &self.carriers) {
            return Some(Ref::Input { name, artifact });
        }
        let child = self.child_toward(s, home)?;
        if !self.carried.has(child, Way::Out, carrier, &self.carriers) {
            return None;
        }
        Some(Ref::Task {
            task: self.member_name(self.scopes[child].member),
            name,
            artifact,
        })
    }
}

/// How the splitter's input was read before [`waits`] read it from the IR: from the waits an
/// unsplit tree records. Kept to check that both agree.
#[cfg(test)]
impl<'a> ScopeTree<'a> {
    /// The units of each DAG scope that may draw more than `max` tasks (after
    /// [`ScopeTree::seal`]).
    pub(super) fn recorded_units(&self, max: usize) -> Vec<(&'a Dag, split::Units)> {
        // Which unit of the DAG being read each member stands for, reset after each DAG.
        let mut unit_of = vec![u32::MAX; self.members.len()];
        let mut out = Vec::new();
        for scope in &self.scopes {
            let Body::Dag(dag, start) = scope.body else {
                continue;
            };
            if split::most_drawn(dag) <= max {
                continue;
            }
            let members: Vec<std::ops::Range<MemberId>> = (0..dag.nodes.len())
                .map(|i| {
                    let id = start.wrapping_add(i as NodeId);
                    self.location(id).map_or(0..0, |l| l.members())
                })
                .collect();
            for (i, ms) in members.iter().enumerate() {
                ms.clone().for_each(|m| unit_of[m as usize] = i as u32);
            }
            let mut pairs = Vec::new();
            for (i, ms) in members.iter().enumerate() {
                for m in ms.clone() {
                    let awaited = self.depends.of(m).iter().map(|&w| unit_of[w as usize]);
                    pairs.extend(awaited.filter(|&w| w != u32::MAX).map(|w| (i as u32, w)));
                }
            }
            let weights = members.iter().map(|ms| ms.len()).collect();
            out.push((dag, split::Units::new(weights, &pairs)));
            for ms in members {
                ms.for_each(|m| unit_of[m as usize] = u32::MAX);
            }
        }
        out
    }

    /// The names of the DAG tasks standing for the pipeline's nodes.
    pub(super) fn drawn_names(&self) -> HashSet<&str> {
        let mut names = HashSet::default();
        for location in self.locations.iter().flatten() {
            names.extend(location.members().map(|m| self.member_name(m)));
        }
        names
    }
}

/// The names a layout keeps parts' DAG tasks from taking.
#[cfg(test)]
impl Layout<'_> {
    pub(super) fn taken(&self) -> HashSet<&str> {
        self.taken.iter().map(|n| n.as_ref()).collect()
    }
}

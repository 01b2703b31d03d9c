//! The scopes of one pipeline, which DAG template each becomes, and what crosses between them.
//!
//! Every scope (the root, each condition branch, each loop body, each exit-handler body) is one DAG
//! template, run by one DAG task (its *member*) in the parent scope. A loop with a parallelism
//! limit has one more scope around its body: Argo's `parallelism` bounds the children of one run of
//! a template, so the limit must sit on the template in which the loop expands, and a wrapper DAG
//! holding only the loop keeps it from also throttling the loop's siblings.
//!
//! Uses of values are recorded first ([`ScopeTree::route`], [`ScopeTree::depend`]): each adds the
//! value to the inputs of the scopes between its home and the consumer and to the outputs of the
//! scopes it leaves, and adds a dependency between the two members of their nearest common scope.
//! Then [`ScopeTree::resolve`] gives the reference a scope uses.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use pipec_dsl::ir::{Dag, Loop, Node};
use pipec_dsl::name::sanitize;

use super::split::{self, Part, Unit};
use super::templates::Templates;
use super::value::{Ref, Value};

/// What a scope's DAG holds.
#[derive(Debug, Clone)]
pub(super) enum Body<'a> {
    /// The nodes of a DAG.
    Dag(&'a Dag),
    /// A single loop (the wrapper that carries a loop's parallelism).
    Loop(&'a Loop),
    /// Some nodes of a split DAG and the parts nested in it (see [`split`]).
    Parts(Vec<Piece<'a>>),
}

/// One entry of a split DAG.
#[derive(Debug, Clone, Copy)]
pub(super) enum Piece<'a> {
    /// A node of the pipeline.
    Node(&'a Node),
    /// A nested part: the scope that runs it.
    Scope(usize),
}

/// How to split the DAGs with too many tasks, by the DAG's address.
type Plans = HashMap<usize, Vec<Part>>;

/// How a pipeline's oversized DAGs are split, worked out on a first, unsplit scope tree.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The parts of each DAG to split.
    plans: Plans,
    /// Member names of the pipeline's nodes, which a part's member must not take.
    taken: HashSet<String>,
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
    /// The DAG task that runs this scope in the parent.
    pub member: String,
    /// The template slot reserved for it.
    pub slot: usize,
    /// The template's name.
    pub template: String,
    /// What runs in it.
    pub body: Body<'a>,
    /// Template-level parallelism (loop wrappers).
    pub parallelism: Option<u32>,
    /// Values it receives, by carrier name.
    pub inputs: BTreeMap<String, Value>,
    /// Values it hands back, by carrier name.
    pub outputs: BTreeMap<String, Value>,
    /// For each member, the members it depends on.
    pub depends: BTreeMap<String, BTreeSet<String>>,
}

/// Where an IR node (task or group) is: its scope and the DAG tasks that stand for it there.
#[derive(Debug, Clone)]
pub(super) struct Location {
    /// The scope holding it.
    pub scope: usize,
    /// Its DAG tasks: one for a task, loop or exit handler; one per branch for a condition; none
    /// for an importer, which becomes an artifact source of its consumers.
    pub members: Vec<String>,
}

/// The scopes of one pipeline.
#[derive(Debug)]
pub(super) struct ScopeTree<'a> {
    /// Scope 0 is the root.
    pub scopes: Vec<Scope<'a>>,
    /// Every IR node by name.
    pub locations: HashMap<String, Location>,
    /// Branch, loop and exit-handler names to the scope their DAG task runs (for a loop with
    /// parallelism, the wrapper).
    pub groups: HashMap<String, usize>,
    /// Loop names to the scope of their body.
    pub loop_bodies: HashMap<String, usize>,
    /// Loop names to the scope holding the looped DAG task, where `{{item}}` exists.
    pub loop_homes: HashMap<String, usize>,
    /// Loops by name.
    pub loops: HashMap<String, &'a Loop>,
    /// How oversized DAGs are split.
    layout: Layout,
}

/// Whether a task is drawn as a DAG task (importers are not).
pub(super) type IsStep<'b> = &'b dyn Fn(&pipec_dsl::ir::Task) -> bool;

impl<'a> ScopeTree<'a> {
    /// The scope tree of a pipeline whose root template is named after `root_name`; the DAGs in
    /// `layout` are split as it says.
    pub(super) fn build(
        root: &'a Dag,
        root_name: &str,
        templates: &mut Templates,
        is_step: IsStep<'_>,
        layout: Layout,
    ) -> Self {
        let mut tree = ScopeTree {
            scopes: Vec::new(),
            locations: HashMap::new(),
            groups: HashMap::new(),
            loop_bodies: HashMap::new(),
            loop_homes: HashMap::new(),
            loops: HashMap::new(),
            layout,
        };
        let root_id = tree.add(None, String::new(), root_name, Body::Dag(root), templates);
        tree.walk(root_id, root, templates, is_step);
        tree
    }

    fn add(
        &mut self,
        parent: Option<usize>,
        member: String,
        base: &str,
        body: Body<'a>,
        templates: &mut Templates,
    ) -> usize {
        let (slot, template) = templates.reserve(base);
        self.scopes.push(Scope {
            parent,
            member,
            slot,
            template,
            body,
            parallelism: None,
            inputs: BTreeMap::new(),
            outputs: BTreeMap::new(),
            depends: BTreeMap::new(),
        });
        self.scopes.len() - 1
    }

    fn locate(&mut self, name: &str, scope: usize, members: Vec<String>) {
        self.locations
            .insert(name.to_string(), Location { scope, members });
    }

    fn walk(&mut self, scope: usize, dag: &'a Dag, templates: &mut Templates, is_step: IsStep) {
        if let Some(parts) = self.layout.plans.remove(&key(dag)) {
            let pieces = self.walk_parts(scope, dag, &parts, templates, is_step);
            self.scopes[scope].body = Body::Parts(pieces);
            return;
        }
        for node in &dag.nodes {
            self.walk_node(scope, node, templates, is_step);
        }
    }

    /// Walk the parts of a split DAG into `scope`, adding a scope for each nested part.
    fn walk_parts(
        &mut self,
        scope: usize,
        dag: &'a Dag,
        parts: &[Part],
        templates: &mut Templates,
        is_step: IsStep,
    ) -> Vec<Piece<'a>> {
        let mut pieces = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Part::Node(i) => {
                    let node = &dag.nodes[*i];
                    self.walk_node(scope, node, templates, is_step);
                    pieces.push(Piece::Node(node));
                }
                Part::Nested(inner) => {
                    let base = format!("{}-part", self.scopes[scope].template);
                    let id = self.add(
                        Some(scope),
                        String::new(),
                        &base,
                        Body::Parts(Vec::new()),
                        templates,
                    );
                    let mut member = self.scopes[id].template.clone();
                    while self.layout.taken.contains(&member) {
                        member.push_str("-part");
                    }
                    self.scopes[id].member = member;
                    let inner = self.walk_parts(id, dag, inner, templates, is_step);
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
        templates: &mut Templates,
        is_step: IsStep,
    ) {
        match node {
            Node::Task(t) => {
                let members = if is_step(t) {
                    vec![sanitize(&t.name)]
                } else {
                    Vec::new()
                };
                self.locate(&t.name, scope, members);
            }
            Node::Condition(c) => {
                let members = c.branches.iter().map(|b| sanitize(&b.name)).collect();
                self.locate(&c.name, scope, members);
                for b in &c.branches {
                    let member = sanitize(&b.name);
                    let id = self.add(Some(scope), member, &b.name, Body::Dag(&b.body), templates);
                    self.groups.insert(b.name.clone(), id);
                    self.walk(id, &b.body, templates, is_step);
                }
            }
            Node::Loop(l) => self.walk_loop(scope, l, templates, is_step),
            Node::ExitHandler(e) => {
                let member = sanitize(&e.name);
                self.locate(&e.name, scope, vec![member.clone()]);
                // The exit task runs as the member's exit hook.
                self.locate(&e.exit_task.name, scope, vec![member.clone()]);
                let id = self.add(Some(scope), member, &e.name, Body::Dag(&e.body), templates);
                self.groups.insert(e.name.clone(), id);
                self.walk(id, &e.body, templates, is_step);
            }
        }
    }

    /// How to split this tree's DAGs that hold more than `max` tasks.
    pub(super) fn layout(&self, max: usize) -> Layout {
        let mut plans = Plans::new();
        for scope in &self.scopes {
            let Body::Dag(dag) = scope.body else {
                continue;
            };
            if let Some(parts) = split::plan(&self.units(scope, dag), max) {
                plans.insert(key(dag), parts);
            }
        }
        let taken = self
            .locations
            .values()
            .flat_map(|l| l.members.iter().cloned())
            .collect();
        Layout { plans, taken }
    }

    /// The nodes of a DAG with their task counts and in-scope waits, for the splitter.
    fn units(&self, scope: &Scope, dag: &Dag) -> Vec<Unit> {
        let members: Vec<&[String]> = dag
            .nodes
            .iter()
            .map(|n| {
                self.locations
                    .get(n.name())
                    .map_or(&[][..], |l| &l.members[..])
            })
            .collect();
        let mut unit_of: HashMap<&str, usize> = HashMap::with_capacity(members.len());
        for (i, ms) in members.iter().enumerate() {
            ms.iter().for_each(|m| {
                unit_of.insert(m, i);
            });
        }
        members
            .iter()
            .enumerate()
            .map(|(i, ms)| Unit {
                weight: ms.len(),
                waits_for: ms
                    .iter()
                    .filter_map(|m| scope.depends.get(m))
                    .flatten()
                    .filter_map(|w| unit_of.get(w.as_str()).copied())
                    .filter(|&w| w != i)
                    .collect(),
            })
            .collect()
    }

    fn walk_loop(&mut self, scope: usize, l: &'a Loop, templates: &mut Templates, is_step: IsStep) {
        let member = sanitize(&l.name);
        self.locate(&l.name, scope, vec![member.clone()]);
        let home = match l.parallelism {
            Some(limit) => {
                let base = format!("{}-parallelism", l.name);
                let id = self.add(Some(scope), member.clone(), &base, Body::Loop(l), templates);
                self.scopes[id].parallelism = Some(limit);
                self.groups.insert(l.name.clone(), id);
                id
            }
            None => scope,
        };
        let body = self.add(Some(home), member, &l.name, Body::Dag(&l.body), templates);
        if l.parallelism.is_none() {
            self.groups.insert(l.name.clone(), body);
        }
        self.loop_bodies.insert(l.name.clone(), body);
        self.loop_homes.insert(l.name.clone(), home);
        self.loops.insert(l.name.clone(), l);
        self.walk(body, &l.body, templates, is_step);
    }

    /// The scopes from the root down to `s`.
    fn chain(&self, s: usize) -> Vec<usize> {
        let mut out = vec![s];
        let mut cur = s;
        while let Some(p) = self.scopes[cur].parent {
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }

    /// The nearest scope enclosing both.
    fn common(&self, a: usize, b: usize) -> usize {
        // Most uses stay in one scope or cross into a sibling; neither needs the full chains.
        if a == b {
            return a;
        }
        if self.scopes[a].parent == self.scopes[b].parent
            && let Some(p) = self.scopes[a].parent
        {
            return p;
        }
        let (ca, cb) = (self.chain(a), self.chain(b));
        let mut c = 0;
        for (x, y) in ca.iter().zip(&cb) {
            if x != y {
                break;
            }
            c = *x;
        }
        c
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
            Value::Output { task, .. } => self.locations.get(task).map(|l| l.scope),
            Value::Item { loop_name, .. } => self.loop_homes.get(loop_name).copied(),
        }
    }

    /// Record that scope `s` reads `value`. Returns `false` if the value's origin is unknown.
    pub(super) fn route(&mut self, value: &Value, s: usize) -> bool {
        let Some(home) = self.home(value) else {
            return false;
        };
        if home == s {
            return true;
        }
        let common = self.common(home, s);
        let carrier = value.carrier();
        let mut up = home;
        while up != common {
            self.scopes[up]
                .outputs
                .insert(carrier.clone(), value.clone());
            up = self.scopes[up].parent.unwrap_or(common);
        }
        let mut down = s;
        while down != common {
            self.scopes[down]
                .inputs
                .insert(carrier.clone(), value.clone());
            down = self.scopes[down].parent.unwrap_or(common);
        }
        true
    }

    /// Record that `member` of scope `s` must wait for the IR node `target`. Returns `false` if
    /// the target is unknown.
    pub(super) fn depend(&mut self, s: usize, member: &str, target: &str) -> bool {
        let Some(loc) = self.locations.get(target) else {
            return false;
        };
        let common = self.common(s, loc.scope);
        let waiting = match self.child_toward(common, s) {
            Some(child) if s != common => self.scopes[child].member.clone(),
            _ => member.to_string(),
        };
        let awaited = match self.child_toward(common, loc.scope) {
            Some(child) if loc.scope != common => vec![self.scopes[child].member.clone()],
            _ => loc.members.clone(),
        };
        let set = self.scopes[common]
            .depends
            .entry(waiting.clone())
            .or_default();
        set.extend(awaited.into_iter().filter(|m| *m != waiting));
        true
    }

    /// The reference scope `s` uses for a routed value, or `None` if it was never routed there.
    pub(super) fn resolve(&self, value: &Value, s: usize) -> Option<Ref> {
        let home = self.home(value)?;
        let carrier = value.carrier();
        let artifact = value.is_artifact();
        if home == s {
            return Some(match value {
                Value::Param(name) => Ref::Input {
                    name: name.clone(),
                    artifact: false,
                },
                Value::Output { task, output, .. } => Ref::Task {
                    task: sanitize(task),
                    name: output.clone(),
                    artifact,
                },
                Value::Item { field, .. } => Ref::Item(field.clone()),
            });
        }
        if self.scopes[s].inputs.contains_key(&carrier) {
            return Some(Ref::Input {
                name: carrier,
                artifact,
            });
        }
        let child = self.child_toward(s, home)?;
        self.scopes[child].outputs.get(&carrier)?;
        Some(Ref::Task {
            task: self.scopes[child].member.clone(),
            name: carrier,
            artifact,
        })
    }
}

//! Which nodes of a pipeline's oversized DAGs wait for which, read straight from the IR, so that
//! [`split`](super::split) can plan how to cut those DAGs before any scope tree is built.
//!
//! A node waits for another when it reads one of its outputs (a task's arguments and PVC claim
//! names, a branch's condition — an else-if reads the conditions before it —, a loop's items, an
//! exit task's arguments) or names it in `after`. The wait lands in the nearest DAG holding both:
//! there, the node or group holding the waiting node waits for the node or group holding the
//! awaited one. That is the `depends` the scope tree records for the use (see
//! [`ScopeTree::depend`](super::scope_tree::ScopeTree::depend)): a group's DAG task stands for
//! everything in its body, an exit task runs as its handler's hook, an importer draws no DAG task
//! (a wait for an importer of the same DAG is no wait) and a consumer of an importer's output
//! reads the importer's URI instead.
//!
//! References are only looked up here, not checked: recording the uses in the scope tree reports
//! what is wrong with them.

use pipec_dsl::ir::{Argument, Dag, LoopItems, Node, Task, TaskOutputRef, VolumeSource};

use super::nodes::{NodeId, Place};
use super::source::{IMPORTER_URI, PipelineCtx};
use super::split::{self, Units};
use super::value::Value;

/// The units of each DAG of the pipeline that may draw more than `max` tasks (importers counted).
pub(super) fn units<'a>(ctx: &PipelineCtx<'a>, max: usize) -> Vec<(&'a Dag, Units)> {
    let mut waits = Waits {
        ctx,
        dags: Vec::new(),
        slot: Vec::new(),
        pairs: Vec::new(),
    };
    waits.find(&ctx.pipeline.root, max);
    if waits.dags.is_empty() {
        return Vec::new();
    }
    waits.walk(&ctx.pipeline.root);
    let Waits { dags, pairs, .. } = waits;
    dags.into_iter()
        .zip(pairs)
        .map(|((dag, start), pairs)| (dag, Units::new(weights(ctx, dag, start), &pairs)))
        .collect()
}

/// How many DAG tasks each node of a DAG draws: one per branch of a condition, none for an
/// importer, one otherwise.
fn weights(ctx: &PipelineCtx, dag: &Dag, start: NodeId) -> Vec<usize> {
    dag.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n, start.wrapping_add(i as NodeId)))
        .map(|(n, id)| match n {
            Node::Task(_) => usize::from(!ctx.nodes.is_importer(id)),
            Node::Condition(c) => c.branches.len(),
            Node::Loop(_) | Node::ExitHandler(_) => 1,
        })
        .collect()
}

/// The walk over every use of a pipeline.
struct Waits<'c, 'a> {
    ctx: &'c PipelineCtx<'a>,
    /// The DAGs being planned and their first ids.
    dags: Vec<(&'a Dag, NodeId)>,
    /// Which of `dags` each first id names (`u32::MAX`: none), by id.
    slot: Vec<u32>,
    /// For each of `dags`, (waiting, awaited) pairs of node indices in it.
    pairs: Vec<Vec<(u32, u32)>>,
}

impl<'a> Waits<'_, 'a> {
    /// Note every DAG in `dag` (itself included) that may draw more than `max` tasks.
    fn find(&mut self, dag: &'a Dag, max: usize) {
        if split::most_drawn(dag) > max {
            let start = self.ctx.nodes.start(dag);
            if self.slot.is_empty() {
                self.slot = vec![u32::MAX; self.ctx.nodes.len()];
            }
            if let Some(s) = self.slot.get_mut(start as usize) {
                *s = self.dags.len() as u32;
                self.dags.push((dag, start));
                // About one wait per node.
                self.pairs.push(Vec::with_capacity(dag.nodes.len()));
            }
        }
        for n in &dag.nodes {
            match n {
                Node::Task(_) => {}
                Node::Condition(c) => c.branches.iter().for_each(|b| self.find(&b.body, max)),
                Node::Loop(l) => self.find(&l.body, max),
                Node::ExitHandler(e) => self.find(&e.body, max),
            }
        }
    }

    /// Record the waits of every node in `dag` and the DAGs nested in it.
    fn walk(&mut self, dag: &'a Dag) {
        let start = self.ctx.nodes.start(dag);
        for (i, n) in dag.nodes.iter().enumerate() {
            let id = start.wrapping_add(i as NodeId);
            match n {
                Node::Task(_) if self.ctx.nodes.is_importer(id) => {}
                Node::Task(t) => self.task(id, id, t),
                Node::Condition(c) => {
                    for b in &c.branches {
                        if let Some(e) = &b.when {
                            e.for_each_operand(&mut |a| self.argument(id, a, 0));
                        }
                        self.walk(&b.body);
                    }
                }
                Node::Loop(l) => {
                    if let LoopItems::TaskOutput(r) = &l.items {
                        self.output(id, r, 0);
                    }
                    self.walk(&l.body);
                }
                Node::ExitHandler(e) => {
                    let exit = self.ctx.nodes.info(id).map_or(NodeId::MAX, |i| i.exit_task);
                    self.task(id, exit, &e.exit_task);
                    self.walk(&e.body);
                }
            }
        }
    }

    /// The waits of task `t`, node `node`, whose DAG task is node `id`'s.
    fn task(&mut self, id: NodeId, node: NodeId, t: &Task) {
        // The arguments were classified once (see `task_sources`): an output's producer is read
        // from there, without looking its name up again. One that could not be classified is
        // read from the IR.
        let classified = self.ctx.task_sources.of(node);
        if classified.len() == t.arguments.len() {
            for (c, a) in classified.iter().zip(t.arguments.values()) {
                match c.source.as_ref() {
                    Some(src) => {
                        if let Some(Value::Output { node: target, .. }) = src.value() {
                            self.wait(id, target);
                        }
                    }
                    None => self.argument(id, a, 0),
                }
            }
        } else {
            for a in t.arguments.values() {
                self.argument(id, a, 0);
            }
        }
        for m in &t.volumes {
            if let VolumeSource::Pvc(a) = &m.source {
                self.argument(id, a, 0);
            }
        }
        for after in &t.after {
            if let Some(target) = self.ctx.nodes.id(after) {
                self.wait(id, target);
            }
        }
    }

    /// Node `id` reads argument `a`, through `depth` importers.
    fn argument(&mut self, id: NodeId, a: &Argument, depth: usize) {
        if let Argument::TaskOutput(r) | Argument::Collected(r) = a {
            self.output(id, r, depth);
        }
    }

    /// Node `id` reads an output: it waits for the task making it or, for an importer's output,
    /// for what the importer's URI reads.
    fn output(&mut self, id: NodeId, r: &TaskOutputRef, depth: usize) {
        let Some(target) = self.ctx.nodes.id(&r.task) else {
            return;
        };
        let Some(info) = self.ctx.nodes.info(target) else {
            return;
        };
        if !info.importer {
            self.wait(id, target);
            return;
        }
        // An importer's URI reading another importer's output, and so on, ends here at the
        // latest: a longer path has a cycle, which recording the uses reports.
        let uri = info.task.and_then(|t| t.arguments.get(IMPORTER_URI));
        if let Some(uri) = uri.filter(|_| depth < self.ctx.nodes.len()) {
            self.argument(id, uri, depth + 1);
        }
    }

    /// Node `waiting` waits for node `target`: record it in the nearest DAG holding both, if that
    /// DAG is being planned.
    fn wait(&mut self, waiting: NodeId, target: NodeId) {
        let nodes = &self.ctx.nodes;
        let (Some(mut a), Some(mut b)) = (nodes.place(waiting), nodes.place(target)) else {
            return;
        };
        let (mut a_id, mut b_id) = (waiting, b.seat);
        // Climb to the nearest DAG holding both: the deeper side first, then both.
        while a.dag != b.dag {
            let (climb_a, climb_b) = (a.depth >= b.depth, b.depth >= a.depth);
            if climb_a {
                a_id = a.parent;
                a = up(nodes.place(a_id));
            }
            if climb_b {
                b_id = b.parent;
                b = up(nodes.place(b_id));
            }
            if a.depth == u32::MAX || b.depth == u32::MAX {
                return;
            }
        }
        let slot = self.slot.get(a.dag as usize).copied().unwrap_or(u32::MAX);
        // An importer of the same DAG draws no DAG task to wait for.
        let no_task = b_id == target && nodes.is_importer(target);
        if slot == u32::MAX || a_id == b_id || no_task {
            return;
        }
        self.pairs[slot as usize].push((a_id - a.dag, b_id - a.dag));
    }
}

/// The place of a group, or a place no DAG holds when there is none (above the root).
fn up(place: Option<Place>) -> Place {
    place.unwrap_or(Place {
        seat: NodeId::MAX,
        dag: NodeId::MAX,
        parent: NodeId::MAX,
        depth: u32::MAX,
    })
}

#[cfg(test)]
#[path = "../../../tests/src/random.rs"]
mod random;

#[cfg(test)]
#[path = "../../benches/shapes.rs"]
mod shapes;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use pipec_dsl::ir::{Implementation, Pipeline};

    use super::super::scope_tree::{Layout, ScopeTree, may_name_a_part};
    use super::super::templates::Templates;
    use super::super::uses;
    use super::*;

    /// The limits the pipelines are planned under: small ones split even small DAGs.
    const LIMITS: [usize; 6] = [0, 1, 2, 3, 5, 200];

    /// For a pipeline and every pipeline nested in it: the units read from the IR are those an
    /// unsplit scope tree records, use for use, and a split keeps the same names from parts.
    fn check(p: &Pipeline, is_root: bool) {
        let ctx = PipelineCtx::new(p, is_root, format!("pipeline {}", p.name));
        let mut templates = Templates::default();
        let mut tree = ScopeTree::build(&p.root, "", &mut templates, &ctx.nodes, Layout::default());
        uses::record(&ctx, &mut tree).unwrap();
        for max in LIMITS {
            let read = units(&ctx, max);
            let from_tree = tree.recorded_units(max);
            assert_eq!(read.len(), from_tree.len(), "{} under {max}", p.name);
            for ((dag, units), (tree_dag, tree_units)) in read.iter().zip(&from_tree) {
                assert!(std::ptr::eq(*dag, *tree_dag), "{} under {max}", p.name);
                assert_eq!(units, tree_units, "{} under {max}", p.name);
            }
            let layout = Layout::plan(&ctx, max);
            if layout.splits() {
                let drawn = tree.drawn_names();
                let could_clash = drawn.into_iter().filter(|n| may_name_a_part(n)).collect();
                assert_eq!(layout.taken(), could_clash, "{} under {max}", p.name);
            }
        }
        for c in p.components.values() {
            if let Implementation::Pipeline(inner) = &c.implementation {
                check(inner, false);
            }
        }
    }

    #[test]
    fn units_of_the_input_files_are_the_recorded_waits() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/in");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for p in pipec_dsl::ir_file::parse(&text, &path.display().to_string()).unwrap() {
                check(&p, true);
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked} input files");
    }

    #[test]
    fn units_of_random_pipelines_are_the_recorded_waits() {
        for p in super::random::sample(300) {
            check(&p, true);
        }
    }

    #[test]
    fn units_of_the_benchmark_shapes_are_the_recorded_waits() {
        for shape in super::shapes::Shape::ALL {
            check(&shape.build(450), true);
        }
    }

    #[test]
    fn a_use_in_error_is_reported_as_in_an_unsplit_pipeline() {
        // Two bad `after`s: one in a branch near the start, one in the root near the end. The
        // root's uses are recorded before the branch's when the root is not split.
        let mut p = super::shapes::Shape::Conditions.build(600);
        let bad_task = |nodes: &mut Vec<pipec_dsl::ir::Node>, i: usize, to: &str| {
            let pipec_dsl::ir::Node::Task(t) = &mut nodes[i] else {
                panic!("{i} is a task")
            };
            t.after.push(to.into());
        };
        bad_task(&mut p.root.nodes, 250, "late");
        let pipec_dsl::ir::Node::Condition(c) = &mut p.root.nodes[1] else {
            panic!("the second node is a condition")
        };
        bad_task(&mut c.branches[0].body.nodes, 0, "early");
        let error = |max| {
            let options = super::super::options::ArgoOptions {
                max_dag_tasks: Some(max),
                ..Default::default()
            };
            let mut lowering = super::super::lower::Lowering {
                options: &options,
                settings: &p.settings,
                templates: Templates::default(),
                nested: Default::default(),
                plain_steps: Default::default(),
            };
            let ctx = PipelineCtx::new(&p, true, "pipeline p".into());
            lowering.pipeline(&ctx, "p").unwrap_err().to_string()
        };
        assert!(error(100_000).contains("late"), "{}", error(100_000));
        assert_eq!(error(200), error(100_000));
        assert_eq!(error(3), error(100_000));
    }

    /// Waits on importers (no DAG task of their own) and exit tasks (their handler's hook), from
    /// the same DAG and across groups.
    const IMPORTERS_AND_EXIT_TASKS: &str = r#"
name: waits
components:
  imp:
    name: imp
    inputs: [{name: uri, type: string}]
    outputs: [{name: artifact, type: model}]
    implementation: {importer: {artifact_type: model}}
  work:
    name: work
    inputs: [{name: step, type: string}]
    outputs: [{name: out, type: string}]
    implementation: {container: {image: alpine, command: [echo], args: [{input_value: step}]}}
root:
  nodes:
    - task: {name: a, component: work, arguments: {step: {constant: a}}}
    - task: {name: m, component: imp, arguments: {uri: {task_output: {task: a, output: out}}}}
    - exit_handler:
        name: h
        exit_task: {name: x, component: work, arguments: {step: {task_output: {task: a, output: out}}}}
        body:
          nodes:
            - task: {name: b, component: work, after: [m]}
    - task: {name: d, component: work, after: [m]}
    - loop:
        name: l
        items: {static: [1, 2]}
        body:
          nodes:
            - task: {name: e, component: work, after: [m, x]}
            - task: {name: f, component: work, arguments: {step: {task_output: {task: b, output: out}}}}
    - condition:
        name: k
        branches:
          - name: k-1
            when:
              compare:
                op: eq
                left: {task_output: {task: a, output: out}}
                right: {constant: go}
            body:
              nodes:
                - task: {name: m2, component: imp, arguments: {uri: {constant: "s3://b/k"}}}
                - task: {name: g, component: work, after: [m2]}
    - task: {name: y, component: work, after: [m2]}
    - task: {name: z, component: work, after: [x]}
    - task: {name: w, component: work, arguments: {step: {task_output: {task: m, output: artifact}}}}
"#;

    #[test]
    fn waits_on_importers_and_exit_tasks_are_the_recorded_waits() {
        let p = pipec_dsl::ir_file::parse(IMPORTERS_AND_EXIT_TASKS, "waits").unwrap();
        check(&p[0], true);
        let ctx = PipelineCtx::new(&p[0], true, "pipeline waits".into());
        let read = units(&ctx, 3);
        // Root nodes: a m h d l k y z w. `y` waits for the branch holding `m2`, `z` and the loop
        // for the handler of `x`; `d` does not wait for the importer `m`.
        let waits = |i: u32| read[0].1.waits_of(i as usize).to_vec();
        assert_eq!(waits(3), Vec::<u32>::new());
        assert_eq!(waits(4), [2]);
        assert_eq!(waits(6), [5]);
        assert_eq!(waits(7), [2]);
        assert_eq!(waits(8), [0]);
    }
}

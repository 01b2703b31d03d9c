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

use super::adjacency::Rows;
use super::nodes::{DagSize, NodeId, Place};
use super::source::{IMPORTER_URI, PipelineCtx};
use super::split::Units;

/// The units of each DAG of the pipeline that may draw more than `max` tasks (importers counted).
pub(super) fn units<'a>(ctx: &PipelineCtx<'a>, max: usize) -> Vec<(&'a Dag, Units)> {
    let mut waits = Waits {
        ctx,
        max,
        dags: Vec::new(),
        planned: Vec::new(),
        path: Vec::new(),
    };
    waits.walk(&ctx.pipeline.root);
    let Waits { dags, planned, .. } = waits;
    dags.into_iter()
        .zip(planned)
        .map(|(dag, p)| {
            let waits = p.rows.finish(p.weights.len());
            (dag, Units::with_waits(p.weights, waits))
        })
        .collect()
}

/// What the walk finds about one DAG being planned.
struct Planned {
    /// How many DAG tasks each node draws: one per branch of a condition, none for an
    /// importer, one otherwise.
    weights: Vec<usize>,
    /// Whom each node waits for. The walk visits a DAG's nodes in order and finds every wait
    /// landing in it while visiting the node holding the waiting one: a node's row is complete
    /// once it is visited.
    rows: Rows,
}

/// One DAG of [`Waits::path`].
#[derive(Debug, Clone, Copy)]
struct Level {
    /// The DAG's first id, which names it.
    start: NodeId,
    /// Its index in [`Waits::planned`] (`u32::MAX`: not planned).
    slot: u32,
    /// Its node being visited: the one holding the node being visited.
    visiting: NodeId,
}

/// The walk over every use of a pipeline.
struct Waits<'c, 'a> {
    ctx: &'c PipelineCtx<'a>,
    /// The most DAG tasks a DAG may draw without being planned.
    max: usize,
    /// The DAGs being planned, in the order the walk meets them.
    dags: Vec<&'a Dag>,
    /// For each of `dags`, what the walk found.
    planned: Vec<Planned>,
    /// The DAGs holding the node being visited, outermost first (the DAG at index `d` holds
    /// the nodes `d` groups enclose). The waiting node is the one being visited: a wait lands
    /// in one of these DAGs, and waits there for that DAG's node being visited.
    path: Vec<Level>,
}

impl<'a> Waits<'_, 'a> {
    /// Where `dag`, of size `size`, is in `planned` (`u32::MAX`: it may draw no more than
    /// `max` tasks, or it is not of this pipeline, and is not planned).
    fn plan(&mut self, dag: &'a Dag, size: DagSize) -> u32 {
        if size.start == NodeId::MAX || size.most <= self.max {
            return u32::MAX;
        }
        self.dags.push(dag);
        // About one wait per node.
        let n = dag.nodes.len();
        self.planned.push(Planned {
            weights: Vec::with_capacity(n),
            rows: Rows::with_capacity(n, n),
        });
        (self.planned.len() - 1) as u32
    }

    /// Record the waits of every node in `dag` and the DAGs nested in it, and the weights of
    /// the nodes of the DAGs being planned.
    fn walk(&mut self, dag: &'a Dag) {
        let size = self.ctx.nodes.size(dag);
        let (start, slot) = (size.start, self.plan(dag, size));
        let level = self.path.len();
        self.path.push(Level {
            start,
            slot,
            visiting: NodeId::MAX,
        });
        for (i, n) in dag.nodes.iter().enumerate() {
            let id = start.wrapping_add(i as NodeId);
            self.path[level].visiting = id;
            let weight = match n {
                Node::Task(_) if self.ctx.nodes.is_importer(id) => 0,
                Node::Task(t) => {
                    self.task(id, t);
                    1
                }
                Node::Condition(c) => {
                    for b in &c.branches {
                        if let Some(e) = &b.when {
                            e.for_each_operand(&mut |a| self.argument(a, 0));
                        }
                        self.walk(&b.body);
                    }
                    c.branches.len()
                }
                Node::Loop(l) => {
                    if let LoopItems::TaskOutput(r) = &l.items {
                        self.output(r, 0);
                    }
                    self.walk(&l.body);
                    1
                }
                Node::ExitHandler(e) => {
                    let exit = self.ctx.nodes.info(id).map_or(NodeId::MAX, |i| i.exit_task);
                    self.task(exit, &e.exit_task);
                    self.walk(&e.body);
                    1
                }
            };
            if let Some(p) = self.planned.get_mut(slot as usize) {
                p.weights.push(weight);
                p.rows.end_row();
            }
        }
        self.path.pop();
    }

    /// The waits of task `t`, node `node`, whose DAG task is the visited node's (its own, or
    /// its exit handler's).
    fn task(&mut self, node: NodeId, t: &Task) {
        // The arguments were classified once (see `task_sources`): an output's producer is read
        // from there, without looking its name up again. One that could not be classified is
        // read from the IR.
        let classified = self.ctx.task_sources.of(node);
        if classified.len() == t.arguments.len() {
            for (k, c) in classified.iter().enumerate() {
                match c.source.as_ref() {
                    Some(src) => {
                        if let Some(target) = src.producer() {
                            self.wait(target);
                        }
                    }
                    None => {
                        if let Some(a) = t.arguments.values().nth(k) {
                            self.argument(a, 0);
                        }
                    }
                }
            }
        } else {
            for a in t.arguments.values() {
                self.argument(a, 0);
            }
        }
        // A task with no pod settings mounts no volumes, and one naming no task to run after
        // has an empty `after`: neither is read from the IR then.
        let info = self.ctx.nodes.info(node);
        if info.is_none_or(|i| !i.plain) {
            for m in &t.pod().volumes {
                if let VolumeSource::Pvc(a) = &m.source {
                    self.argument(a, 0);
                }
            }
        }
        if info.is_none_or(|i| i.after) {
            for after in &t.after {
                if let Some(target) = self.ctx.nodes.id(after) {
                    self.wait(target);
                }
            }
        }
    }

    /// The node being visited reads argument `a`, through `depth` importers.
    fn argument(&mut self, a: &Argument, depth: usize) {
        if let Argument::TaskOutput(r) | Argument::Collected(r) = a {
            self.output(r, depth);
        }
    }

    /// The node being visited reads an output: it waits for the task making it or, for an
    /// importer's output, for what the importer's URI reads.
    fn output(&mut self, r: &TaskOutputRef, depth: usize) {
        let Some(target) = self.ctx.nodes.id(&r.task) else {
            return;
        };
        let Some(info) = self.ctx.nodes.info(target) else {
            return;
        };
        if !info.importer {
            self.wait(target);
            return;
        }
        // An importer's URI reading another importer's output, and so on, ends here at the
        // latest: a longer path has a cycle, which recording the uses reports.
        let uri = info.task.and_then(|t| t.arguments.get(IMPORTER_URI));
        if let Some(uri) = uri.filter(|_| depth < self.ctx.nodes.len()) {
            self.argument(uri, depth + 1);
        }
    }

    /// The node being visited waits for node `target`: record it in the nearest DAG holding
    /// both, if that DAG is being planned.
    fn wait(&mut self, target: NodeId) {
        let nodes = &self.ctx.nodes;
        let Some(mut b) = nodes.place(target) else {
            return;
        };
        let mut b_id = b.seat;
        // Climb from the target to the nearest DAG of the path: the DAGs holding the waiting
        // node are known.
        let level = loop {
            match self.path.get(b.depth as usize) {
                Some(level) if level.start == b.dag => break *level,
                _ => {
                    b_id = b.parent;
                    b = up(nodes.place(b_id));
                    if b.depth == u32::MAX {
                        return;
                    }
                }
            }
        };
        self.record(level.slot, level.visiting, b_id, target, b.dag);
    }

    /// In the DAG starting at `dag`, planned at `slot`, node `a_id` waits for node `b_id`, which
    /// stands for `target` there.
    fn record(&mut self, slot: u32, a_id: NodeId, b_id: NodeId, target: NodeId, dag: NodeId) {
        // An importer of the same DAG draws no DAG task to wait for.
        let importer = || b_id == target && self.ctx.nodes.is_importer(target);
        if slot == u32::MAX || a_id == b_id || importer() {
            return;
        }
        self.planned[slot as usize]
            .rows
            .push(a_id - dag, b_id - dag);
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
    fn names_a_part_could_take_end_in_part_or_part_and_a_number() {
        for name in ["a-part", "a-part-2", "-part", "b-c-part-10", "x-part-part"] {
            assert!(may_name_a_part(name), "{name}");
        }
        for name in [
            "", "part", "12", "a-part-", "a-part12", "step-1", "a-parts", "a-part-x",
        ] {
            assert!(!may_name_a_part(name), "{name}");
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

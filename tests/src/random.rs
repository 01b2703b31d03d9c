//! Random pipelines built through the DSL: conditions with else branches, loops with fan-in and
//! exit handlers, nested arbitrarily, each task wired to outputs it can see. They are valid by
//! construction, so they test the validator for false positives and the backends for panics
//! and rejected output.

use pipec_dsl::build_pipeline;
use pipec_dsl::ir::Pipeline;
use pipec_dsl::prelude::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// Make a data set and a count from `n`.
#[component(image = "alpine:3.20")]
pub fn make(n: Param<i64>, data: Output<Dataset>, count: OutputParam<i64>) -> Container {
    Container::new(["make"]).args([n.arg(), data.path(), count.path()])
}

/// Read a data set and `n`; write a count.
#[component(image = "alpine:3.20")]
pub fn consume(data: Input<Dataset>, n: Param<i64>, count: OutputParam<i64>) -> Container {
    Container::new(["consume"]).args([data.path(), n.arg(), count.path()])
}

/// Add up collected counts.
#[component(image = "alpine:3.20")]
pub fn sum(values: Param<Vec<i64>>, total: OutputParam<i64>) -> Container {
    Container::new(["sum"]).args([values.arg(), total.path()])
}

/// One statement of a random pipeline body.
#[derive(Debug, Clone)]
pub enum Stmt {
    /// `make(n)`, with `n` one of the visible integers (by index, modulo their number).
    Make(usize),
    /// `consume(data, n)` with a visible data set and integer, or `make` when there is no data yet.
    Consume(usize, usize),
    /// `when(n > 1, then).otherwise(else)`.
    When(usize, Vec<Stmt>, Option<Vec<Stmt>>),
    /// `for_each([1, 2, 3], body).parallelism(2)`, then `sum(collect(..))` of its last count.
    Loop(Vec<Stmt>),
    /// `exit_handler(|| make(1), body)`.
    Exit(Vec<Stmt>),
}

/// The strategy for random pipeline bodies.
pub fn program() -> impl Strategy<Value = Vec<Stmt>> {
    let leaf = prop_oneof![
        any::<usize>().prop_map(Stmt::Make),
        (any::<usize>(), any::<usize>()).prop_map(|(d, n)| Stmt::Consume(d, n)),
    ];
    let stmt = leaf.prop_recursive(3, 24, 4, |inner| {
        let body = prop::collection::vec(inner, 1..4);
        prop_oneof![
            (any::<usize>(), body.clone(), prop::option::of(body.clone()))
                .prop_map(|(n, t, e)| Stmt::When(n, t, e)),
            body.clone().prop_map(Stmt::Loop),
            body.prop_map(Stmt::Exit),
        ]
    });
    prop::collection::vec(stmt, 1..6)
}

/// The handles a statement can use: those made in its scope or an enclosing one.
#[derive(Clone, Default)]
struct Visible {
    ints: Vec<Param<i64>>,
    data: Vec<ArtifactRef<Dataset>>,
}

impl Visible {
    fn int(&self, i: usize) -> Param<i64> {
        if self.ints.is_empty() {
            2.into_param()
        } else {
            self.ints[i % self.ints.len()]
        }
    }
}

/// Run the statements; return the count made last directly in this scope.
fn run(body: &[Stmt], visible: &mut Visible) -> Option<Param<i64>> {
    let mut last = None;
    for stmt in body {
        match stmt {
            Stmt::Make(n) => {
                let t = make(visible.int(*n));
                visible.ints.push(t.outputs.count);
                visible.data.push(t.outputs.data);
                last = Some(t.outputs.count);
            }
            Stmt::Consume(d, n) if !visible.data.is_empty() => {
                let data = visible.data[d % visible.data.len()];
                let t = consume(data, visible.int(*n));
                visible.ints.push(t.outputs.count);
                last = Some(t.outputs.count);
            }
            Stmt::Consume(_, n) => {
                let t = make(visible.int(*n));
                visible.data.push(t.outputs.data);
                last = Some(t.outputs.count);
            }
            Stmt::When(n, then, otherwise) => {
                let chain = when(visible.int(*n).gt(1), || {
                    run(then, &mut visible.clone());
                });
                if let Some(otherwise) = otherwise {
                    chain.otherwise(|| {
                        run(otherwise, &mut visible.clone());
                    });
                }
            }
            Stmt::Loop(inner) => {
                let looped = for_each([1i64, 2, 3], |item| {
                    let mut scope = visible.clone();
                    scope.ints.push(item);
                    run(inner, &mut scope)
                })
                .parallelism(2);
                if let Some(count) = looped.output {
                    let t = sum(collect(count));
                    visible.ints.push(t.outputs.total);
                    last = Some(t.outputs.total);
                }
            }
            Stmt::Exit(inner) => {
                exit_handler(
                    || make(1),
                    || {
                        run(inner, &mut visible.clone());
                    },
                );
            }
        }
    }
    last
}

/// Build the pipeline a program describes.
///
/// # Panics
/// When the DSL reports a build error: the programs are valid by construction.
pub fn build(program: &[Stmt]) -> Pipeline {
    build_pipeline(Pipeline::new("random"), || {
        run(program, &mut Visible::default());
    })
    .expect("a random pipeline builds")
}

/// `count` random pipelines from a fixed seed: the same ones on every run.
pub fn sample(count: usize) -> Vec<Pipeline> {
    let mut runner = TestRunner::deterministic();
    let strategy = program();
    (0..count)
        .map(|_| build(&strategy.new_tree(&mut runner).expect("a program").current()))
        .collect()
}

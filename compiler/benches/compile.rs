//! `cargo bench -p pipec-compiler --bench compile`: build, validate, lower and write generated
//! pipelines of four shapes, reported as tasks/s (and output bytes/s for the YAML steps).
//!
//! Sizes are 100, 1,000 and 10,000 tasks; `PIPEC_BENCH_100K=1` adds 100,000. The `emit_*`
//! benchmarks write an already lowered model with pipec's writer, the floor the full compile is
//! measured against; `saphyr_*` write the same model with serde-saphyr, a general-purpose emitter.

mod shapes;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use pipec_compiler::{Options, Target, argo, kfp, yaml};
use pipec_dsl::{Validated, ir::Pipeline, validate};
use shapes::Shape;

/// The allocator of the `pipec` binary, so a compile is timed as `pipec compile` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The sizes to measure: 100,000 only on request, because one run of it takes about a second.
fn sizes() -> Vec<usize> {
    let mut sizes = vec![100, 1_000, 10_000];
    if std::env::var_os("PIPEC_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    sizes
}

fn validated(shape: Shape, n: usize) -> Validated<Pipeline> {
    validate(shape.build(n)).expect("generated pipelines are valid")
}

/// Every shape gets its own group so reports read `chain/compile_argo/1000`.
macro_rules! shape_benches {
    ($module:ident, $shape:expr) => {
        mod $module {
            use super::*;

            const SHAPE: Shape = $shape;

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn build_ir(bencher: Bencher, n: usize) {
                bencher
                    .counter(ItemsCount::new(n))
                    .bench(|| SHAPE.build(black_box(n)));
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn validate(bencher: Bencher, n: usize) {
                bencher
                    .counter(ItemsCount::new(n))
                    .with_inputs(|| SHAPE.build(n))
                    // The checked pipeline is returned, so divan frees it outside the timing.
                    .bench_values(pipec_dsl::validate);
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn compile_argo(bencher: Bencher, n: usize) {
                compile(bencher, SHAPE, n, Target::Argo);
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn compile_kfp(bencher: Bencher, n: usize) {
                compile(bencher, SHAPE, n, Target::Kfp);
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn emit_argo(bencher: Bencher, n: usize) {
                let p = validated(SHAPE, n);
                let doc = argo::lower(&p, &Default::default()).unwrap();
                emit(bencher, &doc, p.task_count());
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn emit_kfp(bencher: Bencher, n: usize) {
                let p = validated(SHAPE, n);
                let model = kfp::lower(&p, &Default::default()).unwrap();
                emit(bencher, &model.spec, p.task_count());
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn saphyr_argo(bencher: Bencher, n: usize) {
                let doc = argo::lower(&validated(SHAPE, n), &Default::default()).unwrap();
                emit_saphyr(bencher, &doc);
            }

            #[divan::bench(args = sizes(), sample_count = 10)]
            fn saphyr_kfp(bencher: Bencher, n: usize) {
                let model = kfp::lower(&validated(SHAPE, n), &Default::default()).unwrap();
                emit_saphyr(bencher, &model.spec);
            }
        }
    };
}

shape_benches!(chain, Shape::Chain);
shape_benches!(fanout, Shape::FanOut);
shape_benches!(conditions, Shape::Conditions);
shape_benches!(loop_fan_in, Shape::LoopFanIn);

/// Lower and write a validated pipeline, counted in tasks and output bytes.
fn compile(bencher: Bencher, shape: Shape, n: usize, target: Target) {
    let p = validated(shape, n);
    let options = Options::default();
    let bytes = pipec_compiler::compile(&p, target, &options).unwrap().len();
    bencher
        .counter(ItemsCount::new(n))
        .counter(BytesCount::new(bytes))
        .bench(|| pipec_compiler::compile(&p, target, &options).unwrap());
}

/// Write an already lowered model of `tasks` tasks: the cost of YAML emission alone. The buffer
/// is sized as the compile's is, so that the two differ by lowering alone.
fn emit<T: serde::Serialize + Sync>(bencher: Bencher, model: &T, tasks: usize) {
    let write = || yaml::to_yaml_for_tasks(std::slice::from_ref(model), tasks).unwrap();
    bencher.counter(BytesCount::new(write().len())).bench(write);
}

/// Write the same lowered model with serde-saphyr, a general-purpose YAML emitter, into the same
/// bytes (`tests/yaml_writer.rs` checks they are equal): what emitting this output costs without
/// pipec's own writer.
fn emit_saphyr<T: serde::Serialize + Sync>(bencher: Bencher, model: &T) {
    let write = || {
        let mut options = serde_saphyr::SerializerOptions::default();
        options.folded_wrap_chars = usize::MAX;
        let mut out = String::new();
        serde_saphyr::to_fmt_writer_with_options(&mut out, model, options).unwrap();
        out
    };
    bencher.counter(BytesCount::new(write().len())).bench(write);
}

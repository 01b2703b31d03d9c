//! Write a generated pipeline as IR JSON, or time compiling it in this process.
//!
//! ```text
//! cargo run --release -p pipec-compiler --example shape -- chain 1000 > chain-1000.json
//! cargo run --release -p pipec-compiler --example shape -- chain 1000 --compile kfp out.yaml
//! ```
//!
//! With `--compile TARGET FILE` it validates, compiles and writes the YAML to FILE, and prints
//! `compile_seconds=… bytes=…`: the compile call that `benches/compare.py` sets beside the KFP
//! SDK's `Compiler().compile(…)`. `--phases TARGET FILE` does the same step by step and prints
//! the milliseconds of each step.

#[path = "../benches/shapes.rs"]
mod shapes;

use std::process::ExitCode;
use std::time::Instant;

use pipec_compiler::{Options, Target, argo, kfp, yaml};
use pipec_dsl::{Validated, ir::Pipeline};
use shapes::Shape;

/// The allocator of the `pipec` binary, so the compile call is timed as `pipec compile` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: shape chain|fanout|conditions|loop N [--compile argo|kfp FILE | --phases argo|kfp FILE]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let [shape, n, rest @ ..] = args else {
        return Err(USAGE.into());
    };
    let shape = Shape::parse(shape).ok_or(USAGE)?;
    let n: usize = n.parse().map_err(|_| USAGE)?;
    match rest {
        [] => {
            let json = serde_json::to_string(&shape.build(n)).map_err(|e| e.to_string())?;
            println!("{json}");
            Ok(())
        }
        [flag, name, file] if flag == "--compile" => compile(shape.build(n), target(name)?, file),
        [flag, name, file] if flag == "--phases" => phases(shape.build(n), target(name)?, file),
        _ => Err(USAGE.into()),
    }
}

fn target(name: &str) -> Result<Target, String> {
    match name {
        "argo" => Ok(Target::Argo),
        "kfp" => Ok(Target::Kfp),
        _ => Err(USAGE.into()),
    }
}

/// Validate, compile and write, timed together as the KFP SDK's compile call is.
fn compile(p: pipec_dsl::ir::Pipeline, target: Target, file: &str) -> Result<(), String> {
    let start = Instant::now();
    let checked = pipec_dsl::validate(p).map_err(|e| e.to_string())?;
    let yaml = pipec_compiler::compile(&checked, target, &Options::default())
        .map_err(|e| e.to_string())?;
    std::fs::write(file, &yaml).map_err(|e| format!("{file}: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    println!("compile_seconds={seconds:.6} bytes={}", yaml.len());
    Ok(())
}

/// The compile call step by step: validate, lower, write YAML, write the file, free everything.
/// Prints each step's milliseconds, to see where the time of one cold call goes.
fn phases(p: pipec_dsl::ir::Pipeline, target: Target, file: &str) -> Result<(), String> {
    let options = Options::default();
    let mut steps: Vec<(&str, f64)> = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name, steps: &mut Vec<(&str, f64)>| {
        steps.push((name, clock.elapsed().as_secs_f64() * 1e3));
        clock = Instant::now();
    };
    let checked = pipec_dsl::validate(p).map_err(|e| e.to_string())?;
    lap("validate", &mut steps);
    let yaml = match target {
        Target::Kfp => {
            let model = step_lower_kfp(&checked, &options.kfp)?;
            lap("lower", &mut steps);
            let yaml = step_write(&model.spec, checked.task_count())?;
            lap("yaml", &mut steps);
            step_free(model);
            yaml
        }
        _ => {
            let model = step_lower_argo(&checked, &options.argo)?;
            lap("lower", &mut steps);
            let yaml = step_write(&model, checked.task_count())?;
            lap("yaml", &mut steps);
            step_free(model);
            yaml
        }
    };
    lap("free model", &mut steps);
    std::fs::write(file, &yaml).map_err(|e| format!("{file}: {e}"))?;
    lap("write file", &mut steps);
    drop(checked);
    lap("free IR", &mut steps);
    let line: Vec<String> = steps
        .iter()
        .map(|(n, ms)| format!("{n}={ms:.3}ms"))
        .collect();
    println!("{} bytes={}", line.join(" "), yaml.len());
    Ok(())
}

// The steps of `phases`, each a function of its own that is never inlined, so that
// `benches/instructions.py` finds each step by name in a callgrind profile.

#[inline(never)]
fn step_lower_kfp(
    checked: &Validated<Pipeline>,
    options: &kfp::KfpOptions,
) -> Result<kfp::model::KfpPipeline, String> {
    kfp::lower(checked, options).map_err(|e| e.to_string())
}

#[inline(never)]
fn step_lower_argo(
    checked: &Validated<Pipeline>,
    options: &argo::ArgoOptions,
) -> Result<argo::model::Document, String> {
    argo::lower(checked, options).map_err(|e| e.to_string())
}

/// Writes into a buffer sized for the pipeline's `tasks` tasks, as the compile call does.
#[inline(never)]
fn step_write<T: serde::Serialize + Sync>(model: &T, tasks: usize) -> Result<String, String> {
    yaml::to_yaml_for_tasks(&[model], tasks).map_err(|e| e.to_string())
}

#[inline(never)]
fn step_free<T>(model: T) {
    drop(model);
}

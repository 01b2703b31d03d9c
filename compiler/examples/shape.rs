//! Write a generated pipeline as IR JSON, or time compiling it in this process.
//!
//! ```text
//! cargo run --release -p pipec-compiler --example shape -- chain 1000 > chain-1000.json
//! cargo run --release -p pipec-compiler --example shape -- chain 1000 --compile kfp out.yaml
//! ```
//!
//! With `--compile TARGET FILE` it validates, compiles and writes the YAML to FILE, and prints
//! `compile_seconds=… bytes=…`: the compile call that `benches/compare.py` sets beside the KFP
//! SDK's `Compiler().compile(…)`.

#[path = "../benches/shapes.rs"]
mod shapes;

use std::process::ExitCode;
use std::time::Instant;

use pipec_compiler::{Options, Target};
use shapes::Shape;

/// The allocator of the `pipec` binary, so the compile call is timed as `pipec compile` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: shape chain|fanout|conditions|loop N [--compile argo|kfp FILE]";

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
        [flag, target, file] if flag == "--compile" => {
            let target = match target.as_str() {
                "argo" => Target::Argo,
                "kfp" => Target::Kfp,
                _ => return Err(USAGE.into()),
            };
            compile(shape.build(n), target, file)
        }
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

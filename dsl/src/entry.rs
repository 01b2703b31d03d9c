//! `pipec_dsl::main`: the one line a pipeline package's `main` needs.

use crate::build::BuildError;
use crate::ir::Pipeline;

/// A function that builds a pipeline: what `#[pipeline] fn name(..)` generates as `name`.
pub type PipelineFn = fn() -> Result<Pipeline, BuildError>;

/// The argument with which `pipec` asks a package's binary for its pipelines' IR.
pub const IR_FLAG: &str = "--pipec-ir";

/// Hand the package's pipelines to pipec.
///
/// Run with `--pipec-ir` (as `pipec compile <package dir>` does), it prints the pipelines' IR as
/// a JSON array. Run without arguments, it lists them and says how to compile them. A pipeline
/// that fails to build is reported on stderr and the process exits with status 1.
///
/// ```ignore
/// fn main() { pipec_dsl::main([praxi]) }
/// ```
pub fn main<const N: usize>(pipelines: [PipelineFn; N]) {
    let mut built = Vec::new();
    let mut failed = false;
    for build in pipelines {
        match build() {
            Ok(p) => built.push(p),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
    if std::env::args().nth(1).as_deref() == Some(IR_FLAG) {
        let json = serde_json::to_string(&built).expect("the IR always serialises");
        println!("{json}");
    } else {
        for p in &built {
            println!("{}\t{}", p.name, p.description.as_deref().unwrap_or(""));
        }
        eprintln!("compile with: pipec compile <this package's directory> --target argo|kfp");
    }
}

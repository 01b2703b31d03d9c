//! `pipec`: compile container pipelines to Argo Workflows, Kubeflow Pipelines and Katib.

/// mimalloc rather than the system allocator: see `mimalloc` in `compiler/Cargo.toml`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pipec_compiler::cli::main()
}

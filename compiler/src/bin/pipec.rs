//! `pipec`: compile container pipelines to Argo Workflows, Kubeflow Pipelines and Katib.

fn main() -> std::process::ExitCode {
    pipec_compiler::cli::main()
}

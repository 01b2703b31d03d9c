//! `pipec compile`: validate one pipeline and write it as YAML for a target.

use pipec_dsl::{Validated, ir::Pipeline};

use crate::{CompileError, Options, Target, argo};

use super::args::CompileArgs;
use super::{diagnostic, failure::Failure, output, select, size, source, validate};

/// Run `pipec compile`.
pub(super) fn run(args: &CompileArgs) -> Result<(), Failure> {
    // Flag mistakes are reported before any slow work such as building a package.
    let options = options(args)?;
    let loaded = source::load(&args.source.source)?;
    let origin = loaded.origin.clone();
    let pipeline = select::one(loaded, args.pipeline.pipeline.as_deref())?;
    let checked = validate::checked(&origin, pipeline)?;
    let (yaml, templates) = compiled(&checked, args.target, &options)
        .map_err(|e| Failure::inputs(diagnostic::compile(&origin, &checked.name, &e)))?;
    let warnings = || {
        let mut lines = size::warnings(&checked, args.target.name(), yaml.len());
        lines.extend(templates.and_then(|n| size::template_cap(n, options.argo.version)));
        lines
    };
    let (warnings, written) = if yaml.len() > size::WARN_BYTES {
        warn_while_writing(warnings, || output::emit(&yaml, args.output.as_deref()))
    } else {
        (warnings(), output::emit(&yaml, args.output.as_deref()))
    };
    for line in warnings {
        eprintln!("{origin}: {line}");
    }
    // The process ends here: freeing every task of a large pipeline one by one would cost as
    // much as writing the file (16 ms at 100,000 tasks), for memory the exit returns anyway.
    std::mem::forget(checked);
    written
}

/// Work out the size warning on a second thread while `emit` writes the output: sizing up a
/// large output reads every task again (20 ms at 100,000 tasks), and writing it takes longer.
/// The warning only borrows, so it is `Copy`: if no thread can be started, it runs here instead.
fn warn_while_writing<W>(
    warnings: W,
    emit: impl FnOnce() -> Result<(), Failure>,
) -> (Vec<String>, Result<(), Failure>)
where
    W: Fn() -> Vec<String> + Copy + Send,
{
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new().spawn_scoped(s, warnings);
        let written = emit();
        let warnings = match spawned {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => warnings(),
        };
        (warnings, written)
    })
}

/// The YAML, and for Argo the number of templates (which Argo 4 caps).
fn compiled(
    checked: &Validated<Pipeline>,
    target: Target,
    options: &Options,
) -> Result<(String, Option<usize>), CompileError> {
    if target != Target::Argo {
        return Ok((crate::compile(checked, target, options)?, None));
    }
    let document = argo::lower(checked, &options.argo)?;
    let templates = document.workflow_spec().templates.len();
    let yaml = argo::write(&document, checked.task_count())?;
    // Not freed, as the pipeline is not (see `run`): 9 ms at 100,000 tasks.
    std::mem::forget(document);
    Ok((yaml, Some(templates)))
}

/// The backend options the flags ask for.
fn options(args: &CompileArgs) -> Result<Options, Failure> {
    let mut options = Options::default();
    if args.target == Target::Kfp {
        // The KFP output has no Argo resource; silently ignoring these would hide a mistake.
        for (flag, given) in [
            ("--kind", args.kind.is_some()),
            ("--argo-version", args.argo_version.is_some()),
        ] {
            if given {
                return Err(Failure::usage(format!(
                    "{flag} applies to --target argo and katib, not kfp"
                )));
            }
        }
    }
    options.argo.kind = args.kind;
    if let Some(version) = args.argo_version {
        options.argo.version = version;
    }
    Ok(options)
}

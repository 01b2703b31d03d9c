//! The handle types allowed in signatures: `Param<T>`, `Input<A>`, `Output<A>`, `OutputParam<T>`.

use syn::{GenericArgument, PathArguments, Type};

/// Which handle a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandleKind {
    Param,
    Input,
    Output,
    OutputParam,
}

impl HandleKind {
    pub(crate) fn is_output(self) -> bool {
        matches!(self, HandleKind::Output | HandleKind::OutputParam)
    }
}

/// A parameter's handle kind and its type argument (`String` in `Param<String>`).
pub(crate) struct HandleType {
    pub(crate) kind: HandleKind,
    pub(crate) inner: Type,
}

/// Classify `ty`, or explain what is allowed.
pub(crate) fn classify(ty: &Type, allowed: &[HandleKind]) -> syn::Result<HandleType> {
    let names = allowed
        .iter()
        .map(|k| format!("`{}`", spelling(*k)))
        .collect::<Vec<_>>();
    let expected = format!("expected {}", names.join(", "));
    let Type::Path(path) = ty else {
        return Err(syn::Error::new_spanned(
            ty,
            format!("unsupported parameter type; {expected}"),
        ));
    };
    let last = path.path.segments.last().expect("a path has a segment");
    let kind = match last.ident.to_string().as_str() {
        "Param" => HandleKind::Param,
        "Input" => HandleKind::Input,
        "Output" => HandleKind::Output,
        "OutputParam" => HandleKind::OutputParam,
        _ => {
            return Err(syn::Error::new_spanned(
                ty,
                format!("unsupported parameter type; {expected}"),
            ));
        }
    };
    if !allowed.contains(&kind) {
        return Err(syn::Error::new_spanned(
            ty,
            format!("`{}` is not allowed here; {expected}", spelling(kind)),
        ));
    }
    let inner = single_type_argument(&last.arguments).ok_or_else(|| {
        syn::Error::new_spanned(
            ty,
            format!(
                "`{}` takes one type, e.g. `{}`",
                spelling(kind),
                example(kind)
            ),
        )
    })?;
    Ok(HandleType { kind, inner })
}

fn single_type_argument(args: &PathArguments) -> Option<Type> {
    let PathArguments::AngleBracketed(args) = args else {
        return None;
    };
    if args.args.len() != 1 {
        return None;
    }
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    }
}

fn spelling(kind: HandleKind) -> &'static str {
    match kind {
        HandleKind::Param => "Param<T>",
        HandleKind::Input => "Input<A>",
        HandleKind::Output => "Output<A>",
        HandleKind::OutputParam => "OutputParam<T>",
    }
}

fn example(kind: HandleKind) -> &'static str {
    match kind {
        HandleKind::Param => "Param<i64>",
        HandleKind::Input => "Input<Dataset>",
        HandleKind::Output => "Output<Model>",
        HandleKind::OutputParam => "OutputParam<f64>",
    }
}
